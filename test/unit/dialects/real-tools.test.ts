// What Portwise writes loads into the real tools: `nft -c -f` and `iptables-restore --test`, inside
// a fresh network namespace so nothing on the host changes; then loaded for real in that namespace
// and listed back, the tools' own listing parses to the same rules. Skipped, with a notice, where
// the tools or root are missing. Runs in Node under Vitest.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParseResult, PrintResult } from '../../../src-main/dialects/diagnostic'
import { parseIptables } from '../../../src-main/dialects/iptables-parser'
import { printIptables } from '../../../src-main/dialects/iptables-printer'
import { parseNft } from '../../../src-main/dialects/nft-parser'
import { printNft } from '../../../src-main/dialects/nft-printer'
import { splitSets } from '../../../src-main/dialects/rule-shape'
import type { RuleSet } from '../../../src-main/dialects/ruleset'
import { linuxRuleSet } from './arbitraries'

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const root = typeof process.getuid === 'function' && process.getuid() === 0
const canNetns = root && has('ip', ['netns', 'list'])
const hasNft = canNetns && has('nft', ['--version'])
const hasIpt = canNetns && has('iptables-restore', ['--version'])
if (!hasNft) console.warn('NOTICE: nft checks skipped (need root, ip netns and nft)')
if (!hasIpt)
  console.warn(
    'NOTICE: iptables-restore checks skipped (need root, ip netns and iptables-restore; apt-get install iptables)',
  )

const NS = `portwise-test-${process.pid}`
let dir = ''
const inNs = (cmd: string, args: string[], input?: string) =>
  execFileSync('ip', ['netns', 'exec', NS, cmd, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  })

beforeAll(() => {
  if (!hasNft && !hasIpt) return
  dir = mkdtempSync(join(tmpdir(), 'portwise-dialects-'))
  execFileSync('ip', ['netns', 'add', NS])
})
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  if (hasNft || hasIpt) execFileSync('ip', ['netns', 'delete', NS])
})

const text = (r: PrintResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.text
}
const model = (r: ParseResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.ruleSet
}

/** nft lists set members sorted; compare sets as sets. */
const sorted = (m: RuleSet): RuleSet => ({
  ...m,
  chains: m.chains.map((c) => ({
    ...c,
    rules: c.rules.map((r) => {
      const out = { ...r }
      for (const f of ['src', 'dst'] as const)
        if (out[f]) out[f] = [...out[f]!].sort((a, b) => a.addr - b.addr)
      for (const f of ['sport', 'dport'] as const)
        if (out[f]) out[f] = [...out[f]!].sort((a, b) => a.lo - b.lo)
      if (out.icmpType) out.icmpType = [...out.icmpType].sort((a, b) => a - b)
      return out
    }),
  })),
})

/** Set members nft will not merge when it lists them: far apart, never adjacent. */
const spaced = (m: RuleSet): RuleSet => ({
  ...m,
  chains: m.chains.map((c) => ({
    ...c,
    rules: c.rules.map((r) => {
      const out = { ...r }
      for (const f of ['sport', 'dport'] as const)
        if (out[f])
          out[f] = out[f]!.map((p, i) => ({
            lo: i * 1000 + (p.lo % 400),
            hi: i * 1000 + (p.lo % 400) + ((p.hi - p.lo) % 400),
          }))
      for (const f of ['src', 'dst'] as const)
        if (out[f])
          out[f] = out[f]!.map((a, i) => ({
            addr: ((10 << 24) | ((i * 2) << 16)) >>> 0,
            len: 16 + (a.len % 2) * 8,
          }))
      return out
    }),
  })),
})

const samples = (icmpMax: number) =>
  fc.sample(linuxRuleSet({ icmpMax, portMax: 4 }), { numRuns: 40, seed: 42 }).map(spaced)

describe.skipIf(!hasNft)('nft loads what Portwise writes', () => {
  it('nft -c -f accepts every printed ruleset', () => {
    for (const m of samples(3)) {
      const file = join(dir, 'rules.nft')
      writeFileSync(file, 'flush ruleset\n' + text(printNft(m)))
      expect(() => inNs('nft', ['-c', '-f', file]), text(printNft(m))).not.toThrow()
    }
  })

  it('loaded for real in the namespace, nft list ruleset parses to the same rules', () => {
    for (const m of samples(3)) {
      const file = join(dir, 'rules.nft')
      writeFileSync(file, 'flush ruleset\n' + text(printNft(m)))
      inNs('nft', ['-f', file])
      const listed = inNs('nft', ['list', 'ruleset'])
      expect(sorted(model(parseNft(listed))), listed).toEqual(
        sorted(model(parseNft(text(printNft(m))))),
      )
    }
    inNs('nft', ['flush', 'ruleset'])
  })
})

describe.skipIf(!hasIpt)('iptables-restore loads what Portwise writes', () => {
  it('iptables-restore --test accepts every printed ruleset', () => {
    for (const m of samples(3)) {
      const t = text(printIptables(m))
      expect(() => inNs('iptables-restore', ['--test'], t), t).not.toThrow()
    }
  })

  it('loaded for real in the namespace, iptables-save parses to the same rules', () => {
    for (const m of samples(1)) {
      inNs('iptables-restore', [], text(printIptables(m)))
      const saved = inNs('iptables-save', ['-t', 'filter'])
      // iptables-restore itself adds one rule per address of -s a,b: expect those pieces
      const expected = {
        ...m,
        chains: m.chains.map((c) => ({
          ...c,
          rules: c.rules.flatMap((r) => splitSets(r, ['src', 'dst'])),
        })),
      }
      expect(model(parseIptables(saved)), saved).toEqual(expected)
    }
    inNs('nft', ['flush', 'ruleset'])
  })
})
