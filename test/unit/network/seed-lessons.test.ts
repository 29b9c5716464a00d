// The seed lessons, traced through a network: a stateless firewall needs the inverse rule for
// each response (and two pairs when the server also starts connections); a stateful one only
// the request; what a flow's outcome and the suggested inverse rule say.
import { describe, expect, it } from 'vitest'
import { readTopology } from '../../../src-main/network/topology-reader'
import { traceTopology } from '../../../src-main/network/tracer'

type Rules = Record<string, unknown>[]

/** client (Windows) — fw1 — web server, plus an update server out on the internet. */
function topology(
  kind: 'stateless' | 'stateful',
  rules: Rules,
  flows: Record<string, unknown>[],
  labels: Record<string, string> = {},
) {
  const nodes: Record<string, unknown>[] = [
    {
      id: 'client',
      kind: 'host',
      role: 'client',
      os: 'windows',
      interfaces: [{ name: 'eth0', address: '119.18.36.73/24', gateway: '119.18.36.1' }],
    },
    {
      id: 'updates',
      kind: 'host',
      role: 'update-server',
      interfaces: [{ name: 'eth0', address: '119.18.36.80/24', gateway: '119.18.36.1' }],
    },
    { id: 'sw', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
    {
      id: 'fw1',
      kind: 'firewall',
      interfaces: [
        { name: 'outside', address: '119.18.36.1/24', zone: 'outside' },
        { name: 'inside', address: '1.3.3.1/24', zone: 'inside' },
      ],
      firewall: { kind, forward: { policy: 'drop', rules } },
    },
    {
      id: 'server',
      kind: 'host',
      role: 'web-server',
      os: 'linux',
      interfaces: [{ name: 'eth0', address: '1.3.3.7/24', gateway: '1.3.3.1' }],
    },
  ]
  return readTopology({
    format: 'portwise-topology/1',
    nodes: nodes.map((n) => (labels[n.id as string] ? { ...n, label: labels[n.id as string] } : n)),
    links: [
      ['client:eth0', 'sw:p1'],
      ['updates:eth0', 'sw:p2'],
      ['sw:p3', 'fw1:outside'],
      ['fw1:inside', 'server:eth0'],
    ],
    flows,
  })
}

const browse = { name: 'browse', kind: 'https', from: 'client', to: 'server', sport: 13337 }
const update = { name: 'update', kind: 'update', from: 'server', to: 'updates' }
const request = { action: 'accept', in: 'outside', proto: 'tcp', dst: '1.3.3.7', dport: 443 }
const response = {
  action: 'accept',
  in: 'inside',
  proto: 'tcp',
  src: '1.3.3.7',
  sport: 443,
  dport: '1024-65535',
}
const updateRequest = { action: 'accept', in: 'inside', proto: 'tcp', src: '1.3.3.7', dport: 443 }
const updateResponse = {
  action: 'accept',
  in: 'outside',
  proto: 'tcp',
  sport: 443,
  dst: '1.3.3.7',
  dport: '32768-60999',
}

describe('client 119.18.36.73:13337 to server 1.3.3.7:443', () => {
  it('a stateless firewall with only the request rule: the SYN-ACK dies and the flow times out', () => {
    const [flow] = traceTopology(topology('stateless', [request], [browse])).flows
    expect(flow.ok).toBe(false)
    expect(flow.outcome).toMatch(
      /^timed out after 21 s: the SYN-ACK was dropped by fw1 forward policy/,
    )
    expect(flow.outcome).toContain('no rule allows source port 443 to 1024–65535')
    expect(flow.suggestion?.diff).toBe(
      '+ rule 1: accept in inside out outside tcp from 1.3.3.7 port 443 to 119.18.36.73 ports 1024-65535',
    )
  })

  it('explanations name each node as the canvas does, by its label', () => {
    const labels = { client: 'laptop', server: 'web server', fw1: 'edge firewall' }
    const trace = traceTopology(topology('stateless', [request], [browse], labels))
    const [flow] = trace.flows
    expect(flow.outcome).toMatch(
      /^timed out after 21 s: the SYN-ACK was dropped by edge firewall forward policy/,
    )
    expect(flow.suggestion?.why).toBe(
      'no rule allows source port 443 to 1024–65535: edge firewall is stateless, so the response to the ephemeral port of laptop needs its own rule',
    )
    const syn = trace.packets[flow.packets[0]]
    expect(syn.hops.map((h) => h.note)).toEqual([
      'sent by laptop',
      'forwarded by edge firewall',
      'delivered to web server',
    ])
    expect(syn.hops.map((h) => h.node)).toEqual(['client', 'fw1', 'server'])
  })

  it('the suggested inverse rule, applied, makes it connect', () => {
    const first = traceTopology(topology('stateless', [request], [browse])).flows[0]
    const t = topology('stateless', [request], [browse])
    const chain = t.nodes.find((n) => n.id === 'fw1')!.filter!.chains.forward!
    chain.rules.splice(first.suggestion!.index, 0, first.suggestion!.rule)
    expect(traceTopology(t).flows[0]).toMatchObject({ ok: true, outcome: 'connected' })
  })

  it('a stateless firewall with request and inverse rules connects; every packet crosses', () => {
    const trace = traceTopology(topology('stateless', [request, response], [browse]))
    expect(trace.flows[0]).toMatchObject({
      ok: true,
      outcome: 'connected',
      sport: 13337,
      dport: 443,
    })
    const labels = trace.flows[0].packets.map((s) => trace.packets[s].label)
    expect(labels).toEqual([
      'SYN',
      'SYN-ACK',
      'ACK',
      'request',
      'response',
      'ACK',
      'FIN',
      'ACK',
      'FIN',
      'ACK',
    ])
    const synAck = trace.packets[1]
    expect(synAck.hops.map((h) => [h.node, h.direction])).toEqual([
      ['server', 'outbound'],
      ['fw1', 'outbound'],
      ['client', 'inbound'],
    ])
    expect(synAck.hops[1].checks[0]).toMatchObject({
      hook: 'forward',
      verdict: 'accept',
      rule: 1,
      ct: null,
    })
  })

  it('a stateful firewall needs only the request: the response passes as established', () => {
    const trace = traceTopology(
      topology(
        'stateful',
        [
          { action: 'accept', ct: ['established', 'related'] },
          { ...request, ct: ['new'] },
        ],
        [browse],
      ),
    )
    expect(trace.flows[0].ok).toBe(true)
    const [syn, synAck] = trace.packets
    expect(syn.hops[1].checks[0].ct).toMatchObject({
      state: 'new',
      before: '',
      after: 'SYN_SENT',
      created: true,
    })
    expect(synAck.hops[1].checks[0]).toMatchObject({
      rule: 0,
      ct: { state: 'established', before: 'SYN_SENT', after: 'SYN_RECV' },
    })
    expect(synAck.hops[1].checks[0].ct?.reason).toBe(
      'established: reply to 119.18.36.73:13337 → 1.3.3.7:443',
    )
    const last = trace.packets[trace.packets.length - 1]
    expect(last.tables.fw1.map((r) => r.state)).toEqual(['TIME_WAIT'])
  })
})

describe('a web server that also downloads updates', () => {
  it('with one pair of rules, browsing works and updates fail, and the trace says why', () => {
    const trace = traceTopology(topology('stateless', [request, response], [browse, update]))
    expect(trace.flows[0].ok).toBe(true)
    const upd = trace.flows[1]
    expect(upd.ok).toBe(false)
    expect(upd.outcome).toMatch(/^timed out after 127 s: the SYN was dropped by fw1 forward policy/)
    expect(upd.outcome).toContain(
      'closest: rule 0: arrived on inside, not outside, dst 119.18.36.80 is not 1.3.3.7',
    )
  })

  it('with two pairs of inverse rules, both work', () => {
    const trace = traceTopology(
      topology('stateless', [request, response, updateRequest, updateResponse], [browse, update]),
    )
    expect(trace.flows.map((f) => f.outcome)).toEqual(['connected', 'connected'])
    expect(trace.flows[1].sport).toBeGreaterThanOrEqual(32768) // Linux picks from 32768-60999
    expect(trace.flows[1].sport).toBeLessThanOrEqual(60999)
  })

  it('with the update request allowed but not its response, the suggestion targets Linux ephemeral ports', () => {
    const [, upd] = traceTopology(
      topology('stateless', [request, response, updateRequest], [browse, update]),
    ).flows
    expect(upd.ok).toBe(false)
    expect(upd.suggestion?.rule.dport).toEqual([{ lo: 32768, hi: 60999 }])
    expect(upd.suggestion?.diff).toContain(
      'in outside out inside tcp from 119.18.36.80 port 443 to 1.3.3.7 ports 32768-60999',
    )
  })

  it('a stateful firewall needs one rule per direction that opens connections, no inverse rules', () => {
    const rules = [
      { action: 'accept', ct: ['established', 'related'] },
      { ...request, ct: ['new'] },
      { ...updateRequest, ct: ['new'] },
    ]
    expect(
      traceTopology(topology('stateful', rules, [browse, update])).flows.every((f) => f.ok),
    ).toBe(true)
  })
})

describe('other failures real stacks see', () => {
  it('a closed port answers RST: connection refused', () => {
    const [flow] = traceTopology(
      topology('stateless', [{ action: 'accept' }], [{ ...browse, port: 8080 }]),
    ).flows
    expect(flow.outcome).toBe('connection refused: nothing listens on tcp/8080 at server')
  })

  it('a reject rule sends ICMP port unreachable back at once', () => {
    const trace = traceTopology(
      topology(
        'stateless',
        [{ action: 'reject', proto: 'tcp', dport: 443 }, { action: 'accept' }],
        [browse],
      ),
    )
    expect(trace.flows[0].outcome).toBe(
      'rejected: the SYN was rejected by fw1 forward rule 0, and fw1 answered ICMP port unreachable',
    )
    const icmp = trace.packets[1]
    expect(icmp.packet).toMatchObject({ proto: 'icmp', icmpType: 3, icmpCode: 3 })
    expect(icmp.fate).toBe('delivered')
  })

  it('the same SYN retries follow the OS back-off: Windows at 0, 3 and 9 s', () => {
    const trace = traceTopology(topology('stateless', [request], [browse]))
    expect(trace.packets.filter((p) => p.label === 'SYN').map((p) => p.time)).toEqual([0, 3, 9])
  })

  it('is deterministic for a seed, and the seed changes the ephemeral port', () => {
    const t = topology(
      'stateless',
      [request, response],
      [{ ...browse, sport: undefined, name: 'b' }].map(({ sport: _, ...f }) => f),
    )
    expect(traceTopology(t, { seed: 7 })).toEqual(traceTopology(t, { seed: 7 }))
    expect(traceTopology(t, { seed: 7 }).flows[0].sport).not.toBe(
      traceTopology(t, { seed: 8 }).flows[0].sport,
    )
  })
})

describe('rules written in a dialect', () => {
  const nft = (body: string) =>
    `table inet filter {\n  chain forward {\n    type filter hook forward priority filter; policy drop;\n${body}\n  }\n}\n`
  const withText = (text: string) => {
    const json = {
      format: 'portwise-topology/1',
      nodes: [
        {
          id: 'client',
          kind: 'host',
          role: 'client',
          os: 'windows',
          interfaces: [{ name: 'eth0', address: '119.18.36.73/24', gateway: '119.18.36.1' }],
        },
        {
          id: 'fw1',
          kind: 'firewall',
          interfaces: [
            { name: 'outside', address: '119.18.36.1/24' },
            { name: 'inside', address: '1.3.3.1/24' },
          ],
          firewall: { kind: 'stateful', dialect: 'nft', text },
        },
        {
          id: 'server',
          kind: 'host',
          role: 'web-server',
          interfaces: [{ name: 'eth0', address: '1.3.3.7/24', gateway: '1.3.3.1' }],
        },
      ],
      links: [
        ['client:eth0', 'fw1:outside'],
        ['fw1:inside', 'server:eth0'],
      ],
      flows: [browse],
    }
    return readTopology(json)
  }

  it('an nft ruleset on a stateful firewall: established plus the request', () => {
    const t = withText(
      nft(
        '    ct state established,related accept\n    iifname "outside" tcp dport 443 ct state new accept',
      ),
    )
    expect(traceTopology(t).flows[0].outcome).toBe('connected')
  })

  it('a parse error names its line and column; an unknown interface names the rule', () => {
    expect(() => withText(nft('    tcp dport 443 acept'))).toThrow(
      /nodes\[1\]\.firewall\.text: line 4, column/,
    )
    expect(() => withText(nft('    iifname "wan" accept'))).toThrow(
      'nodes[1].firewall.text: forward rule 0: "wan" is not an interface (outside, inside)',
    )
  })
})
