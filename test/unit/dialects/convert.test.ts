// `portwise convert`: the whole converted file on stdout, notes on stderr, and errors (exit 2)
// that name the file, line and column. Runs in Node under Vitest.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { convert } from '../../../src-main/cli/convert'
import { InputError } from '../../../src-main/cli/io'

const dir = mkdtempSync(join(tmpdir(), 'portwise-convert-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, text: string) => {
  const f = join(dir, name)
  writeFileSync(f, text)
  return f
}
const run = async (args: string[]) => {
  let out = ''
  let err = ''
  const code = await convert(args, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}
const failure = async (args: string[]): Promise<string> => {
  try {
    await run(args)
  } catch (e) {
    if (e instanceof InputError) return e.message
    throw e
  }
  throw new Error('no error')
}

const HOST = `table inet filter {
\tchain input {
\t\ttype filter hook input priority filter; policy drop;
\t\tct state established,related accept
\t\ttcp dport { 22, 443 } accept comment "admin and web"
\t}
}
`

describe('portwise convert', () => {
  it('nft → iptables writes a whole iptables-restore file', async () => {
    const r = await run(['--from', 'nft', '--to', 'iptables', file('host.nft', HOST)])
    expect(r).toEqual({
      code: 0,
      err: '',
      out: `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp -m multiport --dports 22,443 -m comment --comment "admin and web" -j ACCEPT
COMMIT
`,
    })
  })

  it('nft → aws writes a security group for stateful rules, with notes on stderr', async () => {
    const r = await run(['--from', 'nft', '--to=aws', file('host.nft', HOST)])
    expect(r.code).toBe(0)
    const sg = JSON.parse(r.out).SecurityGroups[0]
    expect(sg.IpPermissions.map((p: { FromPort: number }) => p.FromPort)).toEqual([22, 443])
    expect(r.err).toContain('note: ')
    expect(r.err).toContain('no output chain lets all outbound traffic through')
  })

  it('aws → nft → aws gives back the security group', async () => {
    const sg = await run(['--from', 'nft', '--to', 'aws', file('host.nft', HOST)])
    const nft = await run(['--from', 'aws', '--to', 'nft', file('sg.json', sg.out)])
    const again = await run([
      '--from',
      'nft',
      '--to',
      'aws',
      '--aws-kind',
      'sg',
      file('sg.nft', nft.out),
    ])
    expect(JSON.parse(again.out)).toEqual(JSON.parse(sg.out))
  })

  it('a construct the target cannot express is an error naming file, line and column', async () => {
    const f = file('sport.nft', HOST.replace('tcp dport { 22, 443 }', 'udp sport 53'))
    expect(await failure(['--from', 'nft', '--to', 'aws', '--aws-kind', 'nacl', f])).toBe(
      [
        `${f} cannot be written as aws:`,
        `  ${f}:4:3: input rule 0: a network ACL is stateless: ct state cannot be expressed`,
        `  ${f}:5:3: input rule 1: a network ACL entry has no source ports, only a destination port range`,
      ].join('\n'),
    )
  })

  it('a bad input file lists its parse errors', async () => {
    const f = file('bad.rules', '*filter\n-A INPUT ! -s 1.2.3.4 -j ACCEPT\n')
    expect(await failure(['--from', 'iptables', '--to', 'nft', f])).toBe(
      [
        `${f} is not a valid iptables rule set:`,
        `  ${f}:1:1: table filter has no COMMIT at its end`,
        `  ${f}:2:10: negation (!) is not supported by Portwise: write the rules that accept or drop what you mean`,
      ].join('\n'),
    )
  })

  it.each([
    [[], '--from is required'],
    [['--from', 'pf', '--to', 'nft', 'x'], '--from pf: not one of nft, iptables, aws'],
    [['--from', 'nft', '--to', 'iptables'], 'usage: portwise convert'],
    [
      ['--from', 'nft', '--to', 'iptables', '--aws-kind', 'sg', 'x'],
      '--aws-kind is only for --to aws',
    ],
    [['--from', 'nft', '--to', 'iptables', '--bogus', 'x'], 'unknown option --bogus'],
    [['--from', 'nft', '--to', 'iptables', join(dir, 'missing.nft')], 'cannot read (no such file)'],
  ])('usage errors: %j', async (args, message) => {
    expect(await failure(args)).toContain(message)
  })
})

describe('convert reads standard input for -', () => {
  // `-` passed the argument check, then failed as "-: cannot read (no such file)"
  const bin = new URL('../../../bin/portwise.mjs', import.meta.url).pathname
  const convertStdin = (input: string) =>
    spawnSync(process.execPath, [bin, 'convert', '--from', 'nft', '--to', 'iptables', '-'], {
      input,
      encoding: 'utf8',
    })

  it('converts what it is given', () => {
    const r = convertStdin(
      'table inet filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n  tcp dport 22 accept\n }\n}\n',
    )
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n')
  })

  it('names stdin in errors, with line and column', () => {
    const r = convertStdin(
      'table inet filter {\n chain input {\n  type filter hook input priority 0;\n  tcp dport 99999 accept\n }\n}\n',
    )
    expect(r.status).toBe(2)
    expect(r.stderr).toBe(
      'stdin is not a valid nft rule set:\n  stdin:4:13: "99999" is not a port (0-65535)\n',
    )
  })
})
