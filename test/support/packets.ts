// Packet builders for tests: a client and a server, and packets between them by direction.
import { parseIpv4 } from '../../src-main/engine/ip'
import { type Packet, type Proto, parseTcpFlags } from '../../src-main/engine/packet'

export const CLIENT = parseIpv4('198.51.100.7')!
export const SERVER = parseIpv4('10.0.2.2')!

export function packet(fields: Partial<Packet> & { flagText?: string }): Packet {
  const { flagText, ...rest } = fields
  const flags = flagText === undefined ? 0 : (parseTcpFlags(flagText) as number)
  return {
    in: 'outside',
    src: CLIENT,
    dst: SERVER,
    proto: 'tcp',
    sport: 40001,
    dport: 443,
    flags,
    icmpType: -1,
    icmpCode: 0,
    icmpId: 0,
    time: 0,
    ...rest,
  }
}

/** A packet of the client↔server conversation: dir 0 client→server, 1 server→client. */
export function conv(dir: 0 | 1, flagText: string, time = 0, proto: Proto = 'tcp'): Packet {
  return dir === 0
    ? packet({ flagText: proto === 'tcp' ? flagText : '', time, proto })
    : packet({
        in: 'inside',
        src: SERVER,
        dst: CLIENT,
        sport: 443,
        dport: 40001,
        flagText: proto === 'tcp' ? flagText : '',
        time,
        proto,
      })
}
