// DNS over UDP, ping and traceroute through routers and firewalls; perspective relabelling.
import { describe, expect, it } from 'vitest'
import { parseCidr } from '../../../src-main/engine/ip'
import { relabel } from '../../../src-main/network/perspective'
import { martian } from '../../../src-main/engine/firewall'
import { readTopology, unroutable } from '../../../src-main/network/topology-reader'
import { traceTopology } from '../../../src-main/network/tracer'

/** client — r1 — fw1 — dns/web servers; r1 is a plain router. */
function net(
  kind: 'stateless' | 'stateful',
  rules: Record<string, unknown>[],
  flows: Record<string, unknown>[],
) {
  return readTopology({
    format: 'portwise-topology/1',
    nodes: [
      {
        id: 'client',
        kind: 'host',
        role: 'client',
        os: 'linux',
        interfaces: [{ name: 'eth0', address: '192.168.1.10/24', gateway: '192.168.1.1' }],
      },
      {
        id: 'r1',
        kind: 'router',
        interfaces: [
          { name: 'lan', address: '192.168.1.1/24' },
          { name: 'wan', address: '203.0.113.1/30' },
        ],
        routes: [{ to: '0.0.0.0/0', via: '203.0.113.2' }],
      },
      {
        id: 'fw1',
        kind: 'firewall',
        interfaces: [
          { name: 'outside', address: '203.0.113.2/30' },
          { name: 'inside', address: '10.0.2.1/24' },
        ],
        routes: [{ to: '192.168.1.0/24', via: '203.0.113.1' }],
        firewall: { kind, forward: { policy: 'drop', rules } },
      },
      {
        id: 'dns',
        kind: 'host',
        role: 'dns-server',
        interfaces: [{ name: 'eth0', address: '10.0.2.53/24', gateway: '10.0.2.1' }],
      },
      {
        id: 'web',
        kind: 'host',
        role: 'web-server',
        interfaces: [{ name: 'eth0', address: '10.0.2.2/24', gateway: '10.0.2.1' }],
      },
      { id: 'sw', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
    ],
    links: [
      ['client:eth0', 'r1:lan'],
      ['r1:wan', 'fw1:outside'],
      ['fw1:inside', 'sw:p1'],
      ['sw:p2', 'dns:eth0'],
      ['sw:p3', 'web:eth0'],
    ],
    flows,
  })
}
const query = { action: 'accept', in: 'outside', proto: 'udp', dst: '10.0.2.53', dport: 53 }
const answer = {
  action: 'accept',
  in: 'inside',
  proto: 'udp',
  src: '10.0.2.53',
  sport: 53,
  dport: '32768-60999',
}
const dns = { name: 'dns', kind: 'dns', from: 'client', to: 'dns' }

describe('DNS over UDP', () => {
  it('stateless: without the answer rule the resolver retries once, then times out after 10 s', () => {
    const trace = traceTopology(net('stateless', [query], [dns]))
    expect(trace.flows[0].outcome).toMatch(
      /^timed out after 10 s: the DNS response was dropped by fw1 forward policy/,
    )
    expect(trace.packets.filter((p) => p.label === 'DNS query').map((p) => p.time)).toEqual([0, 5])
    expect(trace.flows[0].suggestion?.rule).toMatchObject({
      proto: 'udp',
      sport: [{ lo: 53, hi: 53 }],
      dport: [{ lo: 32768, hi: 60999 }],
    })
  })

  it('stateless with both rules, and stateful with the query alone, are answered', () => {
    expect(traceTopology(net('stateless', [query, answer], [dns])).flows[0].outcome).toBe(
      'answered',
    )
    const stateful = traceTopology(
      net('stateful', [{ action: 'accept', ct: ['established'] }, query], [dns]),
    )
    expect(stateful.flows[0].outcome).toBe('answered')
    expect(stateful.packets[1].hops.find((h) => h.node === 'fw1')?.checks[0].ct?.state).toBe(
      'established',
    )
  })

  it("the answer reaches the client's own socket: no port unreachable follows it", () => {
    // The resolver's socket is bound to the port the query left from; the client's stack only
    // answers ICMP port unreachable for a port nothing holds (RFC 1122 4.1.3.1).
    const trace = traceTopology(net('stateless', [query, answer], [dns]))
    expect(trace.packets.map((p) => [p.label, p.fate])).toEqual([
      ['DNS query', 'delivered'],
      ['DNS response', 'delivered'],
    ])
  })

  it('a host with nothing on the port answers ICMP port unreachable', () => {
    const trace = traceTopology(net('stateful', [{ action: 'accept' }], [{ ...dns, to: 'web' }]))
    expect(trace.flows[0].outcome).toBe('port unreachable: nothing listens on udp/53 at web')
  })
})

describe('ping and traceroute', () => {
  it('ping needs the echo reply allowed back through a stateless firewall', () => {
    const ping = { name: 'ping', kind: 'ping', from: 'client', to: 'web', count: 2 }
    const request = { action: 'accept', proto: 'icmp', icmpType: 8 }
    const without = traceTopology(net('stateless', [request], [ping])).flows[0]
    expect(without.outcome).toMatch(
      /^0 of 2 echo requests answered: the echo reply was dropped by fw1/,
    )
    expect(without.suggestion?.rule).toMatchObject({ proto: 'icmp', icmpType: [0] })
    expect(
      traceTopology(net('stateful', [{ action: 'accept', ct: ['established'] }, request], [ping]))
        .flows[0].outcome,
    ).toBe('2 of 2 echo requests answered')
  })

  it('traceroute lists each router that answers TTL exceeded, then the destination', () => {
    const rules = [{ action: 'accept' }]
    const trace = traceTopology(
      net('stateful', rules, [{ name: 'tr', kind: 'traceroute', from: 'client', to: 'web' }]),
    )
    expect(trace.flows[0]).toMatchObject({
      ok: true,
      outcome: 'reached in 3 hops: 1 r1 (192.168.1.1), 2 fw1 (203.0.113.2), 3 web (10.0.2.2)',
    })
    const exceeded = trace.packets.find((p) => p.label === 'time exceeded' && p.from === 'fw1')!
    expect(exceeded.hops.find((h) => h.node === 'fw1')).toBeDefined()
  })

  it('a firewall that drops ICMP errors hides itself and what lies behind it', () => {
    const rules = [{ action: 'accept', proto: 'udp' }]
    const trace = traceTopology(
      net('stateless', rules, [
        { name: 'tr', kind: 'traceroute', from: 'client', to: 'web', count: 4 },
      ]),
    )
    expect(trace.flows[0].outcome).toBe(
      'did not reach web in 4 hops: 1 r1 (192.168.1.1), 2 fw1 (203.0.113.2), 3 *, 4 *',
    )
  })
})

describe('perspective', () => {
  it('the same packet is outbound for the client, inbound for the server, through for the firewall', () => {
    const t = net(
      'stateful',
      [{ action: 'accept' }],
      [{ name: 'web', kind: 'https', from: 'client', to: 'web' }],
    )
    const syn = traceTopology(t).packets[0]
    expect(relabel(t, syn, { node: 'client' })).toBe('outbound')
    expect(relabel(t, syn, { node: 'web' })).toBe('inbound')
    expect(relabel(t, syn, { node: 'fw1' })).toBe('through')
    expect(relabel(t, syn, { node: 'fw1', iface: 'outside' })).toBe('inbound')
    expect(relabel(t, syn, { node: 'fw1', iface: 'inside' })).toBe('outbound')
    expect(relabel(t, syn, { subnet: parseCidr('10.0.2.0/24')! })).toBe('inbound')
    expect(relabel(t, syn, { subnet: parseCidr('192.168.1.0/24')! })).toBe('outbound')
    expect(relabel(t, syn, { node: 'dns' })).toBe('inbound') // it ends closer to dns than it began
  })
})

describe('topology errors name the field', () => {
  const bad = (change: (t: Record<string, unknown>) => void) => {
    const t = JSON.parse(
      JSON.stringify({
        format: 'portwise-topology/1',
        nodes: [
          {
            id: 'a',
            kind: 'host',
            interfaces: [{ name: 'eth0', address: '10.0.0.2/24', gateway: '10.0.0.1' }],
          },
        ],
        links: [],
        flows: [],
      }),
    )
    change(t)
    try {
      readTopology(t)
      return 'no error'
    } catch (e) {
      return (e as Error).message
    }
  }
  const node = (t: Record<string, unknown>) => (t.nodes as Record<string, unknown>[])[0]
  const iface = (t: Record<string, unknown>) => (node(t).interfaces as Record<string, unknown>[])[0]

  it.each<[string, (t: Record<string, unknown>) => void, string]>([
    [
      'gateway off the subnet',
      (t) => (iface(t).gateway = '10.0.1.1'),
      'nodes[0].interfaces[0].gateway: 10.0.1.1 is not in 10.0.0.2/24',
    ],
    [
      'address without prefix',
      (t) => (iface(t).address = '10.0.0.2'),
      'nodes[0].interfaces[0].address: "10.0.0.2" is not an address with its prefix',
    ],
    [
      'loopback address',
      (t) => (iface(t).address = '127.0.0.2/8'),
      'nodes[0].interfaces[0].address: 127.0.0.2 is a loopback address: routers drop every packet',
    ],
    [
      'multicast address',
      (t) => (iface(t).address = '239.1.2.3/24'),
      'nodes[0].interfaces[0].address: 239.1.2.3 is a multicast address',
    ],
    ['unknown kind', (t) => (node(t).kind = 'hub'), 'nodes[0].kind: "hub" is not'],
    [
      'link to nowhere',
      (t) => (t.links = [['a:eth0', 'b:eth0']]),
      'links[0][1]: there is no node "b"',
    ],
    [
      'link to a missing interface',
      (t) => (t.links = [['a:eth1', 'a:eth0']]),
      'links[0][0]: a has no interface "eth1"',
    ],
    [
      'forward chain on a host',
      (t) => (node(t).firewall = { kind: 'stateless', forward: { policy: 'drop', rules: [] } }),
      'nodes[0].firewall.forward: a host does not forward',
    ],
    [
      'rule on an unknown interface',
      (t) =>
        (node(t).firewall = {
          kind: 'stateless',
          input: { policy: 'drop', rules: [{ action: 'accept', in: 'eth9' }] },
        }),
      'nodes[0].firewall.input.rules[0].in: "eth9" is not an interface (eth0)',
    ],
    [
      'flow from nowhere',
      (t) => (t.flows = [{ kind: 'https', from: 'x', to: 'a' }]),
      'flows[0].from: "x" is not a host',
    ],
    [
      'bad service',
      (t) => (node(t).services = ['tcp/http']),
      'nodes[0].services[0]: "tcp/http" is not a service',
    ],
  ])('%s', (_, change, message) => {
    expect(bad(change)).toContain(message)
  })
})

describe('addresses a node cannot have', () => {
  it('are exactly those the engine drops as martians from either side', () => {
    const samples = [0, 1, 0x7f000001, 0x7fffffff, 0x80000000, 0xdfffffff, 0xe0000000]
    for (const a of [...samples, 0xefffffff, 0xf0000000, 0xfffffffe, 0xffffffff, 0x0a000202]) {
      const odd = unroutable(a) !== null
      expect(odd, `0x${a.toString(16)}`).toBe(martian(a, 0x0a000202) && martian(0x0a000202, a))
    }
  })
})
