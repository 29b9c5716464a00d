// Connection tracking modelled on Linux 6.x netfilter conntrack (nf_conntrack_core.c,
// nf_conntrack_proto_{tcp,udp,icmp}.c), with time passed in by the caller. Packets are taken to be
// in sequence: TCP windows are never checked (portwise-scenario/1). Pure; runs anywhere.
import { type Packet, type Proto, ICMP_ERROR_TYPES, TcpFlag } from '../packet'
import type { CtState } from '../rule'
import {
  ICMP_TIMEOUT,
  TCP_CONNTRACKS,
  TCP_STATE_NAMES,
  TCP_TIMEOUT_AFTER_RST,
  TCP_TIMEOUT_UNACKNOWLEDGED,
  TCP_TIMEOUTS,
  TcpClass,
  TcpState,
  UDP_STREAM_AFTER,
  UDP_TIMEOUT,
  UDP_TIMEOUT_STREAM,
  tcpClass,
  tcpFlagsValid,
} from './tcp-states'

/** 0: the direction of the packet that opened the connection; 1: the reply direction. */
export type Dir = 0 | 1

export interface Tuple {
  proto: Proto
  src: number
  dst: number
  /** ports for TCP/UDP; for ICMP: type and echo identifier */
  sport: number
  dport: number
  icmpType: number
  icmpCode: number
  icmpId: number
}

export interface ConntrackEntry {
  id: number
  orig: Tuple
  reply: Tuple
  /** TCP state; NONE for UDP and ICMP */
  tcp: TcpState
  /** IPS_SEEN_REPLY: a packet has passed in the reply direction */
  seenReply: boolean
  /** IPS_ASSURED */
  assured: boolean
  created: number
  /** simulated time at which the entry expires (nf_ct_is_expired: now >= expires) */
  expires: number
  // nf_conntrack_proto_tcp.c bookkeeping
  lastIndex: TcpClass
  lastDir: Dir
  /** IP_CT_TCP_FLAG_CLOSE_INIT seen in either direction: a FIN moved the entry to FIN_WAIT */
  closeInit: boolean
  /** IP_CT_TCP_FLAG_MAXACK_SET per direction: that side has sent an ACK */
  seenAck: [boolean, boolean]
  /** IP_CT_TCP_SIMULTANEOUS_OPEN */
  simultaneousOpen: boolean
  /** tcp_in_window() has seen this direction (td_maxwin != 0): its first packet sets no flag */
  windowSeen: [boolean, boolean]
  /** IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED per direction: it sent data the other side has not ACKed */
  unacked: [boolean, boolean]
  /** ct->proto.udp.stream_ts */
  udpStreamAt: number
}

/** Why a packet got its ct state: the explainer turns these into sentences. */
export type CtReason =
  | { kind: 'syn' }
  | { kind: 'pickup' }
  | { kind: 'reopen'; closed: TcpState }
  | { kind: 'first' }
  | { kind: 'unanswered' }
  | { kind: 'reply' }
  | { kind: 'answered' }
  | { kind: 'ignored'; cls: TcpClass; state: TcpState; dir: Dir; resync: boolean }
  | { kind: 'related'; dir: Dir }
  | { kind: 'bad-flags' }
  | { kind: 'no-connection'; cls: TcpClass }
  | { kind: 'bad-transition'; cls: TcpClass; state: TcpState; dir: Dir }
  | { kind: 'icmp-reply-alone' }
  | { kind: 'icmp-untracked-type' }
  | { kind: 'icmp-error-unknown' }
  | { kind: 'icmp-error-misdirected'; expected: number }

/** What conntrack did with one packet, before the rules run. */
export interface Tracked {
  ct: CtState
  reason: CtReason
  /** the connection the packet belongs to (null when invalid) */
  entry: ConntrackEntry | null
  dir: Dir
  /** entry state before and after, as `conntrack -L` names them ('' when there was no entry) */
  before: string
  after: string
  /** created by this packet: kept only if the packet is accepted (nf_conntrack_confirm) */
  pending: boolean
  /** the packet deleted its connection (a RST before any reply) */
  killed: boolean
}

const R = TcpFlag.R
const A = TcpFlag.A
/** Packets that advance the sender's sequence beyond what it sent: data (PSH here) or a FIN. */
const ADVANCES = TcpFlag.P | TcpFlag.F

/** ICMP query types that may open an entry, and their answers (icmp_pkt_to_tuple's invmap). */
const ICMP_INVERSE: Readonly<Record<number, number>> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 }
const ICMP_OPENS = new Set([8, 13, 15, 17])
/** NR_ICMP_TYPES: larger types are invalid (nf_conntrack_icmpv4_error). */
const ICMP_MAX_TYPE = 18

function tupleKey(t: Tuple): string {
  return t.proto === 'icmp'
    ? `i${t.src},${t.dst},${t.icmpType},${t.icmpCode},${t.icmpId}`
    : `${t.proto === 'tcp' ? 't' : 'u'}${t.src},${t.sport},${t.dst},${t.dport}`
}

function packetTuple(p: Packet): Tuple {
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
    icmpId: p.icmpId,
  }
}

/** nf_ct_invert_tuple(); null for ICMP types with no inverse. */
export function invertTuple(t: Tuple): Tuple | null {
  if (t.proto !== 'icmp') return { ...t, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport }
  const inverse = ICMP_INVERSE[t.icmpType]
  if (inverse === undefined) return null
  return { ...t, src: t.dst, dst: t.src, icmpType: inverse }
}

/** The entry's state as `conntrack -L` shows it: the TCP state, or the UDP/ICMP flags. */
export function entryState(e: ConntrackEntry): string {
  if (e.orig.proto === 'tcp') return TCP_STATE_NAMES[e.tcp]
  return e.assured ? 'ASSURED' : e.seenReply ? 'REPLIED' : 'UNREPLIED'
}

export interface ConntrackRow {
  id: number
  orig: Tuple
  reply: Tuple
  state: string
  assured: boolean
  seenReply: boolean
  /** seconds until the entry expires */
  timeLeft: number
}

export class Conntrack {
  private readonly byTuple = new Map<string, { entry: ConntrackEntry; dir: Dir }>()
  private nextId = 1

  /**
   * nf_conntrack_in(): finds or creates the packet's connection, moves its state and says what
   * the rules will see. A created entry is `pending` until `confirm` (the packet was accepted).
   */
  track(p: Packet): Tracked {
    if (p.proto === 'icmp') return this.trackIcmp(p)
    if (p.proto === 'tcp' && !tcpFlagsValid(p.flags)) return invalid({ kind: 'bad-flags' })
    const hit = this.lookup(packetTuple(p), p.time)
    if (p.proto === 'udp') return hit ? this.udpPacket(hit.entry, hit.dir, p) : this.open(p)
    return hit ? this.tcpPacket(hit.entry, hit.dir, p) : this.tcpNew(p)
  }

  /** nf_conntrack_confirm(): the packet that created the entry was accepted, so keep it. */
  confirm(t: Tracked): void {
    if (!t.pending || !t.entry) return
    this.byTuple.set(tupleKey(t.entry.orig), { entry: t.entry, dir: 0 })
    this.byTuple.set(tupleKey(t.entry.reply), { entry: t.entry, dir: 1 })
  }

  /** Live entries at `now`, oldest first, as the connection table shows them. */
  list(now: number): ConntrackRow[] {
    const rows: ConntrackRow[] = []
    for (const { entry, dir } of this.byTuple.values()) {
      if (dir !== 0 || now >= entry.expires) continue
      rows.push({
        id: entry.id,
        orig: entry.orig,
        reply: entry.reply,
        state: entryState(entry),
        assured: entry.assured,
        seenReply: entry.seenReply,
        timeLeft: entry.expires - now,
      })
    }
    return rows.sort((a, b) => a.id - b.id)
  }

  /** Number of stored entries, expired ones not yet collected included. */
  get size(): number {
    let n = 0
    for (const v of this.byTuple.values()) if (v.dir === 0) n++
    return n
  }

  private lookup(t: Tuple, now: number) {
    const hit = this.byTuple.get(tupleKey(t))
    if (hit && now >= hit.entry.expires) {
      this.remove(hit.entry) // ____nf_conntrack_find skips and collects expired entries
      return undefined
    }
    return hit
  }

  private remove(e: ConntrackEntry): void {
    this.byTuple.delete(tupleKey(e.orig))
    this.byTuple.delete(tupleKey(e.reply))
  }

  /** init_conntrack(): a fresh, unconfirmed entry in state NONE. */
  private create(p: Packet): ConntrackEntry | null {
    const orig = packetTuple(p)
    const reply = invertTuple(orig)
    if (!reply) return null
    return {
      id: this.nextId++,
      orig,
      reply,
      tcp: TcpState.NONE,
      seenReply: false,
      assured: false,
      created: p.time,
      expires: p.time,
      lastIndex: TcpClass.NONE,
      lastDir: 0,
      closeInit: false,
      seenAck: [false, false],
      simultaneousOpen: false,
      windowSeen: [true, false],
      unacked: [false, false],
      udpStreamAt: p.time + UDP_STREAM_AFTER,
    }
  }

  /** A UDP or ICMP query's first packet: `new`, pending confirmation. */
  private open(p: Packet): Tracked {
    const entry = this.create(p)!
    entry.expires = p.time + (p.proto === 'udp' ? UDP_TIMEOUT : ICMP_TIMEOUT)
    return { ct: 'new', reason: { kind: 'first' }, entry, dir: 0, before: '', after: entryState(entry), pending: true, killed: false }
  }

  // --- UDP: nf_conntrack_udp_packet() -----------------------------------------------------

  private udpPacket(entry: ConntrackEntry, dir: Dir, p: Packet): Tracked {
    const before = entryState(entry)
    const ct = ctinfo(entry, dir)
    let timeout = UDP_TIMEOUT
    // Traffic both ways and still active more than 2 s after creation: a stream, assured, 120 s.
    if (entry.seenReply && p.time > entry.udpStreamAt) {
      timeout = UDP_TIMEOUT_STREAM
      entry.assured = true
    }
    entry.expires = p.time + timeout
    if (dir === 1) entry.seenReply = true
    return { ...ct, entry, dir, before, after: entryState(entry), pending: false, killed: false }
  }

  // --- ICMP: nf_conntrack_icmp_packet() and nf_conntrack_inet_error() ----------------------

  private trackIcmp(p: Packet): Tracked {
    if (p.icmpType > ICMP_MAX_TYPE) return invalid({ kind: 'icmp-untracked-type' })
    if (ICMP_ERROR_TYPES.has(p.icmpType)) return this.icmpError(p)
    const hit = this.lookup(packetTuple(p), p.time)
    if (hit) {
      const before = entryState(hit.entry)
      const ct = ctinfo(hit.entry, hit.dir)
      hit.entry.expires = p.time + ICMP_TIMEOUT
      if (hit.dir === 1) hit.entry.seenReply = true
      return { ...ct, entry: hit.entry, dir: hit.dir, before, after: entryState(hit.entry), pending: false, killed: false }
    }
    if (ICMP_OPENS.has(p.icmpType)) return this.open(p)
    // An answer with nothing asked, or a type with no inverse: no entry can be made.
    return invalid({ kind: p.icmpType in ICMP_INVERSE ? 'icmp-reply-alone' : 'icmp-untracked-type' })
  }

  /**
   * An ICMP error is RELATED to the connection whose packet it quotes, looked up by the inverse of
   * the quoted tuple, and only when it is sent to that packet's source (the outer daddr check).
   * It moves no state and refreshes no timeout.
   */
  private icmpError(p: Packet): Tracked {
    const q = p.inner
    if (!q) return invalid({ kind: 'icmp-error-unknown' })
    const quoted: Tuple = {
      proto: q.proto,
      src: q.src,
      dst: q.dst,
      sport: q.proto === 'icmp' ? 0 : q.sport,
      dport: q.proto === 'icmp' ? 0 : q.dport,
      icmpType: q.proto === 'icmp' ? q.icmpType : -1,
      icmpCode: 0,
      icmpId: q.proto === 'icmp' ? q.icmpId : 0,
    }
    const inverse = invertTuple(quoted)
    const hit = inverse && this.lookup(inverse, p.time)
    if (!hit) return invalid({ kind: 'icmp-error-unknown' })
    if (p.dst !== q.src) return invalid({ kind: 'icmp-error-misdirected', expected: q.src })
    const state = entryState(hit.entry)
    return {
      ct: 'related',
      reason: { kind: 'related', dir: hit.dir },
      entry: hit.entry,
      dir: hit.dir,
      before: state,
      after: state,
      pending: false,
      killed: false,
    }
  }

  // --- TCP: tcp_new() and nf_conntrack_tcp_packet() ----------------------------------------

  private tcpNew(p: Packet, reopened?: TcpState): Tracked {
    const cls = tcpClass(p.flags)
    const state = TCP_CONNTRACKS[0][cls][TcpState.NONE]
    // Only a SYN opens; an ACK is picked up mid-stream (nf_conntrack_tcp_loose=1); the rest is invalid.
    if (state === TcpState.INVALID) return invalid({ kind: 'no-connection', cls })
    const entry = this.create(p)!
    entry.tcp = state
    entry.lastIndex = cls
    entry.lastDir = 0
    if (p.flags & A) entry.seenAck[0] = true
    // Picked up and not yet answered: capped at the "unacknowledged" timeout.
    entry.expires = p.time + (state === TcpState.SYN_SENT ? TCP_TIMEOUTS[state] : TCP_TIMEOUT_UNACKNOWLEDGED)
    const reason: CtReason =
      reopened !== undefined ? { kind: 'reopen', closed: reopened } : cls === TcpClass.SYN ? { kind: 'syn' } : { kind: 'pickup' }
    return { ct: 'new', reason, entry, dir: 0, before: '', after: entryState(entry), pending: true, killed: false }
  }

  private tcpPacket(entry: ConntrackEntry, dir: Dir, p: Packet): Tracked {
    let old = entry.tcp
    const cls = tcpClass(p.flags)
    let next = TCP_CONNTRACKS[dir][cls][old]
    const before = entryState(entry)
    const ct = ctinfo(entry, dir)
    const passed = (reason: CtReason = ct.reason): Tracked => {
      if (dir === 1) entry.seenReply = true // set by nf_conntrack_in once the handler accepts
      return { ct: ct.ct, reason, entry, dir, before, after: entryState(entry), pending: false, killed: false }
    }

    let ignore = false
    switch (next) {
      case TcpState.SYN_SENT:
        if (old < TcpState.TIME_WAIT) break
        // A SYN in TIME_WAIT or CLOSE after a FIN, or after a RST from the same side, reopens:
        // the old entry is killed and the packet looked up again as a new connection.
        if (entry.closeInit || (entry.lastDir === dir && entry.lastIndex === TcpClass.RST)) {
          this.remove(entry)
          return this.tcpNew(p, old)
        }
        ignore = true
        break
      case TcpState.IGNORE:
        ignore = true
        break
      case TcpState.INVALID:
        return invalid({ kind: 'bad-transition', cls, state: old, dir })
      case TcpState.TIME_WAIT:
        // RFC 5961 challenge ACK answering a SYN in LAST_ACK: passes without moving the state.
        if (
          old === TcpState.LAST_ACK &&
          cls === TcpClass.ACK &&
          entry.lastDir !== dir &&
          entry.lastIndex === TcpClass.SYN &&
          entry.seenAck[dir]
        )
          return passed({ kind: 'ignored', cls, state: old, dir, resync: false })
        break
      case TcpState.SYN_SENT2:
        entry.simultaneousOpen = true
        break
      case TcpState.SYN_RECV:
        if (dir === 1 && cls === TcpClass.ACK && entry.simultaneousOpen) next = TcpState.ESTABLISHED
        break
    }

    if (ignore) {
      // A SYN-ACK answering a SYN we ignored (in sequence, it acknowledges it): the two ends have
      // started over, so conntrack resyncs as if from SYN_SENT.
      if (cls === TcpClass.SYNACK && entry.lastIndex === TcpClass.SYN && entry.lastDir !== dir) {
        old = TcpState.SYN_SENT
        next = TcpState.SYN_RECV
      } else {
        entry.lastIndex = cls
        entry.lastDir = dir
        return passed({ kind: 'ignored', cls, state: old, dir, resync: false })
      }
    }

    // In window (always, in this model). tcp_in_window(): a direction's first packet only sets
    // its window; later data or a FIN is unacknowledged until the other side ACKs it (in sequence,
    // an ACK acknowledges everything sent before it).
    if (!entry.windowSeen[dir]) entry.windowSeen[dir] = true
    else if (p.flags & ADVANCES) entry.unacked[dir] = true
    if (p.flags & A) {
      entry.seenAck[dir] = true
      entry.unacked[dir === 0 ? 1 : 0] = false
    }
    entry.lastIndex = cls
    entry.lastDir = dir
    entry.tcp = next
    if (old !== next && next === TcpState.FIN_WAIT) entry.closeInit = true

    let timeout = TCP_TIMEOUTS[next]
    if (cls === TcpClass.RST) timeout = TCP_TIMEOUT_AFTER_RST
    // Data not yet acknowledged caps the timeout (timeouts[TCP_CONNTRACK_UNACK]).
    else if ((entry.unacked[0] || entry.unacked[1]) && timeout > TCP_TIMEOUT_UNACKNOWLEDGED) timeout = TCP_TIMEOUT_UNACKNOWLEDGED
    if (!entry.seenReply) {
      // "If only reply is a RST, we can consider ourselves not to have an established connection"
      if (p.flags & R) {
        this.remove(entry)
        const t = passed()
        t.killed = true
        t.after = ''
        return t
      }
      // A retransmitted SYN does not renew the timeout.
      if (cls === TcpClass.SYN && old === TcpState.SYN_SENT) return passed()
      if (next === TcpState.ESTABLISHED && timeout > TCP_TIMEOUT_UNACKNOWLEDGED) timeout = TCP_TIMEOUT_UNACKNOWLEDGED
    } else if (
      !entry.assured &&
      (old === TcpState.SYN_RECV || old === TcpState.ESTABLISHED) &&
      next === TcpState.ESTABLISHED
    ) {
      entry.assured = true
    }
    entry.expires = p.time + timeout
    const reason: CtReason =
      ignore && next === TcpState.SYN_RECV ? { kind: 'ignored', cls, state: TcpState.SYN_SENT, dir, resync: true } : ct.reason
    return passed(reason)
  }
}

/** The ctinfo the packet gets from the lookup alone (resolve_normal_ct). */
function ctinfo(entry: ConntrackEntry, dir: Dir): { ct: CtState; reason: CtReason } {
  if (dir === 1) return { ct: 'established', reason: { kind: 'reply' } }
  return entry.seenReply
    ? { ct: 'established', reason: { kind: 'answered' } }
    : { ct: 'new', reason: { kind: 'unanswered' } }
}

function invalid(reason: CtReason): Tracked {
  return { ct: 'invalid', reason, entry: null, dir: 0, before: '', after: '', pending: false, killed: false }
}
