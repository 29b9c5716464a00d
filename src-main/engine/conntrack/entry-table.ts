// The connection table's storage: every entry a 32-byte record in one ArrayBuffer (tuple, state
// bits, id, expiry; its creation time apart, as only listings read it) and an open-addressed
// index of integer hashes holding both directions of each entry, as nf_conntrack_hash holds both
// tuplehashes of a conntrack. A slot carries hash bits besides the entry, so a lookup reads one
// index line and, nearly always, one record line. No string keys, no object per entry. Pure;
// runs anywhere.

/** Words (u32) of one record's hot part: 32 bytes, so a record never straddles a cache line. */
const WORDS = 8
/** Doubles (f64) of the same. */
const DOUBLES = 4
/** Record word offsets. */
export const W_SRC = 0
export const W_DST = 1
/** sport << 16 | dport */
export const W_PORTS = 2
/** icmpId << 16 | icmpCode << 8 | icmpType (8 bits, 0xff for -1) */
export const W_ICMP = 3
export const W_BITS = 4
export const W_ID = 5
/** Record double offsets. */
export const D_EXPIRES = 3

// State bits (W_BITS): the TCP state and the flags of nf_conn / ip_ct_tcp the model keeps.
export const TCP_STATE = 0xf
export const SEEN_REPLY = 1 << 4
export const ASSURED = 1 << 5
export const LAST_INDEX_SHIFT = 6
export const LAST_DIR = 1 << 9
export const CLOSE_INIT = 1 << 10
/** per direction d: << d */
export const SEEN_ACK = 1 << 11
export const SIMULTANEOUS_OPEN = 1 << 13
export const WINDOW_SEEN = 1 << 14
export const UNACKED = 1 << 16
export const PROTO_SHIFT = 18
const LIVE = 1 << 20
/** IP_CT_EXP_CHALLENGE_ACK: an original-direction SYN was ignored in LAST_ACK */
export const CHALLENGE_ACK = 1 << 21
/** ip_ct_tcp last_seq/last_ack/last_end/last_win: a pure ACK from last_dir now repeats the last */
export const REPEAT_ACK = 1 << 22
/** ip_ct_tcp.retrans, 2 bits, held at 3 (tcp_max_retrans) */
export const RETRANS_SHIFT = 23
/**
 * Where each side's sequence stands against what tcp_in_window() recorded (per direction d: << d).
 * FAR: it started over beyond the window (a SYN conntrack ignored or refused); AHEAD: it moved
 * on within the window (a FIN or data conntrack refused); STALE_ACK: its last acknowledgement
 * was never recorded as td_maxack.
 */
export const SEQ_FAR = 1 << 25
export const SEQ_AHEAD = 1 << 27
export const STALE_ACK = 1 << 29
/** ip_ct_tcp.last_win != 0: an ACK-class packet was recorded, or a packet ignored (int32 sign bit) */
export const LAST_WIN = 1 << 31

/** Protocol codes in keys and records. */
export const P_TCP = 1
export const P_UDP = 2
export const P_ICMP = 3

/** ICMP query types and their answers (icmp_pkt_to_tuple's invmap); -1: no inverse. */
export const ICMP_INVERSE_OF = new Int16Array(256).fill(-1)
for (const [a, b] of [
  [8, 0],
  [13, 14],
  [15, 16],
  [17, 18],
]) {
  ICMP_INVERSE_OF[a] = b
  ICMP_INVERSE_OF[b] = a
}

/** The third key word of a tuple: ports for TCP/UDP, type, code and id for ICMP. */
export const portsWord = (sport: number, dport: number) => ((sport << 16) | (dport & 0xffff)) >>> 0
export const icmpWord = (type: number, code: number, id: number) =>
  (((id & 0xffff) << 16) | ((code & 0xff) << 8) | (type & 0xff)) >>> 0

/** The ports word of the other direction (int32). */
const swapPorts = (ports: number) => (ports << 16) | (ports >>> 16)

/** The hash of one direction's tuple (murmur3-style rounds on int32 words). */
function hash(pcode: number, src: number, dst: number, k3: number): number {
  let h = Math.imul(src ^ (pcode << 29), 0x9e3779b1) ^ dst
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ k3
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** The ICMP word of the answer to a query: the inverse type (0xff when it has none). */
const icmpReply = (icmp: number) => (icmp & 0xffffff00) | (ICMP_INVERSE_OF[icmp & 0xff] & 0xff)

export class EntryTable {
  /** hot records: u32 view and f64 view of the same buffer */
  u: Uint32Array
  f: Float64Array
  /** the same words as int32s: compared without converting to doubles */
  private s32: Int32Array
  /** creation times, apart: only listings and the UDP stream rule read them */
  private c: Float64Array
  private cap: number
  /** records ever used: the ones above are fresh */
  top = 0
  private freeHead = -1
  /** live (indexed) entries */
  count = 0
  /**
   * One slot per direction of an entry, 0 when empty: (entry << 1 | dir) + 1 in the low `refBits`
   * bits and the high bits of that direction's hash above them, so a probe passes other entries
   * without reading their records (a random read each). Four slots per record: load ≤ ½. Linear
   * probing, backward-shift deletion.
   */
  private index: Int32Array
  private mask: number
  private refBits: number
  private refMask: number

  constructor(capacity = 64) {
    let cap = 4
    while (cap < capacity) cap *= 2
    this.cap = cap
    const buf = new ArrayBuffer(cap * WORDS * 4)
    this.u = new Uint32Array(buf)
    this.f = new Float64Array(buf)
    this.s32 = new Int32Array(buf)
    this.c = new Float64Array(cap)
    this.index = new Int32Array(0)
    this.mask = 0
    this.refBits = 0
    this.refMask = 0
    this.reindex()
  }

  /** Bytes held by the records, the creation times and the index. */
  get bytes(): number {
    return this.u.byteLength + this.c.byteLength + this.index.byteLength
  }

  isLive(e: number): boolean {
    return (this.u[e * WORDS + W_BITS] & LIVE) !== 0
  }

  /** A fresh record, not yet in the index. */
  alloc(): number {
    if (this.freeHead !== -1) {
      const e = this.freeHead
      this.freeHead = this.u[e * WORDS] | 0
      return e
    }
    if (this.top === this.cap) this.grow()
    return this.top++
  }

  /** Writes a record's tuple, state, id and times. */
  write(
    e: number,
    src: number,
    dst: number,
    ports: number,
    icmp: number,
    bits: number,
    id: number,
    created: number,
    expires: number,
  ): void {
    const w = e * WORDS
    const u = this.u
    u[w + W_SRC] = src
    u[w + W_DST] = dst
    u[w + W_PORTS] = ports
    u[w + W_ICMP] = icmp
    u[w + W_BITS] = bits
    u[w + W_ID] = id
    this.f[e * DOUBLES + D_EXPIRES] = expires
    this.c[e] = created
  }

  /** Puts both directions of a written record in the index. */
  insert(e: number): void {
    this.u[e * WORDS + W_BITS] |= LIVE
    this.place(e << 1)
    this.place((e << 1) | 1)
    this.count++
  }

  /** Takes an entry out of the index and frees its record. */
  remove(e: number): void {
    this.unplace(e << 1)
    this.unplace((e << 1) | 1)
    this.u[e * WORDS + W_BITS] = 0
    this.u[e * WORDS] = this.freeHead
    this.freeHead = e
    this.count--
  }

  /** (entry << 1 | dir) of the live entry with this key, or -1. */
  find(pcode: number, src: number, dst: number, k3: number): number {
    // A key word that is not a u32 equals no record's (the records are u32s).
    if (src >>> 0 !== src || dst >>> 0 !== dst || k3 >>> 0 !== k3) return -1
    // From here on int32 words: numbers that fit a small integer are never boxed.
    const s0 = src | 0
    const d0 = dst | 0
    const k0 = k3 | 0
    const { s32, index, mask, refMask } = this
    const h = hash(pcode, s0, d0, k0)
    let i = h & mask
    for (;;) {
      const v = index[i]
      if (v === 0) return -1
      // Same high hash bits: only then is the record read (a random read; the slot was one too).
      if (((v ^ h) & ~refMask) === 0) {
        const ed = (v & refMask) - 1
        const w = (ed >>> 1) * WORDS
        if (((s32[w + W_BITS] >>> PROTO_SHIFT) & 3) === pcode) {
          const k = pcode === P_ICMP ? s32[w + W_ICMP] : s32[w + W_PORTS]
          if ((ed & 1) === 0) {
            if (s32[w + W_SRC] === s0 && s32[w + W_DST] === d0 && k === k0) return ed
          } else if (
            s32[w + W_SRC] === d0 &&
            s32[w + W_DST] === s0 &&
            (pcode === P_ICMP ? icmpReply(k) : swapPorts(k)) === k0
          )
            return ed
        }
      }
      i = (i + 1) & mask
    }
  }

  /** The id of the entry with this key if it has not expired at `now`, else 0: one call, one record. */
  liveId(pcode: number, src: number, dst: number, k3: number, now: number): number {
    const hit = this.find(pcode, src, dst, k3)
    if (hit < 0) return 0
    const e = hit >>> 1
    return now >= this.f[e * DOUBLES + D_EXPIRES] ? 0 : this.u[e * WORDS + W_ID]
  }

  private hashOf(ed: number): number {
    const w = (ed >>> 1) * WORDS
    const s32 = this.s32
    const pcode = (s32[w + W_BITS] >>> PROTO_SHIFT) & 3
    const k3 = pcode === P_ICMP ? s32[w + W_ICMP] : s32[w + W_PORTS]
    if ((ed & 1) === 0) return hash(pcode, s32[w + W_SRC], s32[w + W_DST], k3)
    const r = pcode === P_ICMP ? icmpReply(k3) : swapPorts(k3)
    return hash(pcode, s32[w + W_DST], s32[w + W_SRC], r)
  }

  private place(ed: number): void {
    const h = this.hashOf(ed)
    let i = h & this.mask
    while (this.index[i] !== 0) i = (i + 1) & this.mask
    this.index[i] = (h & ~this.refMask) | (ed + 1)
  }

  /** Backward-shift deletion: later members of the probe run move up, so no tombstones remain. */
  private unplace(ed: number): void {
    const { index, mask, refMask } = this
    let i = this.hashOf(ed) & mask
    while ((index[i] & refMask) !== ed + 1) i = (i + 1) & mask
    let j = i
    for (;;) {
      j = (j + 1) & mask
      const v = index[j]
      if (v === 0) break
      const home = this.hashOf((v & refMask) - 1) & mask
      // Move v into the hole unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j
      if (!stays) {
        index[i] = v
        i = j
      }
    }
    index[i] = 0
  }

  /** A fresh index for the current capacity: the split of a slot's bits depends on it. */
  private reindex(): void {
    const old = this.index
    const oldRef = this.refMask
    this.refBits = 33 - Math.clz32(this.cap) // holds (entry << 1 | dir) + 1 ≤ 2 cap
    this.refMask = (1 << this.refBits) - 1
    this.index = new Int32Array(this.cap * 4)
    this.mask = this.index.length - 1
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.place((old[i] & oldRef) - 1)
  }

  private grow(): void {
    const cap = this.cap * 2
    const buf = new ArrayBuffer(cap * WORDS * 4)
    const u = new Uint32Array(buf)
    u.set(this.u)
    this.u = u
    this.f = new Float64Array(buf)
    this.s32 = new Int32Array(buf)
    const c = new Float64Array(cap)
    c.set(this.c)
    this.c = c
    this.cap = cap
    this.reindex()
  }

  /** Expiry time of a record. */
  expires(e: number): number {
    return this.f[e * DOUBLES + D_EXPIRES]
  }

  setExpires(e: number, t: number): void {
    this.f[e * DOUBLES + D_EXPIRES] = t
  }

  created(e: number): number {
    return this.c[e]
  }

  word(e: number, k: number): number {
    return this.u[e * WORDS + k]
  }

  setBits(e: number, bits: number): void {
    this.u[e * WORDS + W_BITS] = bits | LIVE
  }
}
