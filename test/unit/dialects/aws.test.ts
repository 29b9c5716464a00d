// The AWS dialect: network ACLs and security groups as describe-network-acls and
// describe-security-groups print them, what they compile to, and errors with line and column.
// Runs in Node under Vitest.
import { describe, expect, it } from 'vitest'
import { parseCidr } from '../../../src-main/engine/ip'
import { parseAws } from '../../../src-main/dialects/aws-parser'
import { printAws } from '../../../src-main/dialects/aws-printer'
import { parseNft } from '../../../src-main/dialects/nft-parser'

const ok = (text: string) => {
  const r = parseAws(text)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.ruleSet
}

const NACL = `{
  "NetworkAcls": [
    {
      "Associations": [],
      "Entries": [
        { "CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767 },
        { "CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "6", "PortRange": { "From": 1024, "To": 65535 }, "RuleAction": "allow", "RuleNumber": 100 },
        { "CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "6", "PortRange": { "From": 443, "To": 443 }, "RuleAction": "allow", "RuleNumber": 200 },
        { "CidrBlock": "203.0.113.0/24", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 100 },
        { "CidrBlock": "10.0.0.0/16", "Egress": false, "Protocol": "1", "IcmpTypeCode": { "Code": -1, "Type": 8 }, "RuleAction": "allow", "RuleNumber": 300 },
        { "CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767 }
      ],
      "IsDefault": false,
      "NetworkAclId": "acl-0123abcd",
      "Tags": [],
      "VpcId": "vpc-1",
      "OwnerId": "111122223333"
    }
  ]
}`

const SG = `{
  "SecurityGroups": [
    {
      "Description": "web servers",
      "GroupName": "web",
      "IpPermissions": [
        { "FromPort": 443, "IpProtocol": "tcp", "IpRanges": [{ "CidrIp": "0.0.0.0/0" }], "Ipv6Ranges": [], "PrefixListIds": [], "ToPort": 443, "UserIdGroupPairs": [] },
        { "FromPort": 22, "IpProtocol": "tcp", "IpRanges": [{ "CidrIp": "10.0.0.0/8", "Description": "admins" }, { "CidrIp": "192.0.2.7/32", "Description": "admins" }], "ToPort": 22 },
        { "FromPort": -1, "IpProtocol": "icmp", "IpRanges": [{ "CidrIp": "10.0.0.0/8" }], "ToPort": -1 }
      ],
      "OwnerId": "111122223333",
      "GroupId": "sg-0123abcd",
      "IpPermissionsEgress": [
        { "IpProtocol": "-1", "IpRanges": [{ "CidrIp": "0.0.0.0/0" }], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [] }
      ],
      "VpcId": "vpc-1"
    }
  ]
}`

describe('AWS network ACLs', () => {
  it('compile to stateless chains: ingress input, egress output, lowest number first, final deny', () => {
    expect(ok(NACL)).toEqual({
      chains: [
        {
          hook: 'input',
          policy: 'drop',
          rules: [
            { action: 'drop', src: [parseCidr('203.0.113.0/24')] },
            { action: 'accept', proto: 'tcp', dport: [{ lo: 443, hi: 443 }] },
            { action: 'accept', proto: 'icmp', src: [parseCidr('10.0.0.0/16')], icmpType: [8] },
          ],
          numbers: [100, 200, 300],
        },
        {
          hook: 'output',
          policy: 'drop',
          rules: [{ action: 'accept', proto: 'tcp', dport: [{ lo: 1024, hi: 65535 }] }],
          numbers: [100],
        },
      ],
      stateful: false,
      aws: { kind: 'network-acl', id: 'acl-0123abcd' },
    })
  })

  it('errors name line and column', () => {
    const bad = NACL.replace('"Protocol": "1"', '"Protocol": "50"')
      .replace('"Type": 8 }', '"Type": 8, "Extra": 1 }')
      .replace('"RuleNumber": 200', '"RuleNumber": 100')
    const r = parseAws(bad)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors.map((e) => [e.line, e.column])).toEqual([
        [9, 9],
        [10, 68],
      ])
      expect(r.errors[1].message).toContain('protocol "50" is not supported')
      expect(r.errors[0].message).toContain('rule number 100 appears twice')
    }
    const syntax = parseAws('{\n  "NetworkAcls": [\n    { "Entries": [ } ]\n}')
    expect(syntax).toMatchObject({ ok: false, errors: [{ line: 3, column: 20 }] })
  })

  it('refuses what an ACL cannot express, naming the rule and the line it came from', () => {
    const nft = parseNft(`table inet f {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp sport 53 accept
    ct state established accept
    iifname "eth0" accept comment "why"
    tcp dport { 80, 443 } accept comment "web"
  }
}`)
    if (!nft.ok) throw new Error('nft')
    const r = printAws(nft.ruleSet, nft.origins, 'network-acl')
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors).toEqual([
        {
          message:
            'input rule 0: a network ACL entry has no source ports, only a destination port range',
          line: 4,
          column: 5,
        },
        {
          message: 'input rule 1: a network ACL is stateless: ct state cannot be expressed',
          line: 5,
          column: 5,
        },
        {
          message:
            'input rule 2: a network ACL guards a subnet and has no interface match (in, out)',
          line: 6,
          column: 5,
        },
      ])
  })

  it('splits sets into consecutive entries and notes the comments it leaves out', () => {
    const r = printAws({
      chains: [
        {
          hook: 'input',
          policy: 'drop',
          rules: [
            {
              action: 'accept',
              proto: 'tcp',
              dport: [
                { lo: 80, hi: 80 },
                { lo: 443, hi: 443 },
              ],
              comment: 'web',
            },
          ],
        },
      ],
      stateful: false,
    })
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    const entries = JSON.parse(r.text).NetworkAcls[0].Entries
    expect(
      entries.map((e: { RuleNumber: number; Egress: boolean }) => [e.Egress, e.RuleNumber]),
    ).toEqual([
      [false, 100],
      [false, 200],
      [false, 32767],
      [true, 100],
      [true, 32767],
    ])
    expect(r.notes.map((n) => n.message)).toEqual([
      'input rule 0: a network ACL entry has no description, so the comment "web" is left out',
      'no output chain lets all outbound traffic through: written as rule 100, allow all',
    ])
  })
})

describe('AWS security groups', () => {
  it('compile to stateful allow-only chains: responses first, then each allow, policy drop', () => {
    const responses = { action: 'accept', ct: ['established', 'related'] }
    expect(ok(SG)).toEqual({
      chains: [
        {
          hook: 'input',
          policy: 'drop',
          rules: [
            responses,
            { action: 'accept', proto: 'tcp', dport: [{ lo: 443, hi: 443 }] },
            {
              action: 'accept',
              proto: 'tcp',
              dport: [{ lo: 22, hi: 22 }],
              src: [parseCidr('10.0.0.0/8'), parseCidr('192.0.2.7/32')],
              comment: 'admins',
            },
            { action: 'accept', proto: 'icmp', src: [parseCidr('10.0.0.0/8')] },
          ],
        },
        { hook: 'output', policy: 'drop', rules: [responses, { action: 'accept' }] },
      ],
      stateful: true,
      aws: { kind: 'security-group', id: 'sg-0123abcd', name: 'web', description: 'web servers' },
    })
  })

  it('names a misspelt field as one, and lists the fields for anything else', () => {
    const typo = parseAws(SG.replace('"ToPort": 443,', '"ToPrt": 443,'))
    expect(typo.ok).toBe(false)
    if (!typo.ok)
      expect(typo.errors[0].message).toBe('unknown field "ToPrt": did you mean "ToPort"?')
    const other = parseAws(SG.replace('"ToPort": 443,', '"ToPort": 443, "Tags": [],'))
    expect(other.ok).toBe(false)
    if (!other.ok)
      expect(other.errors[0].message).toMatch(/^unknown field "Tags" \(expected IpProtocol, /)
  })

  it('takes no inherited name for a protocol', () => {
    const r = parseAws(SG.replace('"IpProtocol": "tcp"', '"IpProtocol": "constructor"'))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0].message).toContain('"constructor"')
  })

  it('refuses group references, IPv6 and ICMP codes with line and column', () => {
    const text = SG.replace(
      '"ToPort": 443, "UserIdGroupPairs": []',
      '"ToPort": 443, "UserIdGroupPairs": [{ "GroupId": "sg-9" }]',
    )
      .replace(
        '{ "CidrIp": "10.0.0.0/8" }], "ToPort": -1',
        '{ "CidrIp": "10.0.0.0/8" }], "ToPort": 3',
      )
      .replace(
        '"IpProtocol": "-1", "IpRanges": [{ "CidrIp": "0.0.0.0/0" }], "Ipv6Ranges": []',
        '"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [{ "CidrIpv6": "::/0" }]',
      )
    const r = parseAws(text)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      const place = (needle: string) => {
        const i = text.indexOf(needle)
        const line = text.slice(0, i).split('\n').length
        return { line, column: i - text.lastIndexOf('\n', i - 1) }
      }
      expect(r.errors).toEqual([
        { message: expect.stringContaining('UserIdGroupPairs'), ...place('[{ "GroupId"') },
        { message: expect.stringContaining('ICMP code 3'), ...place('3 }') },
        { message: expect.stringContaining('Ipv6Ranges'), ...place('[{ "CidrIpv6"') },
      ])
    }
  })

  it('refuses deny rules and a chain that does not let responses through', () => {
    const r = printAws(
      {
        chains: [{ hook: 'input', policy: 'drop', rules: [{ action: 'drop', proto: 'tcp' }] }],
        stateful: true,
      },
      undefined,
      'security-group',
    )
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors.map((e) => e.message)).toEqual([
        'chain input: a security group is stateful and always lets responses through, so the chain must begin with ct state established,related accept',
        'input rule 0: a security group has allow rules only: drop cannot be expressed',
      ])
  })
})
