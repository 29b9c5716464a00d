// The layout of a connection-table record and the bits it keeps, shared by the table
// (entry-table.ts) and the state machine (conntrack.ts). Pure; runs anywhere.
//
// Modules read these through `const { … } = record`, not named imports: V8 (11.x) reads an
// imported or exported binding from its module cell with a hole check at every use, where a
// module's own const folds into the code: 1.1–1.3× on lookups and `track`, measured with the
// table in cache.

/** Words (u32) of one record: 32 bytes, so a record never straddles a cache line. */
export const WORDS = 8
/** Doubles (f64) of the same. */
export const DOUBLES = 4
/** Record word offsets. */
export const W_SRC = 0
export const W_DST = 1
/**
 * The tuple's third word: sport << 16 | dport for TCP and UDP; for ICMP
 * icmpId << 16 | icmpCode << 8 | icmpType (8 bits, 0xff for -1)
 */
export const W_KEY = 2
/**
 * 0 when the slot is empty, else 1 + the distance of the slot from the entry's home (entry-table.ts):
 * kept in the record, so a lookup reads one cache line and one page, not a separate array too.
 */
export const W_PLACE = 3
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
/** The type a query and its answer share in the hash: the smaller of the two. */
export const ICMP_HASH_TYPE = new Uint8Array(256)
for (let t = 0; t < 256; t++) ICMP_HASH_TYPE[t] = t
for (const [a, b] of [
  [8, 0],
  [13, 14],
  [15, 16],
  [17, 18],
]) {
  ICMP_INVERSE_OF[a] = b
  ICMP_INVERSE_OF[b] = a
  ICMP_HASH_TYPE[a] = ICMP_HASH_TYPE[b] = Math.min(a, b)
}

/** The third key word of a tuple: ports for TCP/UDP, type, code and id for ICMP. */
export const portsWord = (sport: number, dport: number) => ((sport << 16) | (dport & 0xffff)) >>> 0
export const icmpWord = (type: number, code: number, id: number) =>
  (((id & 0xffff) << 16) | ((code & 0xff) << 8) | (type & 0xff)) >>> 0
