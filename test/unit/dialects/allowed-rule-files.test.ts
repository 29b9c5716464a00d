// `portwise allowed` given rules in a dialect or a topology instead of a scenario file: once it
// answered "not valid JSON (Unexpected token 'a' …)" or "nodes: unknown field"; now it says what
// the file is and what allowed reads. Runs in Vitest (Node).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowed } from '../../../src-main/cli/allowed'
import { InputError } from '../../../src-main/cli/io'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portwise-allowed-rules-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const NEEDS =
  "allowed reads a portwise-scenario/1 file (JSON): the firewall's interfaces with the subnet behind each, its policy and its rules (packets may be [])"

async function refusal(name: string, text: string): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, text)
  const run = allowed([file], { out: () => {}, err: () => {} })
  await expect(run).rejects.toThrow(InputError)
  return (await run.catch((e: Error) => e.message)) as string
}

describe('portwise allowed on a file that is not a scenario', () => {
  it('nft text, even one that does not parse, is named as nft rules', async () => {
    const text =
      '# web\ntable inet filter {\n  chain input { type filter hook input priority 0; }\n}\n'
    expect(await refusal('r.nft', text)).toBe(
      `${join(dir, 'r.nft')}: these are nft rules, but ${NEEDS}; the analysis needs the subnets, which nft rules do not say`,
    )
    expect(await refusal('bad.nft', 'table inet filter {\n  chain x { tcp dprot 22 }\n')).toMatch(
      /: these are nft rules, but allowed reads/,
    )
  })

  it('iptables-save text and AWS JSON are named too', async () => {
    expect(await refusal('r.ipt', '*filter\n:INPUT DROP [0:0]\nCOMMIT\n')).toMatch(
      /r\.ipt: these are iptables rules, but allowed reads a portwise-scenario\/1 file/,
    )
    expect(await refusal('acl.json', JSON.stringify({ NetworkAcls: [] }))).toMatch(
      /acl\.json: these are AWS rules, but allowed reads a portwise-scenario\/1 file/,
    )
  })

  it('a topology points to portwise trace', async () => {
    const topology = JSON.stringify({ format: 'portwise-topology/1', nodes: [] })
    expect(await refusal('t.json', topology)).toBe(
      `${join(dir, 't.json')}: this is a topology, but ${NEEDS}; portwise trace runs a topology's flows`,
    )
  })

  it('other text is still a JSON error on one line', async () => {
    expect(await refusal('x.json', 'hello\nworld')).toMatch(/x\.json: not valid JSON \([^\n]*\)$/)
  })
})
