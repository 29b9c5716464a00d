// fast-check generators of rule models in the shapes each dialect writes and reads back exactly.
// Test helper; runs in Node under Vitest.
import fc from 'fast-check'
import { type Cidr, prefixMask } from '../../../src-main/engine/ip'
import { type CtState, type PortRange, type Rule, CT_STATES } from '../../../src-main/engine/rule'
import { sgResponsesRule } from '../../../src-main/dialects/aws-parser'
import {
  type Chain,
  type Hook,
  type RuleSet,
  HOOKS,
  normalizeRuleSet,
} from '../../../src-main/dialects/ruleset'

export const cidr = (minLen = 0): fc.Arbitrary<Cidr> =>
  fc
    .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: minLen, max: 32 }))
    .map(([a, len]) => ({ addr: (a & prefixMask(len)) >>> 0, len }))

const overlaps = (a: Cidr, b: Cidr) => {
  const len = Math.min(a.len, b.len)
  return ((a.addr ^ b.addr) & prefixMask(len)) >>> 0 === 0
}

/** Members nft accepts in one anonymous set: none overlapping another. */
export const cidrSet = (max: number, minLen = 0) =>
  fc
    .array(cidr(minLen), { minLength: 1, maxLength: max })
    .map((cs) => cs.filter((c, i) => !cs.slice(0, i).some((d) => overlaps(c, d))))

export const portRange: fc.Arbitrary<PortRange> = fc.oneof(
  fc.integer({ min: 0, max: 65535 }).map((p) => ({ lo: p, hi: p })),
  fc
    .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
    .map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) })),
)

export const portSet = (max: number) =>
  fc
    .array(portRange, { minLength: 1, maxLength: max })
    .map((rs) => rs.filter((r, i) => !rs.slice(0, i).some((s) => r.lo <= s.hi && s.lo <= r.hi)))

const ctStates: fc.Arbitrary<CtState[]> = fc
  .subarray([...CT_STATES], { minLength: 1 })
  .map((s) => CT_STATES.filter((c) => s.includes(c)))

const ifname = fc.constantFrom('eth0', 'outside', 'inside', 'wan0', 'br-lan')
const comment = fc.stringMatching(/^[A-Za-z0-9 _.:-]{1,24}$/)
// 255 is iptables' "any"; nft takes it, but one generator serves both
const icmpTypes = (max: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: 254 }), { minLength: 1, maxLength: max })

/** A Linux rule: every field the engine has, sets as nft and iptables take them. */
export const linuxRule = (opts: { icmpMax: number; portMax: number }): fc.Arbitrary<Rule> =>
  fc
    .record(
      {
        action: fc.constantFrom('accept', 'drop', 'reject') as fc.Arbitrary<Rule['action']>,
        in: ifname,
        out: ifname,
        proto: fc.constantFrom('tcp', 'udp', 'icmp') as fc.Arbitrary<'tcp' | 'udp' | 'icmp'>,
        src: cidrSet(3),
        dst: cidrSet(3),
        sport: portSet(opts.portMax),
        dport: portSet(opts.portMax),
        flags: fc
          .tuple(fc.integer({ min: 1, max: 0x3f }), fc.integer({ min: 0, max: 0x3f }))
          .map(([mask, s]) => ({ mask, set: s & mask })),
        icmpType: icmpTypes(opts.icmpMax),
        ct: ctStates,
        comment,
      },
      { requiredKeys: ['action'] },
    )
    .map((r) => {
      const rule = { ...r } as Rule
      if (rule.proto !== 'tcp' && rule.proto !== 'udp') {
        delete rule.sport
        delete rule.dport
      }
      if (rule.proto !== 'tcp') delete rule.flags
      if (rule.proto !== 'icmp') delete rule.icmpType
      return rule
    })

export const linuxRuleSet = (opts = { icmpMax: 3, portMax: 4 }): fc.Arbitrary<RuleSet> =>
  fc
    .subarray([...HOOKS], { minLength: 0 })
    .chain((hooks) =>
      fc.tuple(
        ...hooks.map((hook) =>
          fc.record({
            hook: fc.constant(hook),
            policy: fc.constantFrom('accept', 'drop') as fc.Arbitrary<'accept' | 'drop'>,
            // iptables refuses -i in OUTPUT and -o in INPUT (rule-shape.ts hookIncoherence)
            rules: fc.array(linuxRule(opts), { maxLength: 6 }).map((rs) =>
              rs.map((r) => {
                const out = { ...r }
                if (hook === 'output') delete out.in
                if (hook === 'input') delete out.out
                return out
              }),
            ),
          }),
        ),
      ),
    )
    .map((chains) => normalizeRuleSet({ chains: chains as Chain[], stateful: false }))

/** Network ACL entries as describe-network-acls lists them: one block, one range, one type. */
const naclRule = (peer: 'src' | 'dst'): fc.Arbitrary<Rule> =>
  fc
    .record(
      {
        action: fc.constantFrom('accept', 'drop') as fc.Arbitrary<Rule['action']>,
        proto: fc.constantFrom('tcp', 'udp', 'icmp') as fc.Arbitrary<'tcp' | 'udp' | 'icmp'>,
        peer: cidr(1),
        dport: portRange.filter((r) => !(r.lo === 0 && r.hi === 65535)),
        icmpType: fc.integer({ min: 0, max: 255 }),
      },
      { requiredKeys: ['action'] },
    )
    .map(({ action, proto, peer: p, dport, icmpType }) => {
      const r: Rule = { action }
      if (proto) r.proto = proto
      if (p) r[peer] = [p]
      if (dport && (proto === 'tcp' || proto === 'udp')) r.dport = [dport]
      if (icmpType !== undefined && proto === 'icmp') r.icmpType = [icmpType]
      return r
    })

const naclChain = (hook: Hook): fc.Arbitrary<Chain> =>
  fc.array(naclRule(hook === 'input' ? 'src' : 'dst'), { maxLength: 6 }).chain((rules) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: 32766 }), {
        minLength: rules.length,
        maxLength: rules.length,
      })
      .map((ns) => ({
        hook,
        policy: 'drop' as const,
        rules,
        numbers: [...ns].sort((a, b) => a - b),
      })),
  )

export const networkAcl: fc.Arbitrary<RuleSet> = fc
  .tuple(
    naclChain('input'),
    naclChain('output'),
    fc.option(fc.stringMatching(/^acl-[0-9a-f]{8}$/), { nil: undefined }),
  )
  .map(([i, o, id]) => ({
    chains: [i, o],
    stateful: false,
    aws: id ? { kind: 'network-acl', id } : { kind: 'network-acl' },
  }))

const sgComment = fc.stringMatching(/^[a-zA-Z0-9. _:/()#,@+=&;!$*-]{0,30}$/)

const sgRule = (peer: 'src' | 'dst'): fc.Arbitrary<Rule> =>
  fc
    .record(
      {
        proto: fc.constantFrom('tcp', 'udp', 'icmp') as fc.Arbitrary<'tcp' | 'udp' | 'icmp'>,
        peers: cidrSet(3, 1),
        dport: portRange.filter((r) => !(r.lo === 0 && r.hi === 65535)),
        icmpType: fc.integer({ min: 0, max: 255 }),
        comment: sgComment,
      },
      { requiredKeys: [] },
    )
    .map(({ proto, peers, dport, icmpType, comment: c }) => {
      const r: Rule = { action: 'accept' }
      if (proto) r.proto = proto
      if (peers) r[peer] = peers
      if (dport && (proto === 'tcp' || proto === 'udp')) r.dport = [dport]
      if (icmpType !== undefined && proto === 'icmp') r.icmpType = [icmpType]
      if (c !== undefined) r.comment = c
      return r
    })

export const securityGroup: fc.Arbitrary<RuleSet> = fc
  .tuple(
    fc.array(sgRule('src'), { maxLength: 5 }),
    fc.array(sgRule('dst'), { maxLength: 5 }),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    sgComment,
    fc.option(fc.stringMatching(/^sg-[0-9a-f]{8}$/), { nil: undefined }),
  )
  .map(([ins, outs, name, description, id]) => ({
    chains: [
      { hook: 'input', policy: 'drop', rules: [sgResponsesRule(), ...ins] },
      { hook: 'output', policy: 'drop', rules: [sgResponsesRule(), ...outs] },
    ],
    stateful: true,
    aws: { kind: 'security-group', name, description, ...(id ? { id } : {}) },
  }))
