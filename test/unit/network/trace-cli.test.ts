// `portwise trace` as a user runs it on the seed topology: readable JSON (addresses once came out
// as 32-bit numbers and flags as bits: "src": 16974599, "flags": 18), the same trace for the
// same seed, the outcome in plain words and a bad topology named by its field. Runs in Vitest.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../../src-main/cli/io'
import { trace } from '../../../src-main/cli/trace'

const SEED = new URL('../../fixtures/topologies/seed-stateless.json', import.meta.url).pathname
const PING = new URL('../../../labs/portwise-basics/08-ping-icmp/topology.json', import.meta.url)
  .pathname

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portwise-trace-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(...args: string[]): Promise<string> {
  let out = ''
  expect(await trace(args, { out: (t) => (out += t), err: () => {} })).toBe(0)
  return out
}

describe('portwise trace', () => {
  it('writes addresses dotted and TCP flags as letters, as scenario files do', async () => {
    const t = JSON.parse(await run(SEED))
    expect(t.packets[0].packet).toEqual({
      src: '119.18.36.73',
      dst: '1.3.3.7',
      proto: 'tcp',
      sport: 13337,
      dport: 443,
      flags: 'S',
      time: 0,
    })
    expect(t.packets[1].packet).toMatchObject({ src: '1.3.3.7', sport: 443, flags: 'SA' })
    expect(t.packets[1].fate).not.toBe('delivered')
  })

  it('an ICMP error shows its quoted header and conntrack tuples readably too', async () => {
    const text = await run(PING)
    expect(text).not.toMatch(/"(src|dst)": \d/)
    const t = JSON.parse(text)
    const error = t.packets.find((p: { packet: { inner?: unknown } }) => p.packet.inner).packet
    expect(error).not.toHaveProperty('sport')
    expect(error.inner.src).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
  })

  it('the same seed gives the same trace; the outcome says why in plain words', async () => {
    expect(await run(PING, '--seed', '7')).toBe(await run(PING, '--seed', '7'))
    expect(await run(SEED, '--text')).toContain(
      'outcome: ✗ timed out after 127 s: the SYN-ACK was dropped by fw1 forward policy (no rule allows source port 443 to 1024–65535',
    )
  })

  it('a plain tcp flow names its protocol once in the ladder', async () => {
    const lab = new URL(
      '../../../labs/portwise-basics/06-open-ephemeral-range/topology.json',
      import.meta.url,
    )
    const text = await run(lab.pathname, '--text')
    expect(text).toContain('flow 2 "attack": tcp attacker:')
    expect(text).toContain('flow 0 "browse": https tcp client:')
    expect(text).not.toContain('tcp tcp')
  })

  it('--seed takes a whole number the generator keeps, nothing it would reinterpret', async () => {
    for (const bad of ['', '0x10', '1e20', '-1', '1.5', '4294967296'])
      await expect(
        trace([SEED, `--seed=${bad}`], { out: () => {}, err: () => {} }),
      ).rejects.toThrow(
        new InputError(`--seed: "${bad}" is not a whole number from 0 to 4294967295`),
      )
    expect(JSON.parse(await run(SEED, '--seed', '4294967295')).seed).toBe(4294967295)
  })

  it('a topology with a typo is one line naming the field', async () => {
    const bad = JSON.parse(await readFile(SEED, 'utf8'))
    bad.flows[0].kind = 'htps'
    const file = join(dir, 'typo.json')
    await writeFile(file, JSON.stringify(bad))
    await expect(trace([file], { out: () => {}, err: () => {} })).rejects.toThrow(
      new InputError(
        `${file}: flows[0].kind: "htps" is not "https" or "http" or "update" or "tcp" or "dns" or "udp" or "ping" or "traceroute"`,
      ),
    )
  })
})

describe("portwise trace of a lab's folder", () => {
  const LAB = new URL('../../../labs/portwise-basics/04-updates-two-pairs', import.meta.url)
    .pathname
  const fails = async (args: string[], message: RegExp) => {
    const e = await trace(args, { out: () => {}, err: () => {} }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InputError)
    expect((e as Error).message).toMatch(message)
  }

  it('traces the network as the grader builds it: the start fails, the solution passes', async () => {
    const start = JSON.parse(await run(LAB))
    const solution = JSON.parse(await run(LAB, '--solution'))
    expect(start.flows.some((f: { ok: boolean }) => !f.ok)).toBe(true)
    expect(solution.flows.every((f: { ok: boolean }) => f.ok)).toBe(true)
    // the lab's own seed, so the ports are those the learner sees in the app; --seed overrides it
    const labJson = JSON.parse(await readFile(join(LAB, 'lab.json'), 'utf8'))
    expect(solution.seed).toBe(labJson.seed ?? 1)
    expect(JSON.parse(await run(LAB, '--seed', '7')).seed).toBe(7)
    expect(await run(LAB, '--text')).toMatch(
      /^lab 04-updates-two-pairs of portwise-basics, with its starting rules\n/,
    )
  })

  it('says what a folder is when it is not a lab', async () => {
    const pack = new URL('../../../labs/portwise-basics', import.meta.url).pathname
    await fails([pack], /this is a lab pack; give one of its labs' folders/)
    await fails([dir], /no lab\.json in it/)
    await fails([SEED, '--solution'], /is not a lab's folder/)
  })

  it("names a lab's folder whose pack does not read", async () => {
    const pack = join(dir, 'broken')
    const lab = join(pack, 'web')
    await rm(pack, { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(lab, { recursive: true }))
    await writeFile(join(pack, 'pack.json'), '{"format": "portwise-pack/1"')
    await writeFile(join(lab, 'lab.json'), '{}')
    await fails([lab], /its pack \(.*broken\) does not read:\n {2}.*pack\.json/)
  })
})
