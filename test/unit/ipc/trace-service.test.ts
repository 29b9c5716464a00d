// The `topology:trace` service over the Sandbox network: the seed lesson's failure and its
// suggested inverse rule, which applied makes the flow connect; "view as"; rule coverage; and
// bad input named by its path. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { traceTopologyText } from '../../../src-main/ipc/trace-service'
import { sandboxNetwork } from '../../../src-main/shared/sandbox-network'

const trace = (t: unknown, flows?: string[]) => {
  const r = traceTopologyText({ text: JSON.stringify(t), flows })
  if (r.status !== 'traced') throw new Error(r.message)
  return r.trace
}

describe('topology:trace over the Sandbox network', () => {
  it('browse fails at fw1 with the SYN-ACK dropped, and offers the inverse rule', () => {
    const t = trace(sandboxNetwork(), ['browse'])
    const [browse] = t.flows
    expect(browse.ok).toBe(false)
    expect(browse.outcome).toContain('the SYN-ACK was dropped by fw1')
    expect(browse.suggestion).toMatchObject({
      node: 'fw1',
      hook: 'forward',
      index: 1,
      rule: {
        action: 'accept',
        in: 'inside',
        out: 'outside',
        proto: 'tcp',
        src: '1.3.3.7',
        sport: 443,
        dst: '119.18.36.73',
        dport: '1024-65535',
      },
    })
    expect(t.packets[0]).toMatchObject({ label: 'SYN', src: '119.18.36.73', flags: 'S' })
    expect(t.packets[1].droppedBy).toMatchObject({ node: 'fw1', rule: null })
  })

  it('the suggestion, applied, makes browse connect', () => {
    const net = sandboxNetwork()
    const s = trace(net, ['browse']).flows[0].suggestion!
    net.nodes.find((n) => n.id === 'fw1')!.firewall!.forward!.rules.splice(s.index, 0, s.rule)
    expect(trace(net, ['browse']).flows[0]).toMatchObject({ ok: true, outcome: 'connected' })
  })

  it('relabels each packet from every node and counts rule hits', () => {
    const t = trace(sandboxNetwork(), ['browse'])
    expect(t.packets[0].view).toMatchObject({
      client: 'outbound',
      server: 'inbound',
      fw1: 'through',
    })
    expect(t.coverage).toEqual([
      { node: 'fw1', hook: 'forward', hits: [3], findings: [], allowed: expect.any(Array) },
    ])
  })

  it("relabels from a firewall's interfaces and from subnets as well as nodes", () => {
    const t = trace(sandboxNetwork(), ['browse'])
    const keys = (kind: string) => t.viewpoints.filter((v) => v.kind === kind).map((v) => v.key)
    expect(keys('interface')).toEqual(['fw1:outside', 'fw1:inside'])
    // named as the node panel names a link's end, not by the key
    expect(t.viewpoints.filter((v) => v.kind === 'interface').map((v) => v.label)).toEqual([
      'fw1 · outside',
      'fw1 · inside',
    ])
    expect(keys('subnet')).toEqual(['119.18.36.0/24', '1.3.3.0/24'])
    expect(keys('node')).not.toContain('sw')
    // The client's SYN: it comes in on fw1's outside and leaves by its inside; it leaves the
    // client's subnet and enters the server's.
    expect(t.packets[0].view).toMatchObject({
      'fw1:outside': 'inbound',
      'fw1:inside': 'outbound',
      '119.18.36.0/24': 'outbound',
      '1.3.3.0/24': 'inbound',
    })
    // Every packet has an answer for every viewpoint.
    for (const p of t.packets) expect(Object.keys(p.view)).toEqual(t.viewpoints.map((v) => v.key))
  })

  it("works out what fw1's forward chain lets through, each box with its rule and an example", () => {
    const forward = trace(sandboxNetwork()).coverage.find(
      (c) => c.node === 'fw1' && c.hook === 'forward',
    )!
    expect(forward.allowed.length).toBeGreaterThan(0)
    // the crossings first, each box a rule of fw1 (or its policy) and a packet it accepts
    expect(forward.allowed[0].direction).toBe('outside → inside')
    for (const box of forward.allowed) {
      expect(box.rule === null || box.rule < forward.hits.length).toBe(true)
      expect(box.example).toMatch(/^(tcp|udp|icmp) /)
    }
    const other = trace(sandboxNetwork()).coverage.filter((c) => c.hook !== 'forward')
    expect(other.every((c) => c.allowed.length === 0)).toBe(true)
  })

  it('lists every filter for the connection tables, each as the learner knows it', () => {
    const net = sandboxNetwork()
    const fw1 = net.nodes.find((n) => n.id === 'fw1')!
    expect(trace(net).filters).toEqual([
      { node: 'fw1', nodeLabel: 'fw1', label: 'fw1', stateful: fw1.firewall!.kind === 'stateful' },
    ])
  })

  it('names the path of a bad field, and bad JSON, instead of failing', () => {
    const net = sandboxNetwork()
    net.nodes[3].firewall!.forward!.rules[0].dport = 70000
    expect(traceTopologyText({ text: JSON.stringify(net) })).toMatchObject({
      status: 'invalid',
      field: 'nodes[3].firewall.forward.rules[0].dport',
    })
    expect(traceTopologyText({ text: '{' })).toMatchObject({ status: 'invalid', field: '' })
    expect(
      traceTopologyText({ text: JSON.stringify(sandboxNetwork()), flows: ['nope'] }),
    ).toMatchObject({ status: 'invalid', field: 'flows' })
  })
})
