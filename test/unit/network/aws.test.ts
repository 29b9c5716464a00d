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

function vpc(outbound: boolean, inbound: boolean) {
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
        networkAcls: { public: acl(outbound) },
      },
      {
        id: 'web',
        kind: 'host',
        role: 'web-server',
        interfaces: [{ name: 'eth0', address: '10.0.1.10/24', gateway: '10.0.1.1' }],
        securityGroups: [group(inbound)],
      },
    ],
    links: [
      ['client:eth0', 'vpc:igw'],
      ['vpc:public', 'web:eth0'],
    ],
    flows: [{ name: 'browse', kind: 'https', from: 'client', to: 'web' }],
  })
}

describe('AWS: network ACL and security group', () => {
  it('connects with the ACL response rule and the group inbound rule', () => {
    const trace = traceTopology(vpc(true, true))
    expect(trace.flows[0]).toMatchObject({ ok: true, outcome: 'connected' })
    const synAck = trace.packets[1]
    const checks = synAck.hops.flatMap((h) =>
      h.checks.map((c) => [c.label, c.verdict, c.ruleName ?? c.rule]),
    )
    expect(checks).toEqual([
      ['security groups of web outbound', 'accept', 0],
      ['network ACL on vpc:public (acl-0a1) outbound', 'accept', 'rule 100'],
    ])
  })

  it('the stateless ACL drops the SYN-ACK without the ephemeral outbound rule', () => {
    const [flow] = traceTopology(vpc(false, true)).flows
    expect(flow.ok).toBe(false)
    expect(flow.outcome).toContain(
      'the SYN-ACK was dropped by network ACL on vpc:public (acl-0a1) outbound policy',
    )
  })

  it('the stateful group drops the SYN without an inbound rule, and never needs a response rule', () => {
    const [flow] = traceTopology(vpc(true, false)).flows
    expect(flow.outcome).toContain('the SYN was dropped by security groups of web inbound policy')
  })
})
