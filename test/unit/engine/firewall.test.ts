// The firewall as a whole: routing by subnet, rules after conntrack, what a verdict keeps.
import { describe, expect, it } from 'vitest'
import {
  type Decision,
  Firewall,
  type FirewallSpec,
  routeOut,
} from '../../../src-main/engine/firewall'
import { parseCidr, parseIpv4 } from '../../../src-main/engine/ip'
import { mulberry32 } from '../../bench/classbench'
import { CLIENT, SERVER, conv, packet } from '../../support/packets'

const iface = (name: string, subnet: string) => ({ name, subnet: parseCidr(subnet)! })

describe('routing by subnet', () => {
  const interfaces = [
    iface('outside', '0.0.0.0/0'),
    iface('dmz', '10.0.0.0/8'),
    iface('inside', '10.0.2.0/24'),
    iface('twin', '10.0.2.0/24'),
  ]

  it('takes the longest prefix, and the first listed among equals', () => {
    expect(routeOut(interfaces, parseIpv4('10.0.2.9')!)?.name).toBe('inside')
    expect(routeOut(interfaces, parseIpv4('10.9.9.9')!)?.name).toBe('dmz')
    expect(routeOut(interfaces, parseIpv4('8.8.8.8')!)?.name).toBe('outside')
  })

  it('finds nothing when no subnet holds the destination', () => {
    expect(routeOut([iface('inside', '10.0.2.0/24')], parseIpv4('8.8.8.8')!)).toBeNull()
  })
})

describe('Firewall', () => {
  const spec = (kind: FirewallSpec['kind'], rules: FirewallSpec['rules'] = []): FirewallSpec => ({
    kind,
    interfaces: [iface('outside', '198.51.100.0/24'), iface('inside', '10.0.2.0/24')],
    policy: 'drop',
    rules,
  })

  it('drops a packet routing cannot deliver before any rule, with no ct state', () => {
    const fw = new Firewall(spec('stateful', [{ action: 'accept' }]))
    const d = fw.process(packet({ dst: parseIpv4('8.8.8.8')!, flagText: 'S' }))
    expect([d.verdict, d.ct, d.rule, d.out]).toEqual(['drop', null, null, null])
    expect(fw.conntrack.list(0)).toEqual([])
  })

  it('a stateless firewall reports no ct state', () => {
    const d = new Firewall(spec('stateless', [{ action: 'accept', proto: 'tcp' }])).process(
      conv(0, 'S'),
    )
    expect([d.verdict, d.ct, d.rule]).toEqual(['accept', null, 0])
  })

  it('a dropped first packet leaves no entry; an accepted one is kept', () => {
    const fw = new Firewall(
      spec('stateful', [
        { action: 'accept', in: 'outside', proto: 'tcp', dport: [{ lo: 443, hi: 443 }] },
      ]),
    )
    expect(fw.process(conv(0, 'S')).verdict).toBe('accept')
    expect(fw.conntrack.list(0)).toHaveLength(1)
    const other = packet({ sport: 40002, dport: 80, flagText: 'S' })
    expect(fw.process(other)).toMatchObject({ verdict: 'drop', ct: 'new', rule: null })
    expect(fw.conntrack.list(0)).toHaveLength(1)
  })

  it('a packet of a known connection moves its state even when the rules drop it', () => {
    const fw = new Firewall(spec('stateful', [{ action: 'accept', in: 'outside' }]))
    fw.process(conv(0, 'S'))
    expect(fw.process(conv(1, 'SA')).verdict).toBe('drop') // no rule for the reply
    expect(fw.conntrack.list(0)[0].state).toBe('SYN_RECV')
  })

  it('decides a list of packets in bursts exactly as one at a time (processAll)', () => {
    // Conntrack.prefetch reads the table ahead of each burst; it must change no answer.
    const rand = mulberry32(31)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
    const packets = Array.from({ length: 3000 }, (_, i) => {
      const back = rand() < 0.5
      const proto = pick(['tcp', 'tcp', 'udp', 'icmp'] as const)
      const host = CLIENT + Math.floor(rand() * 40)
      const sport = 40000 + Math.floor(rand() * 8)
      return packet({
        in: back ? 'inside' : 'outside',
        src: back ? SERVER : host,
        dst: back ? host : SERVER,
        proto,
        sport: proto === 'icmp' ? 0 : back ? 443 : sport,
        dport: proto === 'icmp' ? 0 : back ? sport : 443,
        flagText: proto === 'tcp' ? pick(['S', 'SA', 'A', 'PA', 'FA', 'R']) : '',
        icmpType: proto === 'icmp' ? pick([8, 0]) : -1,
        icmpId: proto === 'icmp' ? sport : 0,
        time: i / 10,
      })
    })
    const rules: FirewallSpec['rules'] = [
      { action: 'accept', ct: ['established', 'related'] },
      { action: 'accept', in: 'outside', proto: 'tcp', dport: [{ lo: 443, hi: 443 }] },
      { action: 'accept', in: 'outside', proto: 'icmp' },
    ]
    const one = new Firewall(spec('stateful', rules))
    const each = packets.map((p) => one.process(p))
    const all = new Firewall(spec('stateful', rules))
    const bursts = all.processAll(packets)
    const brief = (d: Decision) => [d.verdict, d.ct, d.rule]
    expect(bursts.map(brief)).toEqual(each.map(brief))
    expect(new Set(each.map((d) => d.ct)).size).toBeGreaterThan(2)
    expect(all.conntrack.list(300)).toEqual(one.conntrack.list(300))
    expect(all.conntrack.size).toBeGreaterThan(20)
  })

  it('reject decides like drop and says so', () => {
    const d = new Firewall(spec('stateless', [{ action: 'reject' }])).process(conv(0, 'S'))
    expect([d.verdict, d.reject, d.rule]).toEqual(['drop', true, 0])
  })
})
