// Traffic: each flow a learner starts expands into the packets real stacks send, reacting to
// what the network does to them — a TCP handshake, request, response and FIN teardown; SYNs
// retried with the OS's back-off; RST for a closed port; ICMP for a reject; DNS over UDP with the
// resolver's retries; ping; traceroute. Pure; deterministic for a seed.
import { formatIpv4, parseIpv4 } from '../engine/ip'
import { type Proto, TcpFlag } from '../engine/packet'
import { type Network, type Outgoing, type Sent, checkRule } from './network'
import { OS_PROFILES } from './os-profiles'
import { randomInt } from './random'
import { route } from './routing'
import { suggestInverseRule } from './inverse-rule'
import type { FlowTrace } from './trace'
import type { FlowSpec, TopologyNode } from './topology'

/** Time between two packets of one exchange, so each has its own moment on the timeline. */
const GAP = 0.001
/** glibc resolver defaults (resolv.conf(5)): timeout 5 s, 2 attempts. */
const DNS_TIMEOUT = 5
const DNS_ATTEMPTS = 2
/** ping waits this long for each reply (ping(8) -W default). */
const PING_WAIT = 1
/** traceroute(8) starts probing at UDP port 33434 and waits up to 5 s a probe. */
const TRACEROUTE_WAIT = 5

interface Context {
  net: Network
  flow: FlowTrace
  spec: FlowSpec
  client: TopologyNode
  server: TopologyNode | undefined
  clientAddr: number
  serverAddr: number
  random: () => number
  time: number
}

const flagBits = (text: string) =>
  [...text].reduce((bits, f) => bits | TcpFlag[f as keyof typeof TcpFlag], 0)

function packet(c: Context, dir: 0 | 1, proto: Proto, fields: Partial<Outgoing>): Outgoing {
  const [src, dst] = dir === 0 ? [c.clientAddr, c.serverAddr] : [c.serverAddr, c.clientAddr]
  const [sport, dport] = dir === 0 ? [c.flow.sport, c.flow.dport] : [c.flow.dport, c.flow.sport]
  return {
    src,
    dst,
    proto,
    sport,
    dport,
    flags: 0,
    icmpType: -1,
    icmpCode: 0,
    icmpId: 0,
    time: c.time,
    ...fields,
  }
}

function send(c: Context, dir: 0 | 1, label: string, out: Outgoing, ttl?: number): Sent {
  const sent = c.net.send(dir === 0 ? c.client.id : (c.server?.id ?? c.client.id), out, {
    label,
    flow: c.flow.index,
    ttl,
  })
  c.flow.packets.push(sent.trace.seq)
  for (let e = sent.error; e; e = e.error) c.flow.packets.push(e.trace.seq)
  c.time += GAP
  return sent
}

function tcp(c: Context, dir: 0 | 1, flags: string, label: string): Sent {
  return send(c, dir, label, packet(c, dir, 'tcp', { flags: flagBits(flags) }))
}

function udp(c: Context, dir: 0 | 1, label: string): Sent {
  return send(c, dir, label, packet(c, dir, 'udp', {}))
}

const listens = (node: TopologyNode | undefined, proto: 'tcp' | 'udp', port: number) =>
  !!node?.services.some((s) => s.proto === proto && s.port === port)

/** Words for why a packet did not arrive: `the SYN-ACK was dropped by fw1 forward policy`. */
export function whyLost(sent: Sent, label: string, brief = false): string {
  const t = sent.trace
  const by = t.droppedBy
  if (by) {
    const where = `${by.label} ${checkRule(by)}`
    const near =
      by.closest[0] && !brief
        ? `; closest: ${by.closest[0].name}: ${by.closest[0].reasons.join(', ')}`
        : ''
    return `the ${label} was ${by.reject ? 'rejected' : 'dropped'} by ${where}${by.rule === null && !brief ? ` (no rule matched${near})` : ''}`
  }
  return `the ${label} was lost: ${t.summary}`
}

/** The ICMP error that came back to the sender, if one did. */
function errorBack(sent: Sent): Sent | null {
  return sent.error && sent.error.trace.fate === 'delivered' ? sent.error : null
}

/** Records a failure; `lost` is the packet whose loss explains it, worded by `lostWords`. */
function fail(
  c: Context,
  outcome: string,
  lost?: Sent,
  lostWords?: (brief: boolean) => string,
): void {
  c.flow.ok = false
  c.flow.suggestion = lost ? suggestInverseRule(c.net, lost.trace, c.client) : null
  const suggestion = c.flow.suggestion
  c.flow.outcome = lostWords ? `${outcome}: ${lostWords(!!suggestion)}` : outcome
  if (suggestion) c.flow.outcome += ` (${suggestion.why})`
}

function tcpFlow(c: Context): void {
  const profile = OS_PROFILES[c.client.os]
  const start = c.time
  const attempts = [0, ...profile.synRetries]
  let lost: Sent | undefined
  let lostLabel = ''
  for (const at of attempts) {
    c.time = start + at
    const syn = tcp(c, 0, 'S', 'SYN')
    if (syn.trace.fate !== 'delivered') {
      const back = errorBack(syn)
      if (back)
        return fail(
          c,
          `rejected: ${whyLost(syn, 'SYN')}, and ${back.trace.from} answered ICMP ${back.trace.label}`,
        )
      ;[lost, lostLabel] = [syn, 'SYN']
      continue
    }
    if (!listens(c.server, 'tcp', c.flow.dport)) {
      const rst = tcp(c, 1, 'RA', 'RST')
      if (rst.trace.fate === 'delivered')
        return fail(
          c,
          `connection refused: nothing listens on tcp/${c.flow.dport} at ${c.server?.id ?? formatIpv4(c.serverAddr)}`,
        )
      ;[lost, lostLabel] = [rst, 'RST']
      continue
    }
    const synAck = tcp(c, 1, 'SA', 'SYN-ACK')
    if (synAck.trace.fate !== 'delivered') {
      ;[lost, lostLabel] = [synAck, 'SYN-ACK']
      continue
    }
    const exchange: [0 | 1, string, string][] = [
      [0, 'A', 'ACK'],
      [0, 'PA', 'request'],
      [1, 'PA', 'response'],
      [0, 'A', 'ACK'],
      [0, 'FA', 'FIN'],
      [1, 'A', 'ACK'],
      [1, 'FA', 'FIN'],
      [0, 'A', 'ACK'],
    ]
    for (const [dir, flags, label] of exchange) {
      const sent = tcp(c, dir, flags, label)
      if (sent.trace.fate !== 'delivered')
        return fail(c, 'connected, then lost', sent, (b) => whyLost(sent, label, b))
    }
    c.flow.ok = true
    c.flow.outcome = 'connected'
    return
  }
  const last = lost
  fail(c, `timed out after ${profile.synGiveUp} s`, last, (b) =>
    last ? whyLost(last, lostLabel, b) : 'no answer',
  )
}

function udpFlow(c: Context, query: string, answer: string): void {
  const start = c.time
  const attempts = c.spec.kind === 'dns' ? DNS_ATTEMPTS : 1
  let lost: Sent | undefined
  let lostLabel = ''
  for (let i = 0; i < attempts; i++) {
    c.time = start + i * DNS_TIMEOUT
    const q = udp(c, 0, query)
    if (q.trace.fate !== 'delivered') {
      const back = errorBack(q)
      if (back)
        return fail(
          c,
          `rejected: ${whyLost(q, query)}, and ${back.trace.from} answered ICMP ${back.trace.label}`,
        )
      ;[lost, lostLabel] = [q, query]
      continue
    }
    if (!listens(c.server, 'udp', c.flow.dport)) {
      if (errorBack(q))
        return fail(
          c,
          `port unreachable: nothing listens on udp/${c.flow.dport} at ${c.server?.label}`,
        )
      if (q.error) [lost, lostLabel] = [q.error, 'ICMP port unreachable']
      continue
    }
    const a = udp(c, 1, answer)
    if (a.trace.fate === 'delivered') {
      c.flow.ok = true
      c.flow.outcome = 'answered'
      return
    }
    ;[lost, lostLabel] = [a, answer]
  }
  const last = lost
  fail(c, `timed out after ${attempts * DNS_TIMEOUT} s`, last, (b) =>
    last ? whyLost(last, lostLabel, b) : 'no answer',
  )
}

function pingFlow(c: Context): void {
  let replies = 0
  let lost: Sent | undefined
  let lostLabel = ''
  const start = c.time
  for (let seq = 0; seq < c.spec.count; seq++) {
    c.time = start + seq * PING_WAIT
    const req = send(
      c,
      0,
      'echo request',
      packet(c, 0, 'icmp', { sport: 0, dport: 0, icmpType: 8, icmpId: c.flow.sport }),
    )
    if (req.trace.fate !== 'delivered') {
      ;[lost, lostLabel] = [req, 'echo request']
      continue
    }
    const rep = send(
      c,
      1,
      'echo reply',
      packet(c, 1, 'icmp', { sport: 0, dport: 0, icmpType: 0, icmpId: c.flow.sport }),
    )
    if (rep.trace.fate === 'delivered') replies++
    else [lost, lostLabel] = [rep, 'echo reply']
  }
  c.flow.ok = replies === c.spec.count
  c.flow.outcome = `${replies} of ${c.spec.count} echo requests answered`
  const last = lost
  if (last) fail(c, c.flow.outcome, last, (b) => whyLost(last, lostLabel, b))
}

function tracerouteFlow(c: Context): void {
  const hops: string[] = []
  for (let ttl = 1; ttl <= c.spec.count; ttl++) {
    c.time = c.time + (ttl > 1 ? GAP : 0)
    const probe = send(
      c,
      0,
      `probe TTL ${ttl}`,
      packet(c, 0, 'udp', { dport: c.flow.dport + ttl - 1 }),
      ttl,
    )
    const back = errorBack(probe)
    if (!back) {
      hops.push(`${ttl} *`)
      c.time += TRACEROUTE_WAIT
      continue
    }
    hops.push(`${ttl} ${back.trace.from} (${formatIpv4(back.trace.packet.src)})`)
    if (back.trace.packet.icmpType === 3) {
      c.flow.ok = back.trace.from === c.server?.id
      c.flow.outcome = `${c.flow.ok ? 'reached' : 'stopped'} in ${ttl} hops: ${hops.join(', ')}`
      return
    }
  }
  c.flow.ok = false
  c.flow.outcome = `did not reach ${c.spec.to} in ${c.spec.count} hops: ${hops.join(', ')}`
}

/** Runs one flow from `time`; returns its trace and when it ended. */
export function runFlow(
  net: Network,
  spec: FlowSpec,
  index: number,
  time: number,
  random: () => number,
): { flow: FlowTrace; end: number } {
  const client = net.node(spec.from)
  const literal = parseIpv4(spec.to)
  const target = literal === null ? net.node(spec.to) : net.owner(literal)
  const serverAddr = literal ?? target?.interfaces[0]?.address ?? 0
  const proto: FlowTrace['proto'] =
    spec.kind === 'ping'
      ? 'icmp'
      : spec.kind === 'dns' || spec.kind === 'udp' || spec.kind === 'traceroute'
        ? 'udp'
        : 'tcp'
  const ephemeral = OS_PROFILES[client.os].ephemeral
  const flow: FlowTrace = {
    index,
    name: spec.name,
    kind: spec.kind,
    from: spec.from,
    to: spec.to,
    proto,
    sport:
      spec.sport ??
      (spec.kind === 'ping'
        ? randomInt(random, 1, 65535)
        : randomInt(random, ephemeral.lo, ephemeral.hi)),
    dport: spec.kind === 'ping' ? 0 : spec.port,
    packets: [],
    ok: false,
    outcome: '',
    suggestion: null,
  }
  const way = route(client, serverAddr)
  if (!way) {
    flow.outcome = `${client.label} has no route to ${formatIpv4(serverAddr)}`
    return { flow, end: time }
  }
  const c: Context = {
    net,
    flow,
    spec,
    client,
    server: target,
    clientAddr: way.iface.address,
    serverAddr,
    random,
    time,
  }
  if (proto === 'tcp') tcpFlow(c)
  else if (spec.kind === 'dns') udpFlow(c, 'DNS query', 'DNS response')
  else if (spec.kind === 'udp') udpFlow(c, 'datagram', 'reply')
  else if (spec.kind === 'ping') pingFlow(c)
  else tracerouteFlow(c)
  return { flow, end: c.time }
}
