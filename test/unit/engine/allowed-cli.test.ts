// `portwise allowed`, run in-process on scenario files written to a temporary folder. Lives beside
// the engine's allowed-set tests because it prints what they check. Runs in Vitest (Node).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowed } from '../../../src-main/cli/allowed'
import { InputError } from '../../../src-main/cli/io'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portwise-allowed-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const WEB_IN = { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.2', dport: 443 }

async function scenario(name: string, kind: string, rules: unknown[]): Promise<string> {
  const file = join(dir, name)
  const firewall = {
    kind,
    interfaces: { outside: '0.0.0.0/0', inside: '10.0.2.0/24' },
    policy: 'drop',
    rules,
  }
  await writeFile(file, JSON.stringify({ format: 'portwise-scenario/1', firewall, packets: [] }))
  return file
}

async function run(args: string[]): Promise<{ status: number; out: string }> {
  let out = ''
  const status = await allowed(args, { out: (t) => (out += t), err: () => {} })
  return { status, out }
}

describe('portwise allowed', () => {
  it('prints the allowed set per direction, with examples, and the rules that do nothing', async () => {
    const file = await scenario('server.json', 'stateless', [
      WEB_IN,
      { ...WEB_IN, dport: '400-500' },
      {
        action: 'accept',
        in: 'inside',
        proto: 'tcp',
        src: '10.0.2.2',
        sport: 443,
        dport: '1024-65535',
        out: 'outside',
      },
    ])
    const { status, out } = await run([file])
    expect(status).toBe(0)
    expect(out).toBe(
      [
        'stateless firewall, policy drop, 3 rules; outside 0.0.0.0/0, inside 10.0.2.0/24',
        '',
        'allowed outside → inside:',
        '  rule 0: tcp from any to 10.0.2.2 port 443',
        '    e.g. tcp 203.0.113.9:40000 → 10.0.2.2:443 [S]',
        '  rule 1: tcp from any to 10.0.2.2 ports 400–442, 444–500',
        '    e.g. tcp 203.0.113.9:40000 → 10.0.2.2:400 [S]',
        'allowed inside → outside:',
        '  rule 2: tcp from 10.0.2.2 port 443 to any ports 1024–65535',
        '    e.g. tcp 10.0.2.2:443 → 198.51.100.7:8080 [S]',
        'nothing allowed outside → outside, inside → inside',
        '',
        // rule 1 holds every packet of rule 0 and does the same to it
        'rules that never change a verdict:',
        '  rule 0 (accept) is redundant: without it, rule 1 would do the same to its packets',
        '',
      ].join('\n'),
    )
  })

  it('compares with a reference both ways', async () => {
    const reference = await scenario('reference.json', 'stateless', [WEB_IN])
    const learner = await scenario('learner.json', 'stateless', [{ ...WEB_IN, dport: '1-1023' }])
    const { status, out } = await run([learner, '--against', reference])
    expect(status).toBe(0)
    expect(out).toContain('allowed by FILE, not by REFERENCE, outside → inside:\n')
    expect(out).toContain(
      '  FILE rule 0, REFERENCE policy: tcp from any to 10.0.2.2 ports 1–442, 444–1023\n',
    )
    expect(out).toContain('REFERENCE allows nothing that FILE does not\n')
  })

  it('refuses bad usage and incomparable firewalls as input errors', async () => {
    const stateless = await scenario('a.json', 'stateless', [])
    const stateful = await scenario('b.json', 'stateful', [])
    await expect(run([])).rejects.toThrow(InputError)
    await expect(run([stateless, '--against'])).rejects.toThrow(InputError)
    await expect(run([stateless, '--against', stateful])).rejects.toThrow(/cannot be compared/)
    await expect(run([join(dir, 'missing.json')])).rejects.toThrow(/no such file/)
  })
})
