// The connection table's storage: every entry a 40-byte record in one ArrayBuffer (tuple, state
// bits, id, expiry, creation time) and an open-addressed index of integer hashes holding both
// directions of each entry, as nf_conntrack_hash holds both tuplehashes of a conntrack. No string
// keys, no object per entry. Pure; runs anywhere.

/** Words (u32) and doubles (f64) of one record. */
const WORDS = 10
const DOUBLES = 5
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
export const D_CREATED = 4

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

function hash(pcode: number, src: number, dst: number, k3: number): number {
  let h = Math.imul(src ^ (pcode << 29), 0x9e3779b1) ^ dst
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ k3
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return h ^ (h >>> 16)
}

export class EntryTable {
  /** records: u32 view and f64 view of the same buffer */
  u: Uint32Array
  f: Float64Array
  private cap: number
  /** records ever used: the ones above are fresh */
  top = 0
  private freeHead = -1
  /** live (indexed) entries */
  count = 0
  /** (entry << 1 | dir) + 1 per slot, 0 when empty; linear probing, backward-shift deletion */
  private index: Int32Array
  private mask: number

  constructor(capacity = 64) {
    this.cap = capacity
    const buf = new ArrayBuffer(capacity * WORDS * 4)
    this.u = new Uint32Array(buf)
    this.f = new Float64Array(buf)
    this.index = new Int32Array(capacity * 4)
    this.mask = this.index.length - 1
  }

  /** Bytes held by the records and the index. */
  get bytes(): number {
    return this.u.byteLength + this.index.byteLength
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
    this.f[e * DOUBLES + D_CREATED] = created
  }

  /** Puts both directions of a written record in the index. */
  insert(e: number): void {
    if ((this.count + 1) * 2 * 4 > this.index.length * 3) this.rehash(this.index.length * 2)
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
    const { u, index, mask } = this
    let i = hash(pcode, src, dst, k3) & mask
    for (;;) {
      const v = index[i]
      if (v === 0) return -1
      const ed = v - 1
      const w = (ed >>> 1) * WORDS
      const bits = u[w + W_BITS]
      if (((bits >>> PROTO_SHIFT) & 3) === pcode) {
        if ((ed & 1) === 0) {
          if (
            u[w + W_SRC] === src &&
            u[w + W_DST] === dst &&
            (pcode === P_ICMP ? u[w + W_ICMP] : u[w + W_PORTS]) === k3
          )
            return ed
        } else if (u[w + W_SRC] === dst && u[w + W_DST] === src && this.replyWord(w, pcode) === k3)
          return ed
      }
      i = (i + 1) & mask
    }
  }

  /** The third key word of the reply direction: ports swapped, or the ICMP answer's type. */
  private replyWord(w: number, pcode: number): number {
    if (pcode !== P_ICMP) {
      const ports = this.u[w + W_PORTS]
      return ((ports << 16) | (ports >>> 16)) >>> 0
    }
    const icmp = this.u[w + W_ICMP]
    return ((icmp & 0xffffff00) | (ICMP_INVERSE_OF[icmp & 0xff] & 0xff)) >>> 0
  }

  private hashOf(ed: number): number {
    const w = (ed >>> 1) * WORDS
    const u = this.u
    const pcode = (u[w + W_BITS] >>> PROTO_SHIFT) & 3
    if ((ed & 1) === 0)
      return hash(
        pcode,
        u[w + W_SRC],
        u[w + W_DST],
        pcode === P_ICMP ? u[w + W_ICMP] : u[w + W_PORTS],
      )
    return hash(pcode, u[w + W_DST], u[w + W_SRC], this.replyWord(w, pcode))
  }

  private place(ed: number): void {
    let i = this.hashOf(ed) & this.mask
    while (this.index[i] !== 0) i = (i + 1) & this.mask
    this.index[i] = ed + 1
  }

  /** Backward-shift deletion: later members of the probe run move up, so no tombstones remain. */
  private unplace(ed: number): void {
    const { index, mask } = this
    let i = this.hashOf(ed) & mask
    while (index[i] !== ed + 1) i = (i + 1) & mask
    let j = i
    for (;;) {
      j = (j + 1) & mask
      const v = index[j]
      if (v === 0) break
      const home = this.hashOf(v - 1) & mask
      // Move v into the hole unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j
      if (!stays) {
        index[i] = v
        i = j
      }
    }
    index[i] = 0
  }

  private rehash(size: number): void {
    const old = this.index
    this.index = new Int32Array(size)
    this.mask = size - 1
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.place(old[i] - 1)
  }

  private grow(): void {
    const cap = this.cap * 2
    const buf = new ArrayBuffer(cap * WORDS * 4)
    const u = new Uint32Array(buf)
    u.set(this.u)
    this.u = u
    this.f = new Float64Array(buf)
    this.cap = cap
  }

  /** Expiry time of a record. */
  expires(e: number): number {
    return this.f[e * DOUBLES + D_EXPIRES]
  }

  setExpires(e: number, t: number): void {
    this.f[e * DOUBLES + D_EXPIRES] = t
  }

  created(e: number): number {
    return this.f[e * DOUBLES + D_CREATED]
  }

  word(e: number, k: number): number {
    return this.u[e * WORDS + k]
  }

  setBits(e: number, bits: number): void {
    this.u[e * WORDS + W_BITS] = bits | LIVE
  }
}
