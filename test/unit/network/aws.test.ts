// The seed lesson in AWS mode: a subnet's network ACL is stateless and needs the response rule
// (outbound to ephemeral ports 1024-65535, as the VPC user guide recommends); an instance's
// security group is stateful and needs only the inbound request.
import { describe, expect, it } from 'vitest'
import { readTopology } from '../../../src-main/network/topology-reader'
import { traceTopology } from '../../../src-main/network/tracer'

const entry = (n: number, egress: boolean, action: string, ports?: [number, number]) => ({
  RuleNumber: n,
  Protocol: ports ? '6' : '-1',
  RuleAction: action,
  Egress: egress,
  CidrBlock: '0.0.0.0/0',
  ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
})
const acl = (outbound: boolean) => ({
  NetworkAclId: 'acl-0a1',
  VpcId: 'vpc-1',
  IsDefault: false,
  Entries: [
    entry(100, false, 'allow', [443, 443]),
    entry(32767, false, 'deny'),
    ...(outbound ? [entry(100, true, 'allow', [1024, 65535])] : []),
    entry(32767, true, 'deny'),
  ],
})
const group = (inbound: boolean) => ({
  GroupId: 'sg-0b2',
  GroupName: 'web',
  Description: 'web servers',
  VpcId: 'vpc-1',
  IpPermissions: inbound
    ? [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]
    : [],
  IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
})

interface Parts {
  networkAcls?: Record<string, unknown>
  securityGroups?: unknown[]
}

/** The client, the VPC's router (its network ACL on the public subnet) and the web server. */
function readTopologyWith(parts: Parts, flows?: unknown[]) {
  return readTopology({
    format: 'portwise-topology/1',
    nodes: [
      {
        id: 'client',
        kind: 'host',
        role: 'client',
        os: 'windows',
        interfaces: [{ name: 'eth0', address: '203.0.113.10/24', gateway: '203.0.113.1' }],
      },
      {
        id: 'vpc',
        kind: 'router',
        interfaces: [
          { name: 'igw', address: '203.0.113.1/24', zone: 'outside' },
          { name: 'public', address: '10.0.1.1/24', zone: 'inside' },
        ],
        networkAcls: parts.networkAcls ?? { public: acl(true) },
      },
      {
        id: 'web',
        kind: 'host',
        role: 'web-server',
        services: ['tcp/443', 'tcp/22'],
        interfaces: [{ name: 'eth0', address: '10.0.1.10/24', gateway: '10.0.1.1' }],
        securityGroups: parts.securityGroups ?? [group(true)],
      },
    ],
    links: [
      ['client:eth0', 'vpc:igw'],
      ['vpc:public', 'web:eth0'],
    ],
    flows: flows ?? [{ name: 'browse', kind: 'https', from: 'client', to: 'web' }],
  })
}

const vpc = (outbound: boolean, inbound: boolean) =>
  readTopologyWith({ networkAcls: { public: acl(outbound) }, securityGroups: [group(inbound)] })

describe('AWS: network ACL and security group', () => {
  it('connects with the ACL response rule and the group inbound rule', () => {
    const trace = traceTopology(vpc(true, true))
    expect(trace.flows[0]).toMatchObject({ ok: true, outcome: 'connected' })
    const synAck = trace.packets[1]
    const checks = synAck.hops.flatMap((h) =>
      h.checks.map((c) => [c.label, c.verdict, c.ruleName ?? c.rule]),
    )
    expect(checks).toEqual([
      [
        'the security groups of web outbound',
        'accept',
        'the responses rule (security groups are stateful)',
      ],
      ['the network ACL of subnet public (acl-0a1) outbound', 'accept', 'rule 100'],
    ])
  })

  it('the stateless ACL drops the SYN-ACK without the ephemeral outbound rule', () => {
    const [flow] = traceTopology(vpc(false, true)).flows
    expect(flow.ok).toBe(false)
    expect(flow.outcome).toContain(
      'the SYN-ACK was dropped by the network ACL of subnet public (acl-0a1) outbound rule *',
    )
  })

  it('the stateful group drops the SYN without an inbound rule, and never needs a response rule', () => {
    const [flow] = traceTopology(vpc(true, false)).flows
    expect(flow.outcome).toContain(
      'the SYN was dropped by the security groups of web inbound implicit deny (no rule matched)',
    )
  })
})

// A verdict names what the console shows: an ACL entry by its number, a group's rule as its own
// editor counts it, never the responses rule the group implies.
describe('AWS: rules named as the learner sees them', () => {
  const ssh = { name: 'admin', kind: 'tcp', from: 'client', to: 'web', port: 22 }
  const admin = (topo: ReturnType<typeof readTopologyWith>) => traceTopology(topo).flows[0].outcome

  it('an ACL near miss is named by its rule number, not its place in the list', () => {
    expect(admin(readTopologyWith({}, [ssh]))).toBe(
      'timed out after 21 s: the SYN was dropped by the network ACL of subnet public (acl-0a1) inbound rule * (no rule matched; closest: rule 100: dport 22 is not 443)',
    )
  })

  it("a group's near miss is its own rule; the responses rule it implies never is", () => {
    const both = {
      ...acl(true),
      Entries: [...acl(true).Entries, entry(110, false, 'allow', [22, 22])],
    }
    const topo = readTopologyWith({ networkAcls: { public: both } }, [ssh])
    expect(admin(topo)).toBe(
      'timed out after 21 s: the SYN was dropped by the security groups of web inbound implicit deny (no rule matched; closest: rule 1: dport 22 is not 443)',
    )
    const check = traceTopology(topo)
      .packets[0].hops.flatMap((h) => h.checks)
      .at(-1)!
    expect(check.reason).toBe('dropped by implicit deny: no rule matched')
    expect(check.closest.map((m) => m.name)).toEqual(['rule 1'])
  })

  it('with several groups, a rule is named with its group', () => {
    const both = {
      ...acl(true),
      Entries: [...acl(true).Entries, entry(110, false, 'allow', [22, 22])],
    }
    const other = { ...group(true), GroupId: 'sg-0c3', GroupName: 'extra' }
    const topo = readTopologyWith(
      { networkAcls: { public: both }, securityGroups: [group(false), other] },
      [ssh],
    )
    expect(admin(topo)).toContain('closest: rule 1 of security group (extra): dport 22 is not 443')
  })
})

// The surprising cases, as the VPC user guide describes them.
describe('AWS: what surprises people', () => {
  const base = () => vpc(true, true)

  it('an ACL is read lowest number first, not in the order its entries are listed', () => {
    // "Rules are evaluated starting with the lowest numbered rule" (VPC user guide, network ACL
    // rules): a deny numbered 90, listed after the allow numbered 100, still wins.
    const listedLate = {
      ...acl(true),
      Entries: [...acl(true).Entries, entry(90, false, 'deny', [443, 443])],
    }
    const topo = readTopologyWith({ networkAcls: { public: listedLate } })
    const [flow] = traceTopology(topo).flows
    expect(flow.ok).toBe(false)
    expect(flow.outcome).toContain(
      'the SYN was dropped by the network ACL of subnet public (acl-0a1) inbound rule 90',
    )
    expect(traceTopology(base()).flows[0].ok).toBe(true)
  })

  it('the security groups of an instance add up: any group allowing the packet lets it in', () => {
    // "If there is more than one rule for a specific port, the most permissive rule applies", and
    // the rules of all groups on the interface are aggregated (VPC user guide, security groups).
    const ssh = {
      ...group(false),
      GroupId: 'sg-0c3',
      GroupName: 'admin',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.10/32' }] },
      ],
    }
    const sshAcl = {
      ...acl(true),
      Entries: [...acl(true).Entries, entry(110, false, 'allow', [22, 22])],
    }
    const flows = [
      { name: 'browse', kind: 'https', from: 'client', to: 'web' },
      { name: 'admin', kind: 'tcp', from: 'client', to: 'web', port: 22 },
    ]
    const outcomes = (groups: unknown[]) =>
      traceTopology(
        readTopologyWith({ networkAcls: { public: sshAcl }, securityGroups: groups }, flows),
      ).flows.map((f) => [f.name, f.ok])
    expect(outcomes([group(true)])).toEqual([
      ['browse', true],
      ['admin', false],
    ])
    expect(outcomes([group(true), ssh])).toEqual([
      ['browse', true],
      ['admin', true],
    ])
  })

  it('a group with no outbound rules still lets the responses to inbound requests out', () => {
    // Security groups are stateful: "responses to allowed inbound traffic are allowed to flow
    // out, regardless of outbound rules" (VPC user guide).
    const noEgress = { ...group(true), IpPermissionsEgress: [] }
    const topo = readTopologyWith({ securityGroups: [noEgress] })
    expect(traceTopology(topo).flows[0]).toMatchObject({ ok: true, outcome: 'connected' })
  })

  it('an ACL with no entries denies everything, as a new custom ACL does', () => {
    // "Each custom network ACL starts out closed (permits no traffic) until you add a rule"; the
    // final `*` deny is there even when the entries leave it out.
    const empty = { ...acl(true), Entries: [] }
    const [flow] = traceTopology(readTopologyWith({ networkAcls: { public: empty } })).flows
    expect(flow.outcome).toContain(
      'the SYN was dropped by the network ACL of subnet public (acl-0a1) inbound rule *',
    )
  })
})
