// The allowed-set analysis on the seed lessons, in words a learner reads, and its speed on a
// 1,000-rule firewall. Runs in Vitest (Node).
import { describe, expect, it } from 'vitest'
import {
  type Box,
  allowedSet,
  describeBox,
  difference,
  ruleAnalysis,
  sampleCt,
  samplePacket,
} from '../../../src-main/engine/allowed/index'
import type { FirewallSpec } from '../../../src-main/engine/firewall'
import { parseCidr } from '../../../src-main/engine/ip'
import { describePacket } from '../../../src-main/engine/packet'
import type { Rule } from '../../../src-main/engine/rule'
import { readScenario } from '../../../src-main/engine/scenario'

function firewall(kind: 'stateless' | 'stateful', rules: unknown[], policy = 'drop'): FirewallSpec {
  const interfaces = { outside: '0.0.0.0/0', inside: '10.0.2.0/24' }
  const json = {
    format: 'portwise-scenario/1',
    firewall: { kind, interfaces, policy, rules },
    packets: [],
  }
  return readScenario(json).firewall
}

const words = (spec: FirewallSpec, boxes: Box[]) =>
  boxes.map((b) => `${b.in} → ${b.out}: ${describeBox(b, { firewall: spec, direction: false })}`)

const WEB_IN = { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.2', dport: 443 }

describe('the seed lessons', () => {
  it('a stateless server needs an inverse rule, and it lets out anything from port 443', () => {
    const spec = firewall('stateless', [
      WEB_IN,
      {
        action: 'accept',
        in: 'inside',
        proto: 'tcp',
        src: '10.0.2.2',
        sport: 443,
        dport: '1024-65535',
      },
    ])
    expect(words(spec, allowedSet(spec))).toEqual([
      'outside → inside: tcp from any to 10.0.2.2 port 443',
      'inside → outside: tcp from 10.0.2.2 port 443 to any ports 1024–65535',
      // hairpin: inside to inside passes the router too, and the inverse rule does not say `out`
      'inside → inside: tcp from 10.0.2.2 port 443 to any ports 1024–65535',
    ])
    const back = allowedSet(spec).find((b) => b.in === 'inside' && b.out === 'outside')!
    expect(back.rule).toBe(1)
    expect(describePacket(samplePacket(back, spec))).toBe(
      'tcp 10.0.2.2:443 → 198.51.100.7:8080 [S]',
    )
  })

  it('a stateful server lets back only what belongs to a connection', () => {
    const spec = firewall('stateful', [
      { action: 'accept', ct: ['established', 'related'] },
      { ...WEB_IN, ct: ['new'] },
    ])
    const allowed = allowedSet(spec)
    for (const b of allowed.filter((x) => x.in === 'inside'))
      expect(b.ct).toEqual(['established', 'related'])
    const fresh = allowed.filter((b) => b.ct!.includes('new'))
    expect(words(spec, fresh)).toEqual([
      'outside → inside: tcp from any to 10.0.2.2 port 443 in ct state new',
    ])
    expect(sampleCt(fresh[0])).toBe('new')
  })
})

describe('least privilege: what one rule set allows that another does not', () => {
  it('names the extra packets and gives an example', () => {
    const reference = firewall('stateless', [WEB_IN])
    const learner = firewall('stateless', [
      WEB_IN,
      { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.2', dport: '1024-65535' },
    ])
    const extra = difference(learner, reference)
    expect(words(learner, extra)).toEqual([
      'outside → inside: tcp from any to 10.0.2.2 ports 1024–65535',
    ])
    expect(extra[0]).toMatchObject({ rule: 1, otherRule: null })
    expect(describePacket(samplePacket(extra[0], learner))).toBe(
      'tcp 203.0.113.9:40000 → 10.0.2.2:8080 [S]',
    )
    expect(difference(reference, learner)).toEqual([])
  })

  it('refuses to compare firewalls on different interfaces', () => {
    const other = {
      ...firewall('stateless', []),
      interfaces: [{ name: 'lan', subnet: parseCidr('10.0.0.0/8')! }],
    }
    expect(() => difference(firewall('stateless', []), other)).toThrow(/different interfaces/)
  })
})

describe('rules that never change a verdict', () => {
  it('finds shadowed rules with the rules that shadow them, and redundant ones with their stand-ins', () => {
    const spec = firewall('stateless', [
      { action: 'drop', proto: 'tcp', dport: 22 },
      { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.0/24', dport: '1-1023' },
      { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.2', dport: 22 },
      { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.2', dport: 443 },
      { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.2', dport: 80 },
      { action: 'drop', proto: 'udp' },
      { action: 'accept', proto: 'tcp', dst: '192.0.2.0/24', out: 'inside' },
    ])
    expect(ruleAnalysis(spec)).toEqual([
      { rule: 2, kind: 'shadowed', by: [0], byPolicy: false },
      { rule: 3, kind: 'shadowed', by: [1], byPolicy: false },
      { rule: 4, kind: 'shadowed', by: [1], byPolicy: false },
      { rule: 5, kind: 'redundant', by: [], byPolicy: true },
      // 192.0.2.0/24 is routed out of outside, never inside: the rule can match no packet
      { rule: 6, kind: 'shadowed', by: [], byPolicy: false },
    ])
  })

  it('a reject is not a drop: the sender hears of it', () => {
    const spec = firewall('stateless', [{ action: 'reject', proto: 'udp' }])
    expect(ruleAnalysis(spec)).toEqual([])
  })
})

describe('boxes in words', () => {
  const one = (spec: FirewallSpec) => words(spec, allowedSet(spec))
  it('says flags as a rule writes them and ICMP types by name', () => {
    expect(
      one(
        firewall('stateless', [
          {
            action: 'accept',
            in: 'outside',
            proto: 'tcp',
            dst: '10.0.2.2',
            flags: { set: 'S', mask: 'SA' },
          },
          { action: 'accept', in: 'outside', proto: 'icmp', dst: '10.0.2.0/24', icmpType: 8 },
        ]),
      ),
    ).toEqual([
      'outside → inside: tcp from any to 10.0.2.2 with SYN set and ACK clear',
      'outside → inside: icmp echo request from any to any',
    ])
  })

  it('says what is left out when that is shorter', () => {
    const rest = { action: 'accept', in: 'inside', out: 'outside' }
    expect(
      one(
        firewall('stateless', [
          { action: 'drop', src: '10.0.2.2' },
          { ...rest, src: '10.0.2.0/24', proto: 'udp' },
        ]),
      ),
    ).toEqual(['inside → outside: udp from 10.0.2.0/24 but 10.0.2.2 to any'])
    expect(
      one(
        firewall('stateless', [
          { action: 'drop', proto: 'tcp', dport: 443 },
          { ...rest, proto: 'tcp' },
        ]),
      ),
    ).toEqual(['inside → outside: tcp from any to any ports other than 443'])
    expect(
      one(
        firewall('stateless', [
          { action: 'drop', src: '10.0.0.0/8' },
          { ...rest, proto: 'tcp' },
        ]),
      ),
    ).toEqual(['inside → outside: tcp from any but 10.0.0.0/8 to any'])
  })
})

/** A 1,000-rule ACL as people write them: per host and service, from a handful of networks. */
function bigAcl(seed: number, kind: 'stateless' | 'stateful'): FirewallSpec {
  let s = seed
  const r = (k: number) => {
    s = (s * 1103515245 + 12345) % 2147483648
    return Math.floor((s / 2147483648) * k)
  }
  const rules: Rule[] =
    kind === 'stateful' ? [{ action: 'accept', ct: ['established', 'related'] }] : []
  while (rules.length < 1000) {
    const port = [22, 25, 53, 80, 443, 3306, 5432, 8080][r(8)]
    const rule: Rule = {
      action: r(5) === 0 ? 'drop' : 'accept',
      in: r(4) ? 'outside' : 'inside',
      proto: r(5) ? 'tcp' : 'udp',
      dst: [parseCidr(`10.0.${1 + r(2)}.${r(64)}/32`)!],
      dport: [{ lo: port, hi: port }],
    }
    if (r(3)) rule.src = [parseCidr(`198.51.${r(8)}.0/24`)!]
    if (kind === 'stateful') rule.ct = ['new']
    rules.push(rule)
  }
  const interfaces = [
    { name: 'outside', subnet: parseCidr('0.0.0.0/0')! },
    { name: 'inside', subnet: parseCidr('10.0.1.0/24')! },
    { name: 'dmz', subnet: parseCidr('10.0.2.0/24')! },
  ]
  return { kind, interfaces, policy: 'drop', rules }
}

describe('at scale', () => {
  // How long this takes is measured by `npm run bench`, not asserted here.
  it('analyses a 1,000-rule firewall', { timeout: 60_000 }, () => {
    const a = bigAcl(7, 'stateful')
    const b = bigAcl(8, 'stateful')
    expect(allowedSet(a).length).toBeGreaterThan(0)
    expect(ruleAnalysis(a).every((f) => f.rule >= 0 && f.rule < a.rules.length)).toBe(true)
    expect(difference(a, b).length).toBeGreaterThan(0)
  })
})
