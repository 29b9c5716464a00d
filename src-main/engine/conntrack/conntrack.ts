// Connection tracking modelled on Linux 6.x netfilter conntrack (nf_conntrack_core.c,
// nf_conntrack_proto_{tcp,udp,icmp}.c), with time passed in by the caller. Packets are taken to be
// in sequence: TCP windows are never checked (portwise-scenario/1). Entries live in typed arrays
// (entry-table.ts); the objects the explainer and the tracer read are built only when asked for.
// Pure; runs anywhere.
import { type Packet, type Proto, ICMP_ERROR_TYPES, TcpFlag } from '../packet'
import type { CtState } from '../rule'
import { EntryTable } from './entry-table'
import * as record from './record'
import * as tcp from './tcp-states'

// Local consts, not named imports, for the per-packet path: see record.ts.
const {
  ASSURED,
  CHALLENGE_ACK,
  CLOSE_INIT,
  ICMP_INVERSE_OF,
  LAST_DIR,
  LAST_INDEX_SHIFT,
  LAST_WIN,
  P_ICMP,
  P_TCP,
  P_UDP,
  PROTO_SHIFT,
  REPEAT_ACK,
  RETRANS_SHIFT,
  SEEN_ACK,
  SEEN_REPLY,
  SEQ_AHEAD,
  SEQ_FAR,
  SIMULTANEOUS_OPEN,
  STALE_ACK,
  TCP_STATE,
  UNACKED,
  W_BITS,
  W_DST,
  W_ID,
  W_KEY,
  W_SRC,
  WINDOW_SEEN,
  icmpWord,
  portsWord,
} = record
const {
  ICMP_TIMEOUT,
  TCP_CONNTRACKS,
  TCP_STATE_NAMES,
  TCP_MAX_RETRANS,
  TCP_TIMEOUT_AFTER_RST,
  TCP_TIMEOUT_RETRANS,
  TCP_TIMEOUT_UNACKNOWLEDGED,
  TCP_TIMEOUTS,
  TcpClass,
  TcpState,
  UDP_STREAM_AFTER,
  UDP_TIMEOUT,
  UDP_TIMEOUT_STREAM,
  tcpClass,
  tcpFlagsValid,
} = tcp
type TcpClass = tcp.TcpClass
type TcpState = tcp.TcpState

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
  /** the connection the packet belongs to, as the packet left it (null when invalid) */
  readonly entry: ConntrackEntry | null
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
const S = TcpFlag.S
/** Packets that advance the sender's sequence beyond what it sent: data (PSH here) or a FIN. */
const ADVANCES = TcpFlag.P | TcpFlag.F
/** Packets after which no later packet carries the same numbers: a SYN too starts a sequence. */
const MOVES_SEQ = TcpFlag.S | TcpFlag.P | TcpFlag.F
const RETRANS = 3 << RETRANS_SHIFT

/** ICMP query types that may open an entry (icmp_pkt_to_tuple's invmap, the asking half). */
const ICMP_OPENS = new Set([8, 13, 15, 17])
/** NR_ICMP_TYPES: larger types are invalid (nf_conntrack_icmpv4_error). */
const ICMP_MAX_TYPE = 18

const PROTO_NAMES: readonly Proto[] = ['tcp', 'tcp', 'udp', 'icmp']
const protoCode = (p: Proto) => (p === 'tcp' ? P_TCP : p === 'udp' ? P_UDP : P_ICMP)
/** A word a record can hold, so a key may match: a u32 (key words are passed on as int32s). */
const isWord = (x: number) => x >>> 0 === x
/** The ICMP word of a tuple that is not ICMP: type -1, code 0, id 0, as a TCP or UDP packet has. */
const NO_ICMP = icmpWord(-1, 0, 0)

/** Packets per `prefetch` that runScenario passes: enough loads in flight, few enough to stay cached. */
export const PREFETCH_BURST = 16
/** The key word of a tuple's reply: ports swapped, or the ICMP answer's type (0xff if none). */
const replyWord = (pcode: number, k3: number) =>
  pcode === P_ICMP
    ? ((k3 & 0xffffff00) | (ICMP_INVERSE_OF[k3 & 0xff] & 0xff)) >>> 0
    : ((k3 << 16) | (k3 >>> 16)) >>> 0

// Reasons without fields are shared: no allocation for the common packet.
const REPLY: CtReason = Object.freeze({ kind: 'reply' })
const ANSWERED: CtReason = Object.freeze({ kind: 'answered' })
const UNANSWERED: CtReason = Object.freeze({ kind: 'unanswered' })
const FIRST: CtReason = Object.freeze({ kind: 'first' })
const SYN: CtReason = Object.freeze({ kind: 'syn' })
const PICKUP: CtReason = Object.freeze({ kind: 'pickup' })

/** nf_ct_invert_tuple(); null for ICMP types with no inverse. */
export function invertTuple(t: Tuple): Tuple | null {
  if (t.proto !== 'icmp') return { ...t, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport }
  const inverse = t.icmpType >= 0 && t.icmpType < 256 ? ICMP_INVERSE_OF[t.icmpType] : -1
  if (inverse < 0) return null
  return { ...t, src: t.dst, dst: t.src, icmpType: inverse }
}

/** The entry's state as `conntrack -L` shows it: the TCP state, or the UDP/ICMP flags. */
export function entryState(e: ConntrackEntry): string {
  if (e.orig.proto === 'tcp') return TCP_STATE_NAMES[e.tcp]
  return e.assured ? 'ASSURED' : e.seenReply ? 'REPLIED' : 'UNREPLIED'
}

/** The same from a record's state bits. */
function stateName(bits: number): string {
  if (((bits >>> PROTO_SHIFT) & 3) === P_TCP) return TCP_STATE_NAMES[bits & TCP_STATE]
  return bits & ASSURED ? 'ASSURED' : bits & SEEN_REPLY ? 'REPLIED' : 'UNREPLIED'
}

/** A tuple from a record's words: the fields its protocol does not use are those of no ICMP or no ports. */
function tupleOf(pcode: number, src: number, dst: number, key: number): Tuple {
  const ports = pcode === P_ICMP ? 0 : key
  const icmp = pcode === P_ICMP ? key : NO_ICMP
  const type = icmp & 0xff
  return {
    proto: PROTO_NAMES[pcode],
    src,
    dst,
    sport: ports >>> 16,
    dport: ports & 0xffff,
    icmpType: type === 0xff ? -1 : type,
    icmpCode: (icmp >>> 8) & 0xff,
    icmpId: icmp >>> 16,
  }
}

/** An entry object from its record fields: built for the explainer, the tracer and listings. */
function entryOf(
  id: number,
  src: number,
  dst: number,
  key: number,
  bits: number,
  created: number,
  expires: number,
): ConntrackEntry {
  const orig = tupleOf((bits >>> PROTO_SHIFT) & 3, src, dst, key)
  const flag = (b: number) => (bits & b) !== 0
  return {
    id,
    orig,
    reply: invertTuple(orig)!,
    tcp: bits & TCP_STATE,
    seenReply: flag(SEEN_REPLY),
    assured: flag(ASSURED),
    created,
    expires,
    lastIndex: (bits >>> LAST_INDEX_SHIFT) & 7,
    lastDir: flag(LAST_DIR) ? 1 : 0,
    closeInit: flag(CLOSE_INIT),
    seenAck: [flag(SEEN_ACK), flag(SEEN_ACK << 1)],
    simultaneousOpen: flag(SIMULTANEOUS_OPEN),
    windowSeen: [flag(WINDOW_SEEN), flag(WINDOW_SEEN << 1)],
    unacked: [flag(UNACKED), flag(UNACKED << 1)],
    udpStreamAt: created + UDP_STREAM_AFTER,
  }
}

/**
 * A packet's tracking result. Besides what the rules see it keeps the entry's record as the packet
 * left it (a few numbers), so `entry` can be built later, and `confirm` can store a new one.
 */
class TrackedPacket implements Tracked {
  private cached: ConntrackEntry | null | undefined = undefined

  constructor(
    public ct: CtState,
    public reason: CtReason,
    public dir: Dir,
    public before: string,
    public after: string,
    public pending: boolean,
    public killed: boolean,
    /** entry id; 0 when there is no entry */
    readonly id: number,
    readonly src: number,
    readonly dst: number,
    /** the tuple's third word (W_KEY) */
    readonly key: number,
    readonly bits: number,
    readonly created: number,
    readonly expires: number,
  ) {}

  get entry(): ConntrackEntry | null {
    if (this.cached === undefined)
      this.cached =
        this.id === 0
          ? null
          : entryOf(this.id, this.src, this.dst, this.key, this.bits, this.created, this.expires)
    return this.cached
  }
}

/** The state bits with this packet as the last seen (td_last_index, last_dir). */
const withLast = (bits: number, cls: TcpClass, dir: Dir) =>
  (bits & ~((7 << LAST_INDEX_SHIFT) | LAST_DIR)) |
  (cls << LAST_INDEX_SHIFT) |
  (dir === 1 ? LAST_DIR : 0)

/**
 * A packet from `dir` that tcp_in_window() does not record: refused, ignored, or outside the
 * window (nf_conntrack_tcp_be_liberal lets it pass unrecorded). In sequence its sender's numbers
 * still moved on and its acknowledgement was still sent, so conntrack falls behind: a new SYN
 * starts a sequence far beyond the window (`newIsn`), a FIN or data one just ahead of it, and an
 * ACK of what conntrack has not seen, or of data not yet acknowledged, leaves td_maxack behind.
 */
function unrecorded(bits: number, dir: Dir, flags: number, newIsn: boolean): number {
  if (flags & A && bits & ((SEQ_FAR | SEQ_AHEAD | UNACKED) << (1 - dir))) bits |= STALE_ACK << dir
  if (flags & S) {
    if (newIsn) bits = (bits | (SEQ_FAR << dir)) & ~(SEQ_AHEAD << dir)
  } else if (flags & ADVANCES && !(bits & (SEQ_FAR << dir))) bits |= SEQ_AHEAD << dir
  if (flags & MOVES_SEQ) bits &= ~REPEAT_ACK
  return bits
}

/** A SYN that is no retransmission of the packet before it starts a new sequence (replay.py). */
const startsOver = (flags: number, cls: TcpClass, bits: number, dir: Dir) =>
  (flags & S) !== 0 &&
  !((bits & LAST_DIR ? 1 : 0) === dir && ((bits >>> LAST_INDEX_SHIFT) & 7) === cls)

function invalid(reason: CtReason): Tracked {
  return new TrackedPacket('invalid', reason, 0, '', '', false, false, 0, 0, 0, 0, 0, 0, 0)
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
  private table = new EntryTable()
  private nextId = 1

  /**
   * nf_conntrack_in(): finds or creates the packet's connection, moves its state and says what
   * the rules will see. A created entry is `pending` until `confirm` (the packet was accepted).
   */
  track(p: Packet): Tracked {
    if (p.proto === 'icmp') return this.trackIcmp(p)
    const pcode = p.proto === 'tcp' ? P_TCP : P_UDP
    if (p.proto === 'tcp' && !tcpFlagsValid(p.flags)) {
      // tcp_error() refuses it, but in sequence its sender's numbers moved on all the same (a
      // FIN or data counts even when conntrack looks away): see `unrecorded`.
      this.refused(p)
      return invalid({ kind: 'bad-flags' })
    }
    const hit = this.lookup(pcode, p.src, p.dst, portsWord(p.sport, p.dport), p.time)
    if (pcode === P_UDP)
      return hit >= 0 ? this.udpPacket(hit >>> 1, (hit & 1) as Dir, p) : this.open(p)
    return hit >= 0 ? this.tcpPacket(hit >>> 1, (hit & 1) as Dir, p) : this.tcpNew(p)
  }

  /** nf_conntrack_confirm(): the packet that created the entry was accepted, so keep it. */
  confirm(t: Tracked): void {
    if (!t.pending || !(t instanceof TrackedPacket) || t.id === 0) return
    const table = this.table
    const pcode = (t.bits >>> PROTO_SHIFT) & 3
    const k3 = t.key
    const same = table.find(pcode, t.src, t.dst, k3)
    if (same >= 0) {
      if (table.word(same >>> 1, W_ID) === t.id) return // confirmed already
      table.remove(same >>> 1) // the newer entry for the tuple wins, as a Map.set would
    }
    // Its reply tuple already taken by another entry (a racing pending one): that one goes too.
    const reply = table.find(pcode, t.dst, t.src, replyWord(pcode, k3))
    if (reply >= 0) table.remove(reply >>> 1)
    table.add(t.src, t.dst, k3, t.bits, t.id, t.created, t.expires)
  }

  /** Live entries at `now`, oldest first, as the connection table shows them. */
  list(now: number): ConntrackRow[] {
    const rows: ConntrackRow[] = []
    const t = this.table
    for (let e = 0; e < t.capacity; e++) {
      if (!t.isLive(e)) continue
      const expires = t.expires(e)
      if (now >= expires) continue
      const bits = t.word(e, W_BITS)
      const entry = entryOf(
        t.word(e, W_ID),
        t.word(e, W_SRC),
        t.word(e, W_DST),
        t.word(e, W_KEY),
        bits,
        t.created(e),
        expires,
      )
      rows.push({
        id: entry.id,
        orig: entry.orig,
        reply: entry.reply,
        state: stateName(bits),
        assured: entry.assured,
        seenReply: entry.seenReply,
        timeLeft: expires - now,
      })
    }
    return rows.sort((a, b) => a.id - b.id)
  }

  /** Forgets every entry, as `conntrack -F` flushes the table. */
  clear(): void {
    this.table = new EntryTable()
  }

  /** Number of stored entries, expired ones not yet collected included. */
  get size(): number {
    return this.table.count
  }

  /** Bytes of the typed arrays holding the entries and their index. */
  get bytes(): number {
    return this.table.bytes
  }

  /** What `prefetch` read, kept so that its reads are not optimised away. */
  warmed = 0
  /** `prefetch`'s scratch: the packets' home slots */
  private homes = new Int32Array(PREFETCH_BURST)

  /**
   * Brings the table's memory for packets[from … to) into the cache and changes nothing: the
   * slots of a burst of packets are read together, then each packet is tracked in turn and
   * finds its record in the cache. A lookup alone waits on memory once or twice, and at a
   * million entries that wait is most of its time; DPDK's rte_hash_lookup_bulk and Open
   * vSwitch's dpcls prefetch bursts of packets the same way. `runScenario` does this.
   */
  prefetch(packets: readonly Packet[], from: number, to: number): void {
    const t = this.table
    if (this.homes.length < to - from) this.homes = new Int32Array(to - from)
    const homes = this.homes
    // Every home first, from the packets alone; then the table's reads, in one short loop.
    for (let k = from; k < to; k++) {
      const p = packets[k]
      const pcode = protoCode(p.proto)
      const k3 =
        pcode === P_ICMP ? icmpWord(p.icmpType, p.icmpCode, p.icmpId) : portsWord(p.sport, p.dport)
      // A field that is no u32 makes a wrong home, which only reads a slot for nothing.
      homes[k - from] = t.home(pcode, p.src | 0, p.dst | 0, k3 | 0)
    }
    this.warmed = t.touch(homes, to - from)
  }

  /** The id of the live connection a packet's tuple belongs to, or 0; moves nothing (for benches and tools). */
  connectionOf(p: Packet): number {
    const { src, dst } = p
    if (!isWord(src) || !isWord(dst)) return 0
    const pcode = protoCode(p.proto)
    const k3 =
      pcode === P_ICMP ? icmpWord(p.icmpType, p.icmpCode, p.icmpId) : portsWord(p.sport, p.dport)
    return this.table.liveId(pcode, src | 0, dst | 0, k3 | 0, p.time)
  }

  /** (slot << 1 | dir), or -1; an expired entry is collected on the way (____nf_conntrack_find). */
  private lookup(pcode: number, src: number, dst: number, k3: number, now: number): number {
    if (!isWord(src) || !isWord(dst)) return -1
    const hit = this.table.findWords(pcode, src | 0, dst | 0, k3 | 0)
    if (hit >= 0 && now >= this.table.expires(hit >>> 1)) {
      this.table.remove(hit >>> 1)
      return -1
    }
    return hit
  }

  /** The result for a packet of a stored entry, with the entry's record as it now stands. */
  private result(
    e: number,
    bits: number,
    ct: CtState,
    reason: CtReason,
    dir: Dir,
    before: string,
  ): TrackedPacket {
    const t = this.table
    return new TrackedPacket(
      ct,
      reason,
      dir,
      before,
      stateName(bits),
      false,
      false,
      t.word(e, W_ID),
      t.word(e, W_SRC),
      t.word(e, W_DST),
      t.word(e, W_KEY),
      bits,
      t.created(e),
      t.expires(e),
    )
  }

  /** init_conntrack(): a fresh, unconfirmed entry, kept in its result until `confirm`. */
  private pending(
    p: Packet,
    ct: CtState,
    reason: CtReason,
    bits: number,
    expires: number,
  ): Tracked {
    const pcode = protoCode(p.proto)
    bits |= pcode << PROTO_SHIFT
    // tcp_in_window: the opening direction's first packet is its window's first (td_maxwin set).
    bits |= WINDOW_SEEN
    return new TrackedPacket(
      ct,
      reason,
      0,
      '',
      stateName(bits),
      true,
      false,
      this.nextId++,
      p.src,
      p.dst,
      pcode === P_ICMP ? icmpWord(p.icmpType, p.icmpCode, p.icmpId) : portsWord(p.sport, p.dport),
      bits,
      p.time,
      expires,
    )
  }

  /** A UDP or ICMP query's first packet: `new`, pending confirmation. */
  private open(p: Packet): Tracked {
    return this.pending(
      p,
      'new',
      FIRST,
      TcpClass.NONE << LAST_INDEX_SHIFT,
      p.time + (p.proto === 'udp' ? UDP_TIMEOUT : ICMP_TIMEOUT),
    )
  }

  /** The ctinfo the packet gets from the lookup alone (resolve_normal_ct). */
  private static ctOf(bits: number, dir: Dir): CtState {
    return dir === 1 || (bits & SEEN_REPLY) !== 0 ? 'established' : 'new'
  }

  private static reasonOf(bits: number, dir: Dir): CtReason {
    return dir === 1 ? REPLY : (bits & SEEN_REPLY) !== 0 ? ANSWERED : UNANSWERED
  }

  // --- UDP: nf_conntrack_udp_packet() -----------------------------------------------------

  private udpPacket(e: number, dir: Dir, p: Packet): Tracked {
    const t = this.table
    let bits = t.word(e, W_BITS)
    const before = stateName(bits)
    const ct = Conntrack.ctOf(bits, dir)
    const reason = Conntrack.reasonOf(bits, dir)
    let timeout = UDP_TIMEOUT
    // Traffic both ways and still active more than 2 s after creation: a stream, assured, 120 s.
    if (bits & SEEN_REPLY && p.time > t.created(e) + UDP_STREAM_AFTER) {
      timeout = UDP_TIMEOUT_STREAM
      bits |= ASSURED
    }
    t.setExpires(e, p.time + timeout)
    if (dir === 1) bits |= SEEN_REPLY
    t.setBits(e, bits)
    return this.result(e, bits, ct, reason, dir, before)
  }

  // --- ICMP: nf_conntrack_icmp_packet() and nf_conntrack_inet_error() ----------------------

  private trackIcmp(p: Packet): Tracked {
    if (p.icmpType > ICMP_MAX_TYPE) return invalid({ kind: 'icmp-untracked-type' })
    if (ICMP_ERROR_TYPES.has(p.icmpType)) return this.icmpError(p)
    const hit = this.lookup(
      P_ICMP,
      p.src,
      p.dst,
      icmpWord(p.icmpType, p.icmpCode, p.icmpId),
      p.time,
    )
    if (hit >= 0) {
      const e = hit >>> 1
      const dir = (hit & 1) as Dir
      const t = this.table
      let bits = t.word(e, W_BITS)
      const before = stateName(bits)
      const ct = Conntrack.ctOf(bits, dir)
      const reason = Conntrack.reasonOf(bits, dir)
      t.setExpires(e, p.time + ICMP_TIMEOUT)
      if (dir === 1) bits |= SEEN_REPLY
      t.setBits(e, bits)
      return this.result(e, bits, ct, reason, dir, before)
    }
    if (ICMP_OPENS.has(p.icmpType)) return this.open(p)
    // An answer with nothing asked, or a type with no inverse: no entry can be made.
    const answer = p.icmpType >= 0 && ICMP_INVERSE_OF[p.icmpType] >= 0
    return invalid({ kind: answer ? 'icmp-reply-alone' : 'icmp-untracked-type' })
  }

  /**
   * An ICMP error is RELATED to the connection whose packet it quotes, looked up by the inverse of
   * the quoted tuple, and only when it is sent to that packet's source (the outer daddr check).
   * It moves no state and refreshes no timeout.
   */
  private icmpError(p: Packet): Tracked {
    const q = p.inner
    if (!q) return invalid({ kind: 'icmp-error-unknown' })
    let hit = -1
    if (q.proto === 'icmp') {
      const inverse = q.icmpType >= 0 && q.icmpType < 256 ? ICMP_INVERSE_OF[q.icmpType] : -1
      if (inverse >= 0)
        hit = this.lookup(P_ICMP, q.dst, q.src, icmpWord(inverse, 0, q.icmpId), p.time)
    } else hit = this.lookup(protoCode(q.proto), q.dst, q.src, portsWord(q.dport, q.sport), p.time)
    if (hit < 0) return invalid({ kind: 'icmp-error-unknown' })
    if (p.dst !== q.src) return invalid({ kind: 'icmp-error-misdirected', expected: q.src })
    const e = hit >>> 1
    const dir = (hit & 1) as Dir
    const bits = this.table.word(e, W_BITS)
    const state = stateName(bits)
    return this.result(e, bits, 'related', { kind: 'related', dir }, dir, state)
  }

  // --- TCP: tcp_new() and nf_conntrack_tcp_packet() ----------------------------------------

  private tcpNew(p: Packet, reopened?: TcpState): Tracked {
    const cls = tcpClass(p.flags)
    const state = TCP_CONNTRACKS[0][cls][TcpState.NONE]
    // Only a SYN opens; an ACK is picked up mid-stream (nf_conntrack_tcp_loose=1); the rest is invalid.
    if (state === TcpState.INVALID) return invalid({ kind: 'no-connection', cls })
    // A picked-up packet's ACK is not recorded: the other side's td_end is still 0, so it is
    // "over upper bound" and passes only as liberal (no MAXACK_SET, no last_* for a repeat).
    const bits = state | (cls << LAST_INDEX_SHIFT)
    // Picked up and not yet answered: capped at the "unacknowledged" timeout.
    const expires =
      p.time + (state === TcpState.SYN_SENT ? TCP_TIMEOUTS[state] : TCP_TIMEOUT_UNACKNOWLEDGED)
    const reason: CtReason =
      reopened !== undefined
        ? { kind: 'reopen', closed: reopened }
        : cls === TcpClass.SYN
          ? SYN
          : PICKUP
    return this.pending(p, 'new', reason, bits, expires)
  }

  private tcpPacket(e: number, dir: Dir, p: Packet): Tracked {
    const t = this.table
    let bits = t.word(e, W_BITS)
    let old: TcpState = bits & TCP_STATE
    const cls = tcpClass(p.flags)
    let next = TCP_CONNTRACKS[dir][cls][old]
    const before = stateName(bits)
    const ct = Conntrack.ctOf(bits, dir)
    let reason = Conntrack.reasonOf(bits, dir)
    const lastIndex: TcpClass = (bits >>> LAST_INDEX_SHIFT) & 7
    const lastDir = bits & LAST_DIR ? 1 : 0

    let ignore = false
    switch (next) {
      case TcpState.SYN_SENT:
        if (old < TcpState.TIME_WAIT) break
        // A SYN in TIME_WAIT or CLOSE after a FIN, or after a RST from the same side, reopens:
        // the old entry is killed and the packet looked up again as a new connection.
        if (bits & CLOSE_INIT || (lastDir === dir && lastIndex === TcpClass.RST)) {
          t.remove(e)
          return this.tcpNew(p, old)
        }
        ignore = true
        break
      case TcpState.IGNORE:
        ignore = true
        break
      case TcpState.INVALID:
        t.setBits(e, unrecorded(bits, dir, p.flags, startsOver(p.flags, cls, bits, dir)))
        return invalid({ kind: 'bad-transition', cls, state: old, dir })
      case TcpState.TIME_WAIT:
        // RFC 5961 challenge ACK answering a SYN in LAST_ACK: passes without moving the state.
        // nf_conntrack_tcp_packet() knows it by IP_CT_EXP_CHALLENGE_ACK, which the ignored SYN
        // set and which this ACK clears: a second ACK is no challenge and moves to TIME_WAIT.
        if (
          old === TcpState.LAST_ACK &&
          cls === TcpClass.ACK &&
          lastDir !== dir &&
          lastIndex === TcpClass.SYN &&
          bits & CHALLENGE_ACK
        )
          return this.passed(
            e,
            unrecorded(bits & ~CHALLENGE_ACK, dir, p.flags, false),
            dir,
            ct,
            { kind: 'ignored', cls, state: old, dir, resync: false },
            before,
          )
        break
      case TcpState.SYN_SENT2:
        bits |= SIMULTANEOUS_OPEN
        break
      case TcpState.SYN_RECV:
        if (dir === 1 && cls === TcpClass.ACK && bits & SIMULTANEOUS_OPEN)
          next = TcpState.ESTABLISHED
        break
    }

    // nf_conntrack_tcp_packet(), a RST in ESTABLISHED (assured): its sequence number must be the
    // peer's td_maxack. When conntrack never recorded the peer's last ACK (it acknowledged numbers
    // conntrack had fallen behind on), the RST carries more: "RST sequence number doesn't match
    // exactly, keep established state to allow a possible challenge ACK".
    if (
      cls === TcpClass.RST &&
      old === TcpState.ESTABLISHED &&
      bits & ASSURED &&
      bits & (SEEN_ACK << (1 - dir)) &&
      lastIndex !== TcpClass.SYN &&
      bits & (STALE_ACK << (1 - dir)) &&
      bits & ((SEQ_FAR | SEQ_AHEAD) << dir)
    )
      next = old

    if (ignore) {
      // A SYN-ACK answering a SYN we ignored (in sequence, it acknowledges it): the two ends have
      // started over, so conntrack resyncs as if from SYN_SENT.
      if (cls === TcpClass.SYNACK && lastIndex === TcpClass.SYN && lastDir !== dir) {
        old = TcpState.SYN_SENT
        next = TcpState.SYN_RECV
        // nf_conntrack_tcp_packet(): seen[last_dir].flags = last_flags (which the ignored SYN
        // cleared) and memset(&seen[dir], 0): both sides' flags start over, CLOSE_INIT and
        // MAXACK_SET included, so a later SYN after a RST no longer reopens on an old FIN. The
        // SYN's side keeps a window (td_maxwin = last_win); this side's is set by this packet.
        bits &= ~(
          CLOSE_INIT |
          SIMULTANEOUS_OPEN |
          CHALLENGE_ACK |
          (SEEN_ACK * 3) |
          (UNACKED * 3) |
          (WINDOW_SEEN * 3) |
          (SEQ_FAR * 3) |
          (SEQ_AHEAD * 3) |
          (STALE_ACK * 3)
        )
        bits |= WINDOW_SEEN << lastDir
      } else {
        // An ignored original-direction SYN resets last_flags (the simultaneous-open mark
        // included), and in LAST_ACK expects an RFC 5961 challenge ACK in answer.
        if (cls === TcpClass.SYN && dir === 0) {
          bits &= ~(SIMULTANEOUS_OPEN | CHALLENGE_ACK)
          if (old === TcpState.LAST_ACK) bits |= CHALLENGE_ACK
        }
        // The ignored packet becomes last_seq/last_end/last_win, and last_dir.
        if (lastDir !== dir) bits &= ~REPEAT_ACK
        bits = unrecorded(bits, dir, p.flags, startsOver(p.flags, cls, bits, dir)) | LAST_WIN
        return this.passed(
          e,
          withLast(bits, cls, dir),
          dir,
          ct,
          { kind: 'ignored', cls, state: old, dir, resync: false },
          before,
        )
      }
    }

    // tcp_in_window(), with nf_conntrack_tcp_be_liberal (windows are never checked): a packet
    // outside the window still passes, but records nothing. In sequence that happens only when
    // conntrack has fallen behind (see `unrecorded`). A direction's first packet sets its window
    // (td_maxwin == 0), as does a SYN or SYN-ACK in SYN_SENT/SYN_RECV (tcp_init_sender), data
    // included; after that, data or a FIN is unacknowledged until the other side ACKs it.
    const first = !(bits & (WINDOW_SEEN << dir))
    const restarts = p.flags & S && (old === TcpState.SYN_SENT || old === TcpState.SYN_RECV)
    if (first || restarts) bits &= ~((SEQ_FAR | SEQ_AHEAD) << dir)
    bits |= WINDOW_SEEN << dir
    const newIsn = !first && !restarts && startsOver(p.flags, cls, bits, dir)
    const recorded =
      !newIsn &&
      !(bits & (SEQ_FAR << dir)) && // "SEQ is over upper bound"
      !(p.flags & A && bits & ((SEQ_FAR | SEQ_AHEAD) << (1 - dir))) && // "ACK is over upper bound"
      !(p.flags & A && !(bits & (WINDOW_SEEN << (1 - dir)))) // the other side's td_end still 0
    // A first packet sets its side's td_end before the checks: only its ACK goes unrecorded.
    if (!recorded) bits = unrecorded(bits, dir, first ? p.flags & A : p.flags, newIsn)
    else {
      // A sequence that had moved on unseen extends td_end now: unacknowledged too.
      if (!first && ((p.flags & ADVANCES && !restarts) || bits & (SEQ_AHEAD << dir)))
        bits |= UNACKED << dir
      bits &= ~(SEQ_AHEAD << dir)
      if (p.flags & A) {
        bits |= SEEN_ACK << dir
        bits &= ~((UNACKED << (1 - dir)) | (STALE_ACK << dir))
      }
      // "Check retransmissions": an ACK-class packet from the same direction with the same seq,
      // ack, end and window as the last one counts one more retransmission; any other resets
      // the count. In sequence, only a pure ACK (no data) can repeat the one before it.
      if (cls === TcpClass.ACK) {
        const repeat = bits & REPEAT_ACK && lastDir === dir && !(p.flags & MOVES_SEQ)
        const count = repeat
          ? Math.min(((bits & RETRANS) >>> RETRANS_SHIFT) + 1, TCP_MAX_RETRANS)
          : 0
        bits = (bits & ~(RETRANS | REPEAT_ACK)) | (count << RETRANS_SHIFT) | LAST_WIN
        if (!(p.flags & MOVES_SEQ)) bits |= REPEAT_ACK
      } else bits &= ~REPEAT_ACK
    }
    bits = (withLast(bits, cls, dir) & ~TCP_STATE) | next
    if (old !== next && next === TcpState.FIN_WAIT) bits |= CLOSE_INIT

    let timeout = TCP_TIMEOUTS[next]
    // The same ACK seen tcp_max_retrans more times: the peer is not getting through.
    if ((bits & RETRANS) >>> RETRANS_SHIFT >= TCP_MAX_RETRANS && timeout > TCP_TIMEOUT_RETRANS)
      timeout = TCP_TIMEOUT_RETRANS
    else if (cls === TcpClass.RST) timeout = TCP_TIMEOUT_AFTER_RST
    // Data not yet acknowledged caps the timeout (timeouts[TCP_CONNTRACK_UNACK]), and so does a
    // zero last_win, which no recorded ACK-class packet has set yet (timeouts[RETRANS], 300 s).
    else if (
      (bits & (UNACKED | (UNACKED << 1)) || !(bits & LAST_WIN)) &&
      timeout > TCP_TIMEOUT_UNACKNOWLEDGED
    )
      timeout = TCP_TIMEOUT_UNACKNOWLEDGED
    if (!(bits & SEEN_REPLY)) {
      // "If only reply is a RST, we can consider ourselves not to have an established connection"
      if (p.flags & R) {
        const r = this.passed(e, bits, dir, ct, reason, before)
        t.remove(e)
        r.killed = true
        r.after = ''
        return r
      }
      // A retransmitted SYN does not renew the timeout.
      if (cls === TcpClass.SYN && old === TcpState.SYN_SENT)
        return this.passed(e, bits, dir, ct, reason, before)
      if (next === TcpState.ESTABLISHED && timeout > TCP_TIMEOUT_UNACKNOWLEDGED)
        timeout = TCP_TIMEOUT_UNACKNOWLEDGED
    } else if (
      !(bits & ASSURED) &&
      (old === TcpState.SYN_RECV || old === TcpState.ESTABLISHED) &&
      next === TcpState.ESTABLISHED
    ) {
      bits |= ASSURED
    }
    t.setExpires(e, p.time + timeout)
    if (ignore && next === TcpState.SYN_RECV)
      reason = { kind: 'ignored', cls, state: TcpState.SYN_SENT, dir, resync: true }
    return this.passed(e, bits, dir, ct, reason, before)
  }

  /** A packet tcp_error() refuses still moves its sender's sequence (see `unrecorded`). */
  private refused(p: Packet): void {
    const hit = this.lookup(P_TCP, p.src, p.dst, portsWord(p.sport, p.dport), p.time)
    if (hit < 0) return
    const e = hit >>> 1
    const dir = (hit & 1) as Dir
    const bits = this.table.word(e, W_BITS)
    const newIsn = startsOver(p.flags, tcpClass(p.flags), bits, dir)
    this.table.setBits(e, unrecorded(bits, dir, p.flags, newIsn))
  }

  /** The packet passes the TCP handler: its new state is stored. */
  private passed(
    e: number,
    bits: number,
    dir: Dir,
    ct: CtState,
    reason: CtReason,
    before: string,
  ): TrackedPacket {
    if (dir === 1) bits |= SEEN_REPLY // set by nf_conntrack_in once the handler accepts
    this.table.setBits(e, bits)
    return this.result(e, bits, ct, reason, dir, before)
  }
}
