// End-to-end replay as grading does it, without the tracer's explanations: generated flows (TCP
// handshake, data, teardown; DNS over UDP; ping) through a lab-sized stateful firewall (48 rules,
// three interfaces): routing, conntrack, the chain's classifier, confirmation. Baseline in the
// same run: the same pipeline with the reference linear scan `firstMatch`. Every verdict of the
// two is compared. Runs in Node under `npm run bench`.
import { performance } from 'node:perf_hooks'
import { Conntrack } from '../../src-main/engine/conntrack/conntrack'
import { Firewall, type FirewallSpec, firstMatch, routeOut } from '../../src-main/engine/firewall'
import { type Packet, TcpFlag } from '../../src-main/engine/packet'
import type { Rule } from '../../src-main/engine/rule'

const { S, A, F, P } = TcpFlag
const CLIENTS = 0xc6336400 // 198.51.100.0/24 on outside
const WEB = 0x0a000200 // 10.0.2.0/24 on dmz
const LAN = 0x0a000100 // 10.0.1.0/24 on inside

export function labSpec(): FirewallSpec {
  const host = (a: number) => [{ addr: a, len: 32 }]
  const port = (p: number) => [{ lo: p, hi: p }]
  const rules: Rule[] = [
    { action: 'accept', ct: ['established', 'related'] },
    { action: 'drop', ct: ['invalid'] },
  ]
  // Learner-style clutter: specific hosts and services that the traffic mostly does not hit.
  for (let i = 0; i < 40; i++)
    rules.push({
      action: i % 3 ? 'accept' : 'drop',
      in: i % 2 ? 'outside' : 'inside',
      proto: i % 4 ? 'tcp' : 'udp',
      dst: host(WEB + 20 + i),
      dport: port(1000 + i * 7),
    })
  rules.push(
    {
      action: 'accept',
      in: 'outside',
      out: 'dmz',
      proto: 'tcp',
      dst: [{ addr: WEB, len: 24 }],
      dport: [
        { lo: 80, hi: 80 },
        { lo: 443, hi: 443 },
      ],
      flags: { set: S, mask: S | A },
    },
    { action: 'accept', in: 'inside', proto: 'udp', dport: port(53) },
    { action: 'accept', in: 'inside', proto: 'icmp', icmpType: [8] },
    { action: 'accept', in: 'inside', out: 'outside', proto: 'tcp' },
    { action: 'reject', in: 'outside', proto: 'tcp', dport: port(22) },
    { action: 'drop', in: 'outside' },
  )
  return {
    kind: 'stateful',
    interfaces: [
      { name: 'outside', subnet: { addr: 0, len: 0 } },
      { name: 'inside', subnet: { addr: LAN, len: 24 } },
      { name: 'dmz', subnet: { addr: WEB, len: 24 } },
    ],
    policy: 'drop',
    rules,
  }
}

const pkt = (
  inIf: string,
  src: number,
  dst: number,
  proto: Packet['proto'],
  sport: number,
  dport: number,
  flags: number,
  time: number,
  icmpType = -1,
): Packet => ({
  in: inIf,
  src,
  dst,
  proto,
  sport,
  dport,
  flags,
  icmpType,
  icmpCode: 0,
  icmpId: icmpType >= 0 ? sport : 0,
  time,
})

/** Generates flow f's packets and hands each to `sink`; returns how many. Traffic generation is timed too. */
function generateFlow(f: number, t: number, sink: (p: Packet) => void): number {
  const kind = f % 8
  const client = CLIENTS + (f % 200)
  const eph = 1024 + (f % 60000)
  if (kind < 5) {
    // HTTPS from outside to a web server: 3-way handshake, request, response, FIN teardown.
    const web = WEB + 2 + (f % 4)
    const seq: [boolean, number][] = [
      [true, S],
      [false, S | A],
      [true, A],
      [true, P | A],
      [false, P | A],
      [false, P | A],
      [true, A],
      [true, F | A],
      [false, F | A],
      [true, A],
    ]
    for (const [fwd, flags] of seq)
      sink(
        fwd
          ? pkt('outside', client, web, 'tcp', eph, 443, flags, t)
          : pkt('dmz', web, client, 'tcp', 443, eph, flags, t),
      )
    return seq.length
  }
  const lan = LAN + 10 + (f % 50)
  if (kind === 5) {
    sink(pkt('inside', lan, 0x08080808, 'udp', eph, 53, 0, t))
    sink(pkt('outside', 0x08080808, lan, 'udp', 53, eph, 0, t))
    return 2
  }
  if (kind === 6) {
    sink(pkt('inside', lan, 0x01010101, 'icmp', 0, 0, 0, t, 8))
    sink(pkt('outside', 0x01010101, lan, 'icmp', 0, 0, 0, t, 0))
    return 2
  }
  // A probe the firewall rejects (ssh from outside), and a stray SYN-ACK it finds invalid.
  sink(pkt('outside', client, LAN + 5, 'tcp', eph, 22, S, t))
  sink(pkt('outside', client, WEB + 2, 'tcp', eph, 443, S | A, t))
  return 2
}

export interface GradingBenchResult {
  rules: number
  flows: number
  packets: number
  packetsPerSecond: number
  baselinePacketsPerSecond: number
  ratio: number
}

export function benchGrading(flows = 100_000, rounds = 5): GradingBenchResult {
  const spec = labSpec()
  const verdicts = new Int8Array(flows * 10)
  const baseVerdicts = new Int8Array(flows * 10)
  const run = (): [number, number] => {
    const fw = new Firewall(spec)
    let n = 0
    const sink = (p: Packet) => {
      verdicts[n++] = fw.process(p).verdict === 'accept' ? 1 : 0
    }
    const t0 = performance.now()
    for (let f = 0; f < flows; f++) generateFlow(f, f * 0.001, sink)
    return [n, performance.now() - t0]
  }
  const runBaseline = (): [number, number] => {
    const ct = new Conntrack()
    let n = 0
    const sink = (p: Packet) => {
      const tracked = ct.track(p)
      const out = routeOut(spec.interfaces, p.dst)
      let accept = false
      if (out !== null) {
        const i = firstMatch(spec.rules, p, { out: out.name, ct: tracked.ct })
        accept = i >= 0 ? spec.rules[i].action === 'accept' : spec.policy === 'accept'
        if (accept) ct.confirm(tracked)
      }
      baseVerdicts[n++] = accept ? 1 : 0
    }
    const t0 = performance.now()
    for (let f = 0; f < flows; f++) generateFlow(f, f * 0.001, sink)
    return [n, performance.now() - t0]
  }
  run()
  runBaseline()
  const pps: number[] = []
  const base: number[] = []
  const ratios: number[] = []
  let packets = 0
  for (let r = 0; r < rounds; r++) {
    const [n, ms] = run()
    const [bn, bms] = runBaseline()
    if (n !== bn || verdicts.subarray(0, n).some((v, i) => v !== baseVerdicts[i]))
      throw new Error('grading bench: the classifier pipeline and the linear scan disagree')
    packets = n
    pps.push(n / (ms / 1000))
    base.push(bn / (bms / 1000))
    ratios.push(pps[r] / base[r])
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  return {
    rules: spec.rules.length,
    flows,
    packets,
    packetsPerSecond: median(pps),
    baselinePacketsPerSecond: median(base),
    ratio: median(ratios),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchGrading())
