// Bad scenario files: every error names the field and what is wrong, in one line.
import { describe, expect, it } from 'vitest'
import { readScenario, runScenario } from '../../../src-main/engine/scenario'

const base = () => ({
  format: 'portwise-scenario/1',
  firewall: {
    kind: 'stateful',
    interfaces: { outside: '198.51.100.0/24', inside: '10.0.2.0/24' },
    policy: 'drop',
    rules: [{ action: 'accept', in: 'outside', proto: 'tcp', dport: 443 }] as Record<
      string,
      unknown
    >[],
  },
  packets: [
    {
      in: 'outside',
      src: '198.51.100.7',
      dst: '10.0.2.2',
      proto: 'tcp',
      sport: 40001,
      dport: 443,
      flags: 'S',
    },
  ] as Record<string, unknown>[],
})

function error(change: (s: ReturnType<typeof base>) => void): string {
  const s = base()
  change(s)
  try {
    readScenario(s)
  } catch (e) {
    return (e as Error).message
  }
  return 'no error'
}

describe('readScenario errors', () => {
  it('accepts the base file', () => {
    expect(readScenario(base()).packets).toHaveLength(1)
  })

  it('reads TCP sequence numbers, which never change a verdict (every packet is in sequence)', () => {
    const plain = runScenario(readScenario(base())).results
    const numbered = base()
    Object.assign(numbered.packets[0], { seq: 1000, ack: 0 })
    expect(runScenario(readScenario(numbered)).results).toEqual(plain)
    const udp = (s: ReturnType<typeof base>) => {
      delete s.packets[0].flags
      Object.assign(s.packets[0], { proto: 'udp', seq: 5 })
    }
    expect(error(udp)).toBe('packets[0].seq: a udp packet has no sequence numbers')
  })

  it.each<[string, (s: ReturnType<typeof base>) => void, string]>([
    [
      'a port out of range',
      (s) => (s.packets[0].sport = 70000),
      'packets[0].sport: 70000 is not a port',
    ],
    ['a missing port', (s) => delete s.packets[0].dport, 'packets[0].dport: missing'],
    ['an unknown format', (s) => (s.format = 'x'), 'format: "x" is not "portwise-scenario/1"'],
    [
      'a typo in a rule field',
      (s) => (s.firewall.rules[0].dprot = 443),
      'firewall.rules[0].dprot: unknown field: did you mean "dport"?',
    ],
    [
      'an unknown rule field',
      (s) => (s.firewall.rules[0].ttl = 1),
      'firewall.rules[0].ttl: unknown field (expected one of ',
    ],
    [
      'a bad flag letter',
      (s) => (s.packets[0].flags = 'SX'),
      'packets[0].flags: "X" is not a TCP flag',
    ],
    [
      'an unknown interface',
      (s) => (s.packets[0].in = 'outsde'),
      'packets[0].in: "outsde" is not an interface (outside, inside)',
    ],
    [
      'a bad address',
      (s) => (s.packets[0].src = '10.0.0.256'),
      'packets[0].src: "10.0.0.256" is not an IPv4 address',
    ],
    [
      'a bad subnet',
      (s) => (s.firewall.interfaces.inside = '10.0.2.0/40'),
      'firewall.interfaces.inside: "10.0.2.0/40" is not an IPv4 subnet',
    ],
    [
      'an empty port range',
      (s) => (s.firewall.rules[0].dport = '2000-1000'),
      'firewall.rules[0].dport: "2000-1000" is an empty range',
    ],
    [
      'ports without a protocol',
      (s) => delete s.firewall.rules[0].proto,
      'firewall.rules[0].dport: ports need "proto": "tcp" or "udp"',
    ],
    [
      'ct in a stateless firewall',
      (s) => ((s.firewall.kind = 'stateless'), (s.firewall.rules[0].ct = ['new'])),
      'firewall.rules[0].ct: a stateless firewall has no connection tracking',
    ],
    [
      'an unknown ct state',
      (s) => (s.firewall.rules[0].ct = ['new', 'estab']),
      'firewall.rules[0].ct[1]: "estab" is not a conntrack state',
    ],
    [
      'ports on ICMP',
      (s) => Object.assign(s.packets[0], { proto: 'icmp', icmpType: 8, flags: undefined }),
      'packets[0].sport: an icmp packet has no ports',
    ],
    [
      'a bad action',
      (s) => (s.firewall.rules[0].action = 'allow'),
      'firewall.rules[0].action: "allow" is not "accept" or "drop" or "reject"',
    ],
    [
      'time going backwards',
      (s) => s.packets.push({ ...s.packets[0], time: 5 }, { ...s.packets[0], time: 2 }),
      'packets[2].time: 2 is earlier than the packet before (5)',
    ],
    ['not an object', (s) => (s.packets[0] = 7 as never), 'packets[0]: 7 is not an object'],
    [
      'a sequence number past 32 bits',
      (s) => (s.packets[0].seq = 2 ** 32),
      'packets[0].seq: 4294967296 is not a 32-bit sequence number',
    ],
    [
      'an octet with a leading zero (octal to inet_aton)',
      (s) => (s.packets[0].dst = '010.0.2.2'),
      'packets[0].dst: "010.0.2.2" is not an IPv4 address',
    ],
    [
      'ports in a quoted ICMP header',
      (s) =>
        s.packets.push({
          in: 'inside',
          src: '10.0.2.2',
          dst: '198.51.100.7',
          proto: 'icmp',
          icmpType: 3,
          inner: { src: '198.51.100.7', dst: '10.0.2.2', proto: 'icmp', icmpType: 8, dport: 1 },
        }),
      'packets[1].inner.dport: an icmp packet has no ports',
    ],
    [
      'an ICMP type in a quoted UDP header',
      (s) =>
        s.packets.push({
          in: 'inside',
          src: '10.0.2.2',
          dst: '198.51.100.7',
          proto: 'icmp',
          icmpType: 3,
          inner: { src: '198.51.100.7', dst: '10.0.2.2', proto: 'udp', sport: 1, dport: 53, id: 4 },
        }),
      'packets[1].inner.id: only for "proto": "icmp"',
    ],
  ])('%s', (_, change, message) => {
    expect(error(change)).toContain(message)
  })
})
