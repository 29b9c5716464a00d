// The TCP connection-tracking state machine of Linux 6.x, copied cell for cell from
// `tcp_conntracks[2][6][TCP_CONNTRACK_MAX]` in net/netfilter/nf_conntrack_proto_tcp.c
// (see ../shared/spec/linux-conntrack.md), with the default timeouts of
// Documentation/networking/nf_conntrack-sysctl.rst. Pure; runs anywhere.
import { TcpFlag } from '../packet'

/** enum tcp_conntrack, in the kernel's order: comparisons such as `old >= TIME_WAIT` rely on it. */
export enum TcpState {
  NONE = 0,
  SYN_SENT = 1,
  SYN_RECV = 2,
  ESTABLISHED = 3,
  FIN_WAIT = 4,
  CLOSE_WAIT = 5,
  LAST_ACK = 6,
  TIME_WAIT = 7,
  CLOSE = 8,
  SYN_SENT2 = 9,
  /** TCP_CONNTRACK_MAX in the table: the packet is invalid */
  INVALID = 10,
  /** TCP_CONNTRACK_IGNORE: the packet passes and the state stays */
  IGNORE = 11,
}

export const TCP_STATE_NAMES: readonly string[] = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
]

/** get_conntrack_index(): the packet class that indexes the table. */
export enum TcpClass {
  SYN = 0,
  SYNACK = 1,
  FIN = 2,
  ACK = 3,
  RST = 4,
  NONE = 5,
}
export const TCP_CLASS_NAMES = ['SYN', 'SYN-ACK', 'FIN', 'ACK', 'RST', 'no-flag'] as const

/** Checked in the kernel's order: RST, then SYN (with or without ACK), FIN, ACK. */
export function tcpClass(flags: number): TcpClass {
  if (flags & TcpFlag.R) return TcpClass.RST
  if (flags & TcpFlag.S) return flags & TcpFlag.A ? TcpClass.SYNACK : TcpClass.SYN
  if (flags & TcpFlag.F) return TcpClass.FIN
  if (flags & TcpFlag.A) return TcpClass.ACK
  return TcpClass.NONE
}

/**
 * tcp_valid_flags[] in nf_conntrack_proto_tcp.c, looked at with PSH (and ECE/CWR, which the
 * model does not carry) masked out: any other combination is INVALID before any lookup.
 */
const { S, A, F, R, U, P } = TcpFlag
const VALID_FLAGS = new Uint8Array(64)
for (const f of [S, S | U, S | A, R, R | A, F | A, F | A | U, A, A | U]) VALID_FLAGS[f] = 1
export function tcpFlagsValid(flags: number): boolean {
  const f = flags & ~P
  return f >= 0 && f < 64 && VALID_FLAGS[f] === 1
}

const NO = TcpState.NONE
const SS = TcpState.SYN_SENT
const SR = TcpState.SYN_RECV
const ES = TcpState.ESTABLISHED
const FW = TcpState.FIN_WAIT
const CW = TcpState.CLOSE_WAIT
const LA = TcpState.LAST_ACK
const TW = TcpState.TIME_WAIT
const CL = TcpState.CLOSE
const S2 = TcpState.SYN_SENT2
const IV = TcpState.INVALID
const IG = TcpState.IGNORE
void NO

/** [direction: 0 original, 1 reply][class][old state] → new state. */
export const TCP_CONNTRACKS: readonly (readonly (readonly TcpState[])[])[] = [
  [
    /*            NO  SS  SR  ES  FW  CW  LA  TW  CL  S2 */
    /* syn    */ [SS, SS, IG, IG, IG, IG, IG, SS, SS, S2],
    /* synack */ [IV, IV, SR, IV, IV, IV, IV, IV, IV, SR],
    /* fin    */ [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    /* ack    */ [ES, IV, ES, ES, CW, CW, TW, TW, CL, IV],
    /* rst    */ [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    /* none   */ [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  ],
  [
    /*            NO  SS  SR  ES  FW  CW  LA  TW  CL  S2 */
    /* syn    */ [IV, S2, IV, IV, IV, IV, IV, SS, IV, S2],
    /* synack */ [IV, SR, IG, IG, IG, IG, IG, IG, IG, SR],
    /* fin    */ [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    /* ack    */ [IV, IG, SR, ES, CW, CW, TW, TW, CL, IG],
    /* rst    */ [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    /* none   */ [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  ],
]

/** tcp_timeouts[] defaults, seconds, indexed by TcpState. */
export const TCP_TIMEOUTS: readonly number[] = [
  0, // NONE (never stored)
  120, // SYN_SENT
  60, // SYN_RECV
  432000, // ESTABLISHED (5 days)
  120, // FIN_WAIT
  60, // CLOSE_WAIT
  30, // LAST_ACK
  120, // TIME_WAIT
  10, // CLOSE
  120, // SYN_SENT2
]
/** TCP_CONNTRACK_UNACK: caps an entry picked up mid-stream until a reply is seen. */
export const TCP_TIMEOUT_UNACKNOWLEDGED = 300
/** After a RST, whatever the new state: timeouts[TCP_CONNTRACK_CLOSE]. */
export const TCP_TIMEOUT_AFTER_RST = 10
/** TCP_CONNTRACK_RETRANS: caps the timeout once the same ACK has been seen tcp_max_retrans times more. */
export const TCP_TIMEOUT_RETRANS = 300
/** nf_conntrack_tcp_max_retrans */
export const TCP_MAX_RETRANS = 3

export const UDP_TIMEOUT = 30
export const UDP_TIMEOUT_STREAM = 120
/** nf_conntrack_udp_packet(): a replied flow still active this long after creation is a stream. */
export const UDP_STREAM_AFTER = 2
export const ICMP_TIMEOUT = 30
