// The connection table's storage: one open-addressed table whose slots hold the entries
// themselves, a 32-byte record each (tuple, place, state bits, id, expiry; the creation time
// apart, as only listings and the UDP stream rule read it). The hash of a tuple is the same in
// both directions, so the original and the reply tuple of an entry lead to the same slot, where
// nf_conntrack_hash needs two tuplehashes. Robin Hood linear probing: each record holds its
// distance from home, so a probe walks consecutive records from the home slot (one page, a line
// or two) and compares the tuples only of those whose home is its own. No string keys, no
// object per entry. Pure; runs anywhere.

import * as record from './record'

// Local consts, not named imports: see record.ts.
const {
  D_EXPIRES,
  DOUBLES,
  ICMP_HASH_TYPE,
  ICMP_INVERSE_OF,
  P_ICMP,
  PROTO_SHIFT,
  W_BITS,
  W_DST,
  W_ID,
  W_KEY,
  W_PLACE,
  W_SRC,
  WORDS,
} = record

/** The ports word of the other direction (int32). */
const swapPorts = (ports: number) => (ports << 16) | (ports >>> 16)

/**
 * The ICMP word of the other side of a query or answer: the inverse type, or the word itself for a
 * type without one, which no record holds (only queries open entries: conntrack.ts ICMP_OPENS,
 * as icmp_new's valid_new).
 */
const icmpReply = (icmp: number) => {
  const inverse = ICMP_INVERSE_OF[icmp & 0xff]
  return inverse < 0 ? icmp : (icmp & 0xffffff00) | inverse
}

// The lookup's helpers are consts, not `function` declarations: V8 checks a declaration, a
// mutable module binding, again at every call, and folds a const. They are also kept small, with
// ICMP apart, so that callers can inline the whole lookup.

/** One end of a tuple (address, port), mixed by murmur3's fmix32. */
const end = (addr: number, port: number): number => {
  let x = addr ^ Math.imul(port, 0x9e3779b1)
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return x ^ (x >>> 16)
}

/** The hash of an ICMP tuple: a query and its answer hash their shared type. */
const icmpHash = (src: number, dst: number, k3: number): number =>
  (end(src, 0) + end(dst, 0) + end((k3 & ~0xff) | ICMP_HASH_TYPE[k3 & 0xff], P_ICMP)) | 0

/**
 * The hash of a tuple, the same for its inverse: the two ends are mixed apart and added. A sum of
 * mixed ends, not of raw words, so tuples whose addresses merely sum alike do not collide.
 */
const hash = (pcode: number, src: number, dst: number, k3: number): number =>
  pcode === P_ICMP
    ? icmpHash(src, dst, k3)
    : (end(src, k3 >>> 16) + end(dst, k3 & 0xffff) + Math.imul(pcode, 0x27d4eb2f)) | 0

/** Most entries per slot before the table grows. */
const MAX_LOAD = 0.85
/**
 * Growth factor: small, so the load after growing (MAX_LOAD / GROWTH ≈ 0.65) keeps every size at
 * most 40 / 0.65 ≈ 62 bytes per entry; the table size is then no power of two (see `homeOf`).
 */
const GROWTH = 1.3

export class EntryTable {
  /** records: u32 view and f64 view of the same buffer */
  u: Uint32Array
  f: Float64Array
  /** the same words as int32s: compared without converting to doubles */
  private s32: Int32Array
  /** creation times, apart: only listings and the UDP stream rule read them */
  private c: Float64Array
  /** slots */
  private cap: number
  /** cap / 2^32: a hash times this is its home slot */
  private scale: number
  private maxCount: number
  /** live entries */
  count = 0
  /** Tests narrow the hash with these (h & mask | set) to force collisions and wrapping runs. */
  private readonly hashMask: number
  private readonly hashSet: number

  constructor(capacity = 64, hashMask = -1, hashSet = 0) {
    this.hashMask = hashMask
    this.hashSet = hashSet
    this.cap = Math.max(4, capacity)
    this.u = new Uint32Array(this.cap * WORDS)
    this.f = new Float64Array(this.u.buffer)
    this.s32 = new Int32Array(this.u.buffer)
    this.c = new Float64Array(this.cap)
    this.scale = this.cap / 2 ** 32
    this.maxCount = Math.min(this.cap - 1, Math.floor(this.cap * MAX_LOAD))
  }

  /** Bytes held by the records and the creation times. */
  get bytes(): number {
    return this.u.byteLength + this.c.byteLength
  }

  /** Slots: entries live in slots 0 … capacity - 1. */
  get capacity(): number {
    return this.cap
  }

  isLive(e: number): boolean {
    return this.u[e * WORDS + W_PLACE] !== 0
  }

  /**
   * Stores an entry; `key` is its tuple's third word (W_KEY). Its slot is not returned: any later
   * insertion or removal may move it, so callers find it again by its tuple.
   */
  add(
    src: number,
    dst: number,
    key: number,
    bits: number,
    id: number,
    created: number,
    expires: number,
  ): void {
    if (this.count >= this.maxCount) this.grow()
    const at = this.place(this.homeOf((bits >>> PROTO_SHIFT) & 3, src, dst, key))
    const w = at * WORDS
    const u = this.u
    u[w + W_SRC] = src
    u[w + W_DST] = dst
    u[w + W_KEY] = key
    u[w + W_BITS] = bits
    u[w + W_ID] = id
    this.f[at * DOUBLES + D_EXPIRES] = expires
    this.c[at] = created
    this.count++
  }

  /** Removes the entry in slot e: the rest of its run moves back a slot (no tombstones). */
  remove(e: number): void {
    const { u, cap } = this
    let last = e
    for (;;) {
      const next = last + 1 === cap ? 0 : last + 1
      if (u[next * WORDS + W_PLACE] <= 1) break // empty, or at its home
      last = next
    }
    if (last >= e) this.shift(e + 1, last + 1, -1)
    else {
      this.shift(e + 1, cap, -1)
      this.move(0, cap - 1, -1)
      this.shift(1, last + 1, -1)
    }
    u[last * WORDS + W_PLACE] = 0
    this.count--
  }

  /** (slot << 1 | dir) of the live entry with this key, or -1. */
  find(pcode: number, src: number, dst: number, k3: number): number {
    // A key word that is not a u32 equals no record's (the records are u32s).
    if (src >>> 0 !== src || dst >>> 0 !== dst || k3 >>> 0 !== k3) return -1
    return this.findWords(pcode, src | 0, dst | 0, k3 | 0)
  }

  /**
   * The same for key words already checked to be u32s and passed as int32s (`x | 0`): numbers
   * that fit a small integer, never boxed on the way in, compared without converting to doubles.
   */
  findWords(pcode: number, s0: number, d0: number, k0: number): number {
    const { s32, cap } = this
    // what a record of the other direction holds in its key word
    const kr = pcode === P_ICMP ? icmpReply(k0) : swapPorts(k0)
    let i = this.homeOf(pcode, s0, d0, k0)
    let d = 1
    // Entries of earlier homes first (farther from theirs than this slot is from ours) …
    while (s32[i * WORDS + W_PLACE] > d) {
      i = i + 1 === cap ? 0 : i + 1
      d++
    }
    // … then those of this home, the only records whose tuples are read.
    while (s32[i * WORDS + W_PLACE] === d) {
      const w = i * WORDS
      const src = s32[w + W_SRC]
      const dst = s32[w + W_DST]
      const k = s32[w + W_KEY]
      if (((s32[w + W_BITS] >>> PROTO_SHIFT) & 3) === pcode) {
        if (src === s0 && dst === d0 && k === k0) return i << 1
        if (src === d0 && dst === s0 && k === kr) return (i << 1) | 1
      }
      i = i + 1 === cap ? 0 : i + 1
      d++
    }
    return -1
  }

  /** A key's home slot (int32 key words), for `touch`. */
  home(pcode: number, s0: number, d0: number, k0: number): number {
    return this.homeOf(pcode, s0, d0, k0)
  }

  /**
   * Reads, for each home in homes[0 … count), its record and those two and four slots on (the
   * next two cache lines), and returns a sum of what it read (`Conntrack.prefetch`). JavaScript
   * has no prefetch instruction, but loads that nothing waits on are in flight together when the
   * loop around them is short and branch-free. Nine lookups in ten find their entry within four
   * slots of its home at the load this table keeps (test/unit/engine/conntrack-table.test.ts),
   * and the three lines mostly share a page, so its address is translated once. Measured at a
   * million entries: 1.1–1.3x the lookups of reading two lines.
   */
  touch(homes: Int32Array, count: number): number {
    const s32 = this.s32
    const last = (this.cap - 1) * WORDS + W_PLACE
    let sum = 0
    for (let k = 0; k < count; k++) {
      const w = homes[k] * WORDS + W_PLACE
      const next = w + 2 * WORDS
      const after = w + 4 * WORDS
      sum += s32[w] + s32[next <= last ? next : last] + s32[after <= last ? after : last]
    }
    return sum
  }

  /** The id of the entry with these key words (int32s) if it has not expired at `now`, else 0. */
  liveId(pcode: number, s0: number, d0: number, k0: number, now: number): number {
    const hit = this.findWords(pcode, s0, d0, k0)
    if (hit < 0) return 0
    const e = hit >>> 1
    return now >= this.f[e * DOUBLES + D_EXPIRES] ? 0 : this.u[e * WORDS + W_ID]
  }

  /** A tuple's home slot: its hash scaled to the table, as the size is no power of two. */
  private homeOf(pcode: number, src: number, dst: number, k3: number): number {
    return ((((hash(pcode, src, dst, k3) & this.hashMask) | this.hashSet) >>> 0) * this.scale) | 0
  }

  /**
   * Frees the slot where an entry with this home belongs, after the entries of its home and
   * before those of later homes, by moving the rest of the run up a slot; returns it with its
   * place set.
   */
  private place(home: number): number {
    const { u, cap } = this
    let i = home
    let d = 1
    while (u[i * WORDS + W_PLACE] >= d) {
      i = i + 1 === cap ? 0 : i + 1
      d++
    }
    let free = i
    while (u[free * WORDS + W_PLACE] !== 0) free = free + 1 === cap ? 0 : free + 1
    if (free >= i) this.shift(i, free, 1)
    else {
      this.shift(0, free, 1)
      this.move(cap - 1, 0, 1)
      this.shift(i, cap - 1, 1)
    }
    u[i * WORDS + W_PLACE] = d
    return i
  }

  /** Moves slots [from, to) by one slot (`by` = 1 or -1), each then that much farther from home. */
  private shift(from: number, to: number, by: 1 | -1): void {
    if (to <= from) return
    const u = this.u
    u.copyWithin((from + by) * WORDS, from * WORDS, to * WORDS)
    this.c.copyWithin(from + by, from, to)
    for (let e = from + by; e < to + by; e++) u[e * WORDS + W_PLACE] += by
  }

  /** Moves one slot across the end of the table, where the run wraps. */
  private move(from: number, to: number, by: 1 | -1): void {
    const u = this.u
    u.copyWithin(to * WORDS, from * WORDS, (from + 1) * WORDS)
    this.c[to] = this.c[from]
    u[to * WORDS + W_PLACE] += by
  }

  /**
   * A larger table, filled in slot order from the start of a run: homes then come nearly in
   * order, so an entry seldom moves once placed.
   */
  private grow(): void {
    const { u, c, cap } = this
    const s32 = this.s32
    const next = Math.ceil(cap * GROWTH)
    this.cap = next
    this.u = new Uint32Array(next * WORDS)
    this.f = new Float64Array(this.u.buffer)
    this.s32 = new Int32Array(this.u.buffer)
    this.c = new Float64Array(next)
    this.scale = next / 2 ** 32
    this.maxCount = Math.min(next - 1, Math.floor(next * MAX_LOAD))
    let start = 0
    while (u[start * WORDS + W_PLACE] !== 0) start++
    for (let n = 0; n < cap; n++) {
      const e = start + n < cap ? start + n : start + n - cap
      const w = e * WORDS
      if (u[w + W_PLACE] === 0) continue
      const pcode = (s32[w + W_BITS] >>> PROTO_SHIFT) & 3
      const at = this.place(this.homeOf(pcode, s32[w + W_SRC], s32[w + W_DST], s32[w + W_KEY]))
      // every word but the place, which `place` has just set
      for (let k = 0; k < WORDS; k++) if (k !== W_PLACE) this.u[at * WORDS + k] = u[w + k]
      this.c[at] = c[e]
    }
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
    this.u[e * WORDS + W_BITS] = bits
  }
}
