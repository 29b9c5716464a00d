// A parsed rule set as the router the allowed-set analysis reads: the forward chain, and the model
// of an AWS network ACL or security group checked packet by packet against the filter the network
// engine runs for it (network.ts: inbound on input, outbound on output). Runs in Vitest (Node).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Filter, Firewall, type Hook } from '../../../src-main/engine/firewall'
import { cidrContains, parseCidr, parseIpv4 } from '../../../src-main/engine/ip'
import type { Packet, Proto } from '../../../src-main/engine/packet'
import { parseRuleSet } from '../../../src-main/dialects/dialect'
import {
  AWS_INSIDE,
  AWS_OUTSIDE,
  awsFirewall,
  forwardChain,
  interfaceUses,
  routerFirewall,
} from '../../../src-main/dialects/firewall-spec'
import type { RuleSet } from '../../../src-main/dialects/ruleset'
import { networkAcl, securityGroup } from './arbitraries'

const INSIDE = parseCidr('10.0.1.0/24')!
const ip = (text: string) => parseIpv4(text)!

const parsed = (dialect: 'nft' | 'iptables', text: string): RuleSet => {
  const r = parseRuleSet(dialect, text)
  if (!r.ok) throw new Error(r.errors[0].message)
  return r.ruleSet
}

describe('forwardChain and routerFirewall', () => {
  it('take the forward chain, its policy and the interfaces in the order given', () => {
    const set = parsed(
      'nft',
      'table inet f {\n  chain forward { type filter hook forward priority 0; policy drop;\n    iifname "lan" oifname "wan" accept\n  }\n}\n',
    )
    const interfaces = [
      { name: 'wan', subnet: parseCidr('0.0.0.0/0')! },
      { name: 'lan', subnet: INSIDE },
    ]
    const fw = routerFirewall(set, interfaces)
    expect(fw.spec).toEqual({
      kind: 'stateless',
      interfaces,
      policy: 'drop',
      rules: [{ action: 'accept', in: 'lan', out: 'wan' }],
    })
    expect(fw.ruleName(0)).toBe('rule 0')
    expect(interfaceUses(fw.spec.rules)).toEqual([
      { rule: 0, name: 'lan' },
      { rule: 0, name: 'wan' },
    ])
  })

  it('without a forward chain, accept everything as netfilter does at a hook without a chain', () => {
    const set = parsed('iptables', '*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n')
    expect(forwardChain(set)).toEqual({ policy: 'accept', rules: [], absent: true })
  })
})

// Addresses the network engine forwards (no martians), a few of them often so conntrack matches.
const outsideAddr = fc.oneof(
  fc.constantFrom('198.51.100.7', '203.0.113.9', '192.0.2.10').map(ip),
  fc.integer({ min: 0x01000000, max: 0x7effffff }),
)
const insideAddr = fc.oneof(
  fc.constantFrom('10.0.1.5', '10.0.1.9').map(ip),
  fc.integer({ min: 1, max: 254 }).map((h) => (INSIDE.addr + h) >>> 0),
)
const port = fc.oneof(fc.constantFrom(22, 443, 1024, 40000), fc.integer({ min: 0, max: 65535 }))

/** A packet crossing the ACL or group: in from outside to inside, or out from inside. */
const crossing: fc.Arbitrary<Packet> = fc
  .record({
    inbound: fc.boolean(),
    outside: outsideAddr,
    inside: insideAddr,
    proto: fc.constantFrom<Proto>('tcp', 'udp', 'icmp'),
    sport: port,
    dport: port,
    flags: fc.constantFrom(0x02, 0x12, 0x10, 0x18, 0x11, 0x04),
    icmpType: fc.constantFrom(0, 3, 8, 11),
  })
  .filter((r) => !cidrContains(INSIDE, r.outside))
  .map((r) => ({
    in: r.inbound ? AWS_OUTSIDE : AWS_INSIDE,
    src: r.inbound ? r.outside : r.inside,
    dst: r.inbound ? r.inside : r.outside,
    proto: r.proto,
    sport: r.proto === 'icmp' ? 0 : r.sport,
    dport: r.proto === 'icmp' ? 0 : r.dport,
    flags: r.proto === 'tcp' ? r.flags : 0,
    icmpType: r.proto === 'icmp' ? r.icmpType : -1,
    icmpCode: 0,
    icmpId: r.proto === 'icmp' ? 7 : 0,
    time: 0,
  }))

/**
 * Every packet gets the verdict, and the deciding rule its name, that the network engine gives it:
 * its Filter over the parser's chains, on input for what comes in and output for what goes out,
 * rule names as network.ts writes them (an ACL's number, a group's index).
 */
function sameAsNetwork(set: RuleSet, packets: Packet[]): void {
  const fw = awsFirewall(set, INSIDE)
  const model = new Firewall(fw.spec)
  const chains: Partial<Record<Hook, { policy: 'accept' | 'drop'; rules: typeof fw.spec.rules }>> =
    {}
  const numbers: Partial<Record<Hook, number[]>> = {}
  for (const c of set.chains) {
    chains[c.hook] = { policy: c.policy, rules: c.rules }
    if (c.numbers) numbers[c.hook] = c.numbers
  }
  const network = new Filter(set.stateful ? 'stateful' : 'stateless', chains)
  packets.forEach((p, k) => {
    const at = { ...p, time: k }
    const hook: Hook = p.in === AWS_OUTSIDE ? 'input' : 'output'
    const want = network.decide(at, hook, p.in === AWS_OUTSIDE ? AWS_INSIDE : AWS_OUTSIDE)
    const got = model.process(at)
    expect(got.verdict).toBe(want.verdict)
    expect(got.ct).toBe(want.ct)
    const name = (r: number) =>
      `${hook === 'input' ? 'inbound' : 'outbound'} rule ${numbers[hook]?.[r] ?? r}`
    expect(got.rule === null ? null : fw.ruleName(got.rule)).toBe(
      want.rule === null ? null : name(want.rule),
    )
  })
}

describe('awsFirewall: one first-match list, each rule pinned to its direction', () => {
  it('decides every packet as the network engine decides a network ACL', () => {
    fc.assert(fc.property(networkAcl, fc.array(crossing, { maxLength: 30 }), sameAsNetwork), {
      numRuns: 300,
    })
  })

  it('decides every packet as the network engine decides a security group, connections included', () => {
    fc.assert(fc.property(securityGroup, fc.array(crossing, { maxLength: 30 }), sameAsNetwork), {
      numRuns: 300,
    })
  })

  it('names an ACL policy as its * rule, per direction, and lists only the two crossings', () => {
    const acl = awsFirewall({ chains: [], stateful: false, aws: { kind: 'network-acl' } }, INSIDE)
    expect(acl.policyName(AWS_OUTSIDE)).toBe('inbound rule *')
    expect(acl.policyName(AWS_INSIDE)).toBe('outbound rule *')
    expect(acl.directions).toEqual([
      [AWS_OUTSIDE, AWS_INSIDE],
      [AWS_INSIDE, AWS_OUTSIDE],
    ])
  })
})
