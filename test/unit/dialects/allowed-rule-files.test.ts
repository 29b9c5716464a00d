// `portwise allowed` on the rules learners write: an nft or iptables router's forward chain between
// the interfaces given with --interface, an AWS network ACL or security group guarding --subnet,
// each error naming what is wrong; and files that are none of these (a topology, other text) named
// as such. Run in-process on files in a temporary folder. Runs in Vitest (Node).
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

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = ''
  let err = ''
  const status = await allowed(args, { out: (t) => (out += t), err: (t) => (err += t) })
  expect(status).toBe(0)
  return { out, err }
}

async function refusal(args: string[]): Promise<string> {
  const go = allowed(args, { out: () => {}, err: () => {} })
  await expect(go).rejects.toThrow(InputError)
  return (await go.catch((e: Error) => e.message)) as string
}

// One router's rules three ways: web in to 10.0.2.2, anything out of lan, replies by conntrack.
const NFT = `#!/usr/sbin/nft -f
flush ruleset
table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 22 accept
  }
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "wan" oifname "lan" ip daddr 10.0.2.2 tcp dport 443 accept
    iifname "lan" accept
    iifname "wan" ip daddr 10.0.2.0/24 tcp dport 443 accept
  }
}
`
const IPTABLES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -i wan -o lan -d 10.0.2.2/32 -p tcp --dport 443 -j ACCEPT
-A FORWARD -i lan -j ACCEPT
-A FORWARD -i wan -d 10.0.2.0/24 -p tcp --dport 443 -j ACCEPT
COMMIT
`
const SCENARIO = {
  format: 'portwise-scenario/1',
  firewall: {
    kind: 'stateful',
    interfaces: { wan: '0.0.0.0/0', lan: '10.0.2.0/24' },
    policy: 'drop',
    rules: [
      { action: 'accept', ct: ['established', 'related'] },
      { action: 'accept', in: 'wan', out: 'lan', proto: 'tcp', dst: '10.0.2.2', dport: 443 },
      { action: 'accept', in: 'lan' },
      { action: 'accept', in: 'wan', proto: 'tcp', dst: '10.0.2.0/24', dport: 443 },
    ],
  },
  packets: [],
}
const INTERFACES = ['--interface', 'wan=0.0.0.0/0', '--interface', 'lan=10.0.2.0/24']

const ROUTER_OUT = [
  'stateful firewall, policy drop, 4 rules; wan 0.0.0.0/0, lan 10.0.2.0/24',
  '',
  'allowed wan → wan:',
  '  rule 0: any protocol from any to any in ct state established or related',
  '    e.g. tcp 203.0.113.9:40000 → 198.51.100.7:443 [A] (ct established)',
  'allowed wan → lan:',
  '  rule 0: any protocol from any to any in ct state established or related',
  '    e.g. tcp 203.0.113.9:40000 → 10.0.2.2:443 [A] (ct established)',
  '  rule 1: tcp from any to 10.0.2.2 port 443 in ct state new or invalid',
  '    e.g. tcp 203.0.113.9:40000 → 10.0.2.2:443 [S] (ct new)',
  '  rule 3: tcp from any to any but 10.0.2.2 port 443 in ct state new or invalid',
  '    e.g. tcp 203.0.113.9:40000 → 10.0.2.1:443 [S] (ct new)',
  'allowed lan → wan:',
  '  rule 0: any protocol from any to any in ct state established or related',
  '    e.g. tcp 10.0.2.2:40000 → 198.51.100.7:443 [A] (ct established)',
  '  rule 2: any protocol from any to any in ct state new or invalid',
  '    e.g. tcp 10.0.2.2:40000 → 198.51.100.7:443 [S] (ct new)',
  'allowed lan → lan:',
  '  rule 0: any protocol from any to any in ct state established or related',
  '    e.g. tcp 10.0.2.2:40000 → 10.0.2.1:443 [A] (ct established)',
  '  rule 2: any protocol from any to any in ct state new or invalid',
  '    e.g. tcp 10.0.2.2:40000 → 10.0.2.1:443 [S] (ct new)',
  '',
  'rules that never change a verdict:',
  '  rule 1 (accept) is redundant: without it, rule 3 would do the same to its packets',
  '',
].join('\n')

describe('portwise allowed on nft and iptables rules: the forward chain of a router', () => {
  it('nft: the boxes of the forward chain between the interfaces given, as for the same scenario', async () => {
    const nft = await file('router.nft', NFT)
    const { out, err } = await run([nft, ...INTERFACES])
    expect(out).toBe(ROUTER_OUT)
    expect(err).toBe(
      `note: ${nft}:4:3: the input chain (1 rule, policy drop) is not analysed: allowed analyses what a router forwards, the forward chain\n`,
    )
    const scenario = await file('router.json', JSON.stringify(SCENARIO))
    expect((await run([scenario])).out).toBe(out)
  })

  it('iptables: the same rules give the same answer', async () => {
    const ipt = await file('router.ipt', IPTABLES)
    const { out, err } = await run([ipt, ...INTERFACES])
    expect(out).toBe(ROUTER_OUT)
    // INPUT and OUTPUT accept with no rules are what no chain does: nothing to say
    expect(err).toBe('')
  })

  it('the order of --interface is the order of the interfaces', async () => {
    const nft = await file('order.nft', NFT)
    const { out } = await run([nft, '--interface=lan=10.0.2.0/24', '--interface=wan=0.0.0.0/0'])
    expect(out.split('\n')[0]).toBe(
      'stateful firewall, policy drop, 4 rules; lan 10.0.2.0/24, wan 0.0.0.0/0',
    )
    expect(out).toMatch(/allowed lan → lan:[^]*allowed lan → wan:[^]*allowed wan → lan:/)
  })

  it('without a forward chain, everything is forwarded, and a note says why', async () => {
    const nft = await file(
      'host.nft',
      'table inet filter {\n  chain input { type filter hook input priority 0; policy drop; }\n}\n',
    )
    const { out, err } = await run([nft, '--interface', 'a=10.0.1.0/24'])
    expect(out).toContain('stateless firewall, policy accept, 0 rules; a 10.0.1.0/24\n')
    expect(out).toContain('allowed a → a:\n  policy: any protocol from any to any\n')
    expect(err).toContain(
      `note: ${nft}: no forward chain (or an empty one with policy accept): every forwarded packet is accepted, as netfilter accepts at a hook without a chain\n`,
    )
  })

  it('--from reads a file whose start does not say its dialect', async () => {
    const text = '# ACCEPT a to b\n' + IPTABLES.replace('*filter', '*nat\nCOMMIT\n*filter')
    const ipt = await file('nat-first.ipt', text)
    expect(await refusal([ipt, ...INTERFACES])).toMatch(
      /nat-first\.ipt: not valid JSON \(.*\); for nft, iptables or AWS rules that start otherwise, name the dialect with --from$/,
    )
    // iptables-save writes every table; Portwise reads the filter table
    expect((await run([ipt, '--from', 'iptables', ...INTERFACES])).out).toBe(ROUTER_OUT)
  })
})

describe('portwise allowed --against across dialects', () => {
  it('nft against the same rules in iptables: nothing either way', async () => {
    const nft = await file('same.nft', NFT)
    const ipt = await file('same.ipt', IPTABLES)
    const { out } = await run([nft, '--against', ipt, ...INTERFACES])
    expect(out).toBe(
      `FILE ${nft}, REFERENCE ${ipt}\n\nFILE allows nothing that REFERENCE does not\n\nREFERENCE allows nothing that FILE does not\n`,
    )
  })

  it('nft against iptables that also let ssh in: the difference, named by each side', async () => {
    const nft = await file('diff.nft', NFT)
    const ssh = IPTABLES.replace(
      'COMMIT',
      '-A FORWARD -i wan -o lan -p tcp --dport 22 -j ACCEPT\nCOMMIT',
    )
    const ipt = await file('diff.ipt', ssh)
    const { out } = await run([nft, '--against', ipt, ...INTERFACES])
    expect(out).toBe(
      [
        `FILE ${nft}, REFERENCE ${ipt}`,
        '',
        'FILE allows nothing that REFERENCE does not',
        '',
        'allowed by REFERENCE, not by FILE, wan → lan:',
        '  REFERENCE rule 4, FILE policy: tcp from any to any port 22 in ct state new or invalid',
        '    e.g. tcp 203.0.113.9:40000 → 10.0.2.2:22 [S] (ct new)',
        'nothing allowed by REFERENCE, not by FILE, wan → wan, lan → wan, lan → lan',
        '',
      ].join('\n'),
    )
  })

  it('a scenario against nft rules: --interface goes to the rules', async () => {
    const scenario = await file('ref.json', JSON.stringify(SCENARIO))
    const nft = await file('learner.nft', NFT.replace('ip daddr 10.0.2.0/24 ', ''))
    const { out } = await run([nft, '--against', scenario, ...INTERFACES])
    expect(out).toContain('allowed by FILE, not by REFERENCE, wan → wan:\n')
    expect(out).toContain(
      '  FILE rule 3, REFERENCE policy: tcp from any to any port 443 in ct state new or invalid\n',
    )
    expect(out).toContain('REFERENCE allows nothing that FILE does not\n')
  })

  it('a stateless rule set cannot be compared with a stateful one', async () => {
    const nft = await file('stateful.nft', NFT)
    const ipt = await file('stateless.ipt', IPTABLES.replace(/^-A FORWARD -m conntrack.*\n/m, ''))
    expect(await refusal([nft, '--against', ipt, ...INTERFACES])).toBe(
      'a stateful firewall cannot be compared with a stateless one',
    )
  })
})

// Entries listed out of order: AWS evaluates the lowest number first, so 100 (deny) comes before
// 200 (allow), and 300 never decides anything.
const entry = (
  n: number,
  egress: boolean,
  action: string,
  cidr: string,
  ports: [number, number],
) => ({
  RuleNumber: n,
  Egress: egress,
  Protocol: '6',
  RuleAction: action,
  CidrBlock: cidr,
  PortRange: { From: ports[0], To: ports[1] },
})
const ACL = {
  NetworkAcls: [
    {
      NetworkAclId: 'acl-0a1',
      Entries: [
        entry(300, false, 'allow', '203.0.113.0/24', [443, 443]),
        entry(200, false, 'allow', '0.0.0.0/0', [443, 443]),
        entry(100, false, 'deny', '192.0.2.0/24', [443, 443]),
        entry(100, true, 'allow', '0.0.0.0/0', [1024, 65535]),
        {
          RuleNumber: 32767,
          Egress: false,
          Protocol: '-1',
          RuleAction: 'deny',
          CidrBlock: '0.0.0.0/0',
        },
        {
          RuleNumber: 32767,
          Egress: true,
          Protocol: '-1',
          RuleAction: 'deny',
          CidrBlock: '0.0.0.0/0',
        },
      ],
    },
  ],
}
const GROUP = {
  SecurityGroups: [
    {
      GroupId: 'sg-0b2',
      GroupName: 'web',
      Description: 'web servers',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '198.51.100.0/24', Description: 'admins' }],
        },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    },
  ],
}

describe('portwise allowed on AWS rules: what crosses into and out of --subnet', () => {
  it('a network ACL: entries by rule number, lowest first, named as AWS numbers them', async () => {
    const acl = await file('acl.json', JSON.stringify(ACL, null, 2))
    const { out, err } = await run([acl, '--subnet', '10.0.1.0/24'])
    expect(out).toBe(
      [
        'network ACL acl-0a1, stateless: 3 inbound and 1 outbound rules, then rule * denies; outside 0.0.0.0/0, inside 10.0.1.0/24',
        '',
        'allowed outside → inside:',
        '  inbound rule 200: tcp from any but 192.0.2.0/24 to any port 443',
        '    e.g. tcp 203.0.113.9:40000 → 10.0.1.2:443 [S]',
        'allowed inside → outside:',
        '  outbound rule 100: tcp from any to any ports 1024–65535',
        '    e.g. tcp 10.0.1.2:40000 → 198.51.100.7:8080 [S]',
        '',
        'rules that never change a verdict:',
        '  inbound rule 300 (accept) is shadowed: inbound rule 200 decides every packet it matches first',
        '',
      ].join('\n'),
    )
    expect(err).toBe('')
  })

  it('two network ACLs: the final * rule named per direction', async () => {
    const acl = await file('acl-a.json', JSON.stringify(ACL))
    const wider = structuredClone(ACL)
    wider.NetworkAcls[0].Entries[2].CidrBlock = '192.0.2.0/25'
    const ref = await file('acl-b.json', JSON.stringify(wider))
    const { out } = await run([acl, '--against', ref, '--subnet', '10.0.1.0/24'])
    expect(out).toContain(
      'allowed by REFERENCE, not by FILE, outside → inside:\n  REFERENCE inbound rule 200, FILE inbound rule 100: tcp from 192.0.2.128/25 to any port 443\n',
    )
    const closed = structuredClone(ACL)
    closed.NetworkAcls[0].Entries.splice(3, 1)
    const none = await file('acl-closed.json', JSON.stringify(closed))
    expect((await run([acl, '--against', none, '--subnet', '10.0.1.0/24'])).out).toContain(
      '  FILE outbound rule 100, REFERENCE outbound rule *: tcp from any to any ports 1024–65535\n',
    )
  })

  it('a security group: stateful, allow-only, rule 0 each way the responses it implies', async () => {
    const sg = await file('sg.json', JSON.stringify(GROUP))
    const { out } = await run([sg, '--subnet', '10.0.1.5'])
    expect(out).toBe(
      [
        'security group sg-0b2 (web), stateful and allow-only: 2 inbound and 1 outbound rules after rule 0, which allows responses; outside 0.0.0.0/0, inside 10.0.1.5',
        '',
        'allowed outside → inside:',
        '  inbound rule 0: any protocol from any to any in ct state established or related',
        '    e.g. tcp 203.0.113.9:40000 → 10.0.1.5:443 [A] (ct established)',
        '  inbound rule 1: tcp from any to any port 443 in ct state new or invalid',
        '    e.g. tcp 203.0.113.9:40000 → 10.0.1.5:443 [S] (ct new)',
        '  inbound rule 2: tcp from 198.51.100.0/24 to any port 22 in ct state new or invalid',
        '    e.g. tcp 198.51.100.7:40000 → 10.0.1.5:22 [S] (ct new)',
        // from the instance itself (a /32), not from an address outside it
        'allowed inside → outside:',
        '  outbound rule 0: any protocol from any to any in ct state established or related',
        '    e.g. tcp 10.0.1.5:40000 → 198.51.100.7:443 [A] (ct established)',
        '  outbound rule 1: any protocol from any to any in ct state new or invalid',
        '    e.g. tcp 10.0.1.5:40000 → 198.51.100.7:443 [S] (ct new)',
        '',
        // The default egress rule allows all, responses included, so rule 0 outbound changes no
        // verdict; but it is implied, not the author's to remove, and so no finding.
        'every rule decides some packets',
        '',
      ].join('\n'),
    )
  })

  it("a security group's own rule that changes nothing is still named", async () => {
    const twice = structuredClone(GROUP)
    twice.SecurityGroups[0].IpPermissions.push(twice.SecurityGroups[0].IpPermissions[0])
    const sg = await file('sg-twice.json', JSON.stringify(twice))
    const { out } = await run([sg, '--subnet', '10.0.1.5'])
    expect(out).toContain(
      [
        'rules that never change a verdict:',
        '  inbound rule 1 (accept) is redundant: without it, inbound rule 3 would do the same to its packets',
        '  inbound rule 3 (accept) is shadowed: inbound rules 0, 1 decide every packet it matches first',
        '',
      ].join('\n'),
    )
    expect(out).not.toContain('rule 0 (accept)')
  })

  it('a security group against nft rules: the group takes the router interfaces', async () => {
    // The router's two interfaces are the group's two sides: everything (0.0.0.0/0) and the
    // instance, so --subnet can be left out; traffic that stays on one side is not compared.
    const sg = await file('across-sg.json', JSON.stringify(GROUP))
    const nft = await file('across.nft', NFT)
    const sides = ['--interface', 'wan=0.0.0.0/0', '--interface', 'lan=10.0.2.2/32']
    const { out } = await run([sg, '--against', nft, ...sides])
    expect(out).toBe(
      [
        `FILE ${sg}, REFERENCE ${nft}`,
        '',
        'allowed by FILE, not by REFERENCE, wan → lan:',
        '  FILE inbound rule 2, REFERENCE policy: tcp from 198.51.100.0/24 to any port 22 in ct state new or invalid',
        '    e.g. tcp 198.51.100.7:40000 → 10.0.2.2:22 [S] (ct new)',
        'nothing allowed by FILE, not by REFERENCE, lan → wan',
        '',
        'nothing allowed by REFERENCE, not by FILE, wan → lan, lan → wan',
        '',
        'traffic that stays on one side never meets the AWS rules, so it is not compared',
        '',
      ].join('\n'),
    )
    // a router whose interfaces are not the group's two sides cannot be compared, and is told how
    const wide = ['--interface', 'wan=0.0.0.0/0', '--interface', 'lan=10.0.2.0/24']
    expect(await refusal([sg, '--against', nft, ...wide, '--subnet', '10.0.2.2'])).toBe(
      'the firewalls have different interfaces (outside 0.0.0.0/0, inside 10.0.2.2; wan 0.0.0.0/0, lan 10.0.2.0/24): AWS rules guard the --subnet from everything else (0.0.0.0/0), so give the router exactly those two interfaces and the AWS rules take their names, e.g. --interface wan=0.0.0.0/0 --interface lan=10.0.2.2',
    )
  })

  it('a network ACL cannot be compared with a security group', async () => {
    const acl = await file('cmp-acl.json', JSON.stringify(ACL))
    const sg = await file('cmp-sg.json', JSON.stringify(GROUP))
    expect(await refusal([acl, '--against', sg, '--subnet', '10.0.1.0/24'])).toBe(
      'a stateless firewall cannot be compared with a stateful one',
    )
  })
})

describe('portwise allowed: what is wrong, one line each', () => {
  it('nft rules without --interface: the names the rules use, and an example', async () => {
    const nft = await file('no-if.nft', NFT)
    expect(await refusal([nft])).toBe(
      `${nft}: no --interface given: the forward rules name wan, lan; give the subnet behind each, e.g. --interface wan=10.0.1.0/24 --interface lan=10.0.2.0/24`,
    )
    const plain = await file(
      'plain.ipt',
      '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport 443 -j ACCEPT\nCOMMIT\n',
    )
    expect(await refusal([plain])).toBe(
      `${plain}: no --interface given: name each interface of the router with the subnet behind it, e.g. --interface lan=10.0.1.0/24 --interface wan=0.0.0.0/0`,
    )
  })

  it('a rule naming an interface not given: the rule, counted from 0, and its line', async () => {
    const nft = await file('missing-if.nft', NFT)
    expect(await refusal([nft, '--interface', 'lan=10.0.2.0/24'])).toBe(
      [
        `${nft}:11:5: forward rule 1 matches interface "wan", which no --interface gives (given: lan)`,
        `${nft}:13:5: forward rule 3 matches interface "wan", which no --interface gives (given: lan)`,
      ].join('\n'),
    )
    const ipt = await file('missing-if.ipt', IPTABLES)
    expect(await refusal([ipt, '--interface', 'wan=0.0.0.0/0'])).toBe(
      [
        `${ipt}:6:1: forward rule 1 matches interface "lan", which no --interface gives (given: wan)`,
        `${ipt}:7:1: forward rule 2 matches interface "lan", which no --interface gives (given: wan)`,
      ].join('\n'),
    )
  })

  it('a bad --interface: no =, a bad CIDR, a name given twice', async () => {
    const nft = await file('bad-if.nft', NFT)
    expect(await refusal([nft, '--interface', 'wan'])).toBe(
      '--interface wan: expected NAME=CIDR, the interface and the subnet behind it, e.g. --interface lan=10.0.1.0/24',
    )
    expect(await refusal([nft, '--interface', 'lan=10.0.2/24'])).toBe(
      '--interface lan=10.0.2/24: "10.0.2/24" is not an IPv4 subnet such as 10.0.1.0/24',
    )
    expect(await refusal([nft, '--interface', 'lan=10.0.2.0/33'])).toMatch(/is not an IPv4 subnet/)
    expect(await refusal([nft, ...INTERFACES, '--interface', 'lan=10.0.3.0/24'])).toBe(
      '--interface lan=10.0.3.0/24: lan is given twice (first as lan=10.0.2.0/24)',
    )
  })

  it('AWS rules without --subnet, or with a bad one', async () => {
    const acl = await file('no-subnet.json', JSON.stringify(ACL))
    expect(await refusal([acl])).toBe(
      `${acl}: AWS rules do not say what they guard: give the subnet (network ACL) or instance (security group) with --subnet CIDR, e.g. --subnet 10.0.1.0/24`,
    )
    expect(await refusal([acl, '--subnet', '10.0.1.0/40'])).toBe(
      '--subnet 10.0.1.0/40: not an IPv4 subnet such as 10.0.1.0/24',
    )
    expect(await refusal([acl, '--subnet', '0.0.0.0/0'])).toBe(
      '--subnet 0.0.0.0/0: that is every address, which leaves no outside',
    )
  })

  it('an option for other files than the ones given', async () => {
    const scenario = await file('opt.json', JSON.stringify(SCENARIO))
    const acl = await file('opt-acl.json', JSON.stringify(ACL))
    const nft = await file('opt.nft', NFT)
    expect(await refusal([scenario, ...INTERFACES])).toBe(
      `--interface is for nft and iptables rules: ${scenario} is a portwise-scenario/1 file, whose firewall lists its interfaces`,
    )
    expect(await refusal([scenario, '--subnet', '10.0.1.0/24'])).toBe(
      `--subnet is for AWS rules: ${scenario} is a portwise-scenario/1 file, whose firewall lists its interfaces`,
    )
    expect(await refusal([acl, '--subnet', '10.0.1.0/24', ...INTERFACES])).toBe(
      `--interface is for nft and iptables rules: ${acl} holds AWS rules, which guard the subnet given with --subnet CIDR`,
    )
    expect(await refusal([nft, ...INTERFACES, '--subnet', '10.0.1.0/24'])).toBe(
      `--subnet is for AWS rules: ${nft} holds nft rules, whose interfaces are given with --interface NAME=CIDR`,
    )
    expect(await refusal([nft, '--from', 'pf'])).toMatch(
      /^--from pf: not one of nft, iptables, aws\n/,
    )
    expect(await refusal([nft, '--frm', 'nft'])).toMatch(/^unknown option --frm\n/)
  })

  it('rules that do not parse: every problem with its line and column', async () => {
    const nft = await file('typo.nft', 'table inet filter {\n  chain forward { tcp dprot 22 }\n}\n')
    expect(await refusal([nft, ...INTERFACES])).toMatch(
      new RegExp(`^${nft} is not a valid nft rule set:\\n  ${nft}:2:\\d+: `),
    )
  })
})

describe('portwise allowed on a file that is neither a scenario nor rules', () => {
  it('a topology points to portwise trace', async () => {
    const topology = await file(
      't.json',
      JSON.stringify({ format: 'portwise-topology/1', nodes: [] }),
    )
    expect(await refusal([topology])).toBe(
      `${topology}: this is a topology, but allowed reads one firewall: a portwise-scenario/1 file, or nft, iptables or AWS rules; portwise trace runs a topology's flows`,
    )
  })

  it('other text is a JSON error on one line, with a word on --from', async () => {
    const other = await file('x.json', 'hello\nworld')
    expect(await refusal([other])).toMatch(/x\.json: not valid JSON \([^\n]*\); [^\n]*--from$/)
  })
})
