// The nftables dialect: every construct it reads, and errors that name line and column.
// Runs in Node under Vitest.
import { describe, expect, it } from 'vitest'
import { parseCidr } from '../../../src-main/engine/ip'
import { parseNft } from '../../../src-main/dialects/nft-parser'
import { printNft } from '../../../src-main/dialects/nft-printer'

const ok = (text: string) => {
  const r = parseNft(text)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.ruleSet
}
const errors = (text: string) => {
  const r = parseNft(text)
  if (r.ok) throw new Error('parsed')
  return r.errors
}
const chain = (body: string, hook = 'forward') =>
  `table inet filter {\n\tchain c {\n\t\ttype filter hook ${hook} priority filter; policy drop;\n${body}\n\t}\n}\n`
const rules = (body: string) => ok(chain(body)).chains[0].rules

describe('nft: what it reads', () => {
  it('reads the scenario contract example with every match', () => {
    const set = ok(`flush ruleset
table inet filter {
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "outside" ip daddr 10.0.2.2 tcp dport 443 ct state new counter packets 3 bytes 180 accept comment "web"
  }
}`)
    expect(set).toEqual({
      chains: [
        {
          hook: 'forward',
          policy: 'drop',
          rules: [
            { action: 'accept', ct: ['established', 'related'] },
            {
              action: 'accept',
              in: 'outside',
              dst: [parseCidr('10.0.2.2')],
              proto: 'tcp',
              dport: [{ lo: 443, hi: 443 }],
              ct: ['new'],
              comment: 'web',
            },
          ],
        },
      ],
      stateful: true,
    })
  })

  it('reads anonymous sets of ports, addresses and ICMP types, across lines', () => {
    expect(
      rules(
        'tcp dport { 80, 443, 1024-65535 } ip saddr { 10.0.0.0/8,\n 192.0.2.1 } accept\nicmp type { echo-request, 0 } drop',
      ),
    ).toEqual([
      {
        action: 'accept',
        proto: 'tcp',
        dport: [
          { lo: 80, hi: 80 },
          { lo: 443, hi: 443 },
          { lo: 1024, hi: 65535 },
        ],
        src: [parseCidr('10.0.0.0/8'), parseCidr('192.0.2.1')],
      },
      { action: 'drop', proto: 'icmp', icmpType: [8, 0] },
    ])
  })

  it('reads every TCP flag form nft accepts or lists', () => {
    const flags = rules(
      [
        'tcp flags syn / syn,ack drop',
        'tcp flags & (syn | ack) == syn drop',
        'tcp flags ! fin,syn drop',
        'tcp flags == syn drop',
        'tcp flags syn drop',
        'tcp flags & urg == urg drop',
      ].join('\n'),
    ).map((r) => r.flags)
    expect(flags).toEqual([
      { set: 0x02, mask: 0x12 },
      { set: 0x02, mask: 0x12 },
      { set: 0, mask: 0x03 },
      { set: 0x02, mask: 0x3f },
      { set: 0x02, mask: 0x02 },
      { set: 0x20, mask: 0x20 },
    ])
  })

  it('reads protocols, interfaces, reject and what nft lists for a plain reject', () => {
    expect(
      rules(
        'meta l4proto udp oifname eth1 reject\nip protocol icmp ip saddr 1.2.3.4 reject with icmp port-unreachable\nudp sport ssh accept',
      ),
    ).toEqual([
      { action: 'reject', proto: 'udp', out: 'eth1' },
      { action: 'reject', proto: 'icmp', src: [parseCidr('1.2.3.4')] },
      { action: 'accept', proto: 'udp', sport: [{ lo: 22, hi: 22 }] },
    ])
  })

  it('defaults the policy to accept and drops empty accepting chains, as a missing hook behaves', () => {
    expect(ok('table ip t { chain i { type filter hook input priority 0; } }')).toEqual({
      chains: [],
      stateful: false,
    })
  })
})

describe('nft: errors name line and column', () => {
  it.each([
    ['ip saddr != 10.0.0.1 accept', 4, 12, 'negation (!=) is not supported by Portwise'],
    ['tcp dport 80 jump other', 4, 16, 'jump to another chain is not supported by Portwise'],
    ['ip saddr 10.0.0.1', 4, 3, 'no verdict'],
    ['tcp dport 70000 accept', 4, 13, 'is not a port'],
    ['tcp dport 80 udp dport 53 accept', 4, 16, 'can never match'],
    ['tcp flags syn,ack accept', 4, 13, 'any of them'],
    ['log prefix "x" accept', 4, 3, 'log is not supported'],
    ['accept drop', 4, 10, 'only a comment may follow'],
    ['ip saddr 10.0.0.1-10.0.0.9 accept', 4, 12, 'address range'],
    ['reject with tcp reset', 4, 10, 'reject with tcp reset is not supported'],
    ['ct state untracked accept', 4, 12, 'not a ct state'],
    ['tcp dport >= 1024 accept', 4, 13, 'comparison'],
    // a slip of a keyword is named as one, not called unsupported; a real key Portwise lacks is
    ['tcp dport 443 acept', 4, 17, 'unknown match or statement "acept": did you mean "accept"?'],
    ['ip sadr 10.0.0.1 accept', 4, 6, '"ip sadr" is not an nft match: did you mean "ip saddr"?'],
    ['tcp dprot 443 accept', 4, 7, 'did you mean "tcp dport"?'],
    ['meta l4prot tcp accept', 4, 8, 'did you mean "meta l4proto"?'],
    ['ct status assured accept', 4, 6, 'ct status is not supported by Portwise'],
    ['ip ttl 1 accept', 4, 6, 'ip ttl is not supported by Portwise'],
    ['tcp dport htps accept', 4, 13, '"htps" is not a port (0-65535): did you mean "https"?'],
    // only the service names themselves, not what every object inherits
    ['tcp dport constructor accept', 4, 13, '"constructor" is not a port'],
    ['ip protocol constructor accept', 4, 15, 'protocol "constructor" is not supported'],
    ['icmp type __proto__ accept', 4, 13, '"__proto__" is not an ICMP type'],
    ['constructor accept', 4, 3, 'unknown match or statement "constructor"'],
  ])('%s', (body, line, column, message) => {
    const [e] = errors(chain(`\t\t${body}`))
    expect(e).toMatchObject({ line, column })
    expect(e.message).toContain(message)
  })

  it('collects several errors, one per statement, and finds the structural ones', () => {
    const es = errors(
      `table ip6 f {\n}\ntable inet f {\n chain a { type nat hook prerouting priority 0; }\n chain u {\n  accept\n }\n set s { type ipv4_addr; }\n chain b {\n  type filter hook forward priority 0;\n  ip saddr != 1.2.3.4 accept\n  ip daddr 300.1.1.1 accept\n }\n}\n`,
    )
    expect(es.map((e) => [e.line, e.column])).toEqual([
      [1, 7],
      [4, 17],
      [5, 8],
      [8, 2],
      [11, 12],
      [12, 12],
    ])
    for (const e of es) expect(e.message).toMatch(/\w/)
  })

  it('refuses an interface match the hook rules out', () => {
    expect(errors(chain('\t\tiifname "eth0" accept', 'output'))[0]).toMatchObject({
      line: 4,
      column: 3,
    })
  })

  it('refuses a second chain on one hook and an unterminated string', () => {
    expect(
      errors(
        `table inet a { chain x { type filter hook input priority 0; } }\ntable inet b { chain y { type filter hook input priority 0; } }`,
      )[0],
    ).toMatchObject({ line: 2, column: 43 })
    expect(errors(chain('\t\taccept comment "open'))[0]).toMatchObject({ line: 4, column: 18 })
  })
})

describe('nft: printing', () => {
  it('writes nft list ruleset form', () => {
    const set = ok(
      chain(
        'ct state established,related accept\ntcp dport { 80, 443 } tcp flags syn / syn,ack accept comment "web"\nicmp type 8 accept',
      ),
    )
    const r = printNft(set)
    expect(r.ok && r.text).toBe(`table inet filter {
\tchain forward {
\t\ttype filter hook forward priority filter; policy drop;
\t\tct state established,related accept
\t\ttcp dport { 80, 443 } tcp flags & (syn | ack) == syn accept comment "web"
\t\ticmp type echo-request accept
\t}
}
`)
  })

  it('refuses what nft cannot hold, naming the rule and where it was written', () => {
    const r = printNft({
      chains: [
        {
          hook: 'forward',
          policy: 'drop',
          rules: [
            { action: 'accept', comment: 'say "hi"' },
            { action: 'accept', dport: [{ lo: 1, hi: 1 }] },
          ],
        },
      ],
      stateful: false,
    })
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors.map((e) => e.message)).toEqual([
        'forward rule 0: an nft comment cannot hold a double quote or a line break',
        'forward rule 1: dport needs proto tcp or udp',
      ])
  })
})
