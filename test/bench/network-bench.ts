// Benchmark: tracing every flow of a 50-node topology with 20 firewalls of 200 rules each.
// Runs in Node under `npm run bench`.
import { readTopology } from '../../src-main/network/topology-reader'
import { traceTopology } from '../../src-main/network/tracer'
import type { Topology } from '../../src-main/network/topology'

const FIREWALLS = 20
const CLIENTS = 9
const RULES = 200

/**
 * A core router with 9 client subnets and 20 firewalls, each guarding one web server:
 * 1 + 9 + 20 + 20 = 50 nodes. Each firewall has 199 rules that match none of the traffic
 * (other hosts and ports) before the one that lets HTTPS in, so every packet scans them all;
 * half the firewalls are stateless with the inverse rule last, half stateful.
 */
export function bigTopology(rulesPerFirewall = RULES): Topology {
  const nodes: Record<string, unknown>[] = []
  const links: string[][] = []
  const core = {
    id: 'core',
    kind: 'router',
    interfaces: [] as Record<string, unknown>[],
    routes: [] as Record<string, unknown>[],
  }
  nodes.push(core)
  for (let c = 0; c < CLIENTS; c++) {
    core.interfaces.push({ name: `c${c}`, address: `192.168.${c}.1/24` })
    nodes.push({
      id: `client${c}`,
      kind: 'host',
      role: 'client',
      os: c % 2 ? 'windows' : 'linux',
      interfaces: [{ name: 'eth0', address: `192.168.${c}.10/24`, gateway: `192.168.${c}.1` }],
    })
    links.push([`client${c}:eth0`, `core:c${c}`])
  }
  for (let f = 0; f < FIREWALLS; f++) {
    core.interfaces.push({ name: `f${f}`, address: `172.16.${f}.1/30` })
    core.routes.push({ to: `10.${f}.0.0/24`, via: `172.16.${f}.2` })
    const stateful = f % 2 === 1
    const filler = Array.from({ length: rulesPerFirewall - 2 }, (_, i) => ({
      action: 'accept',
      in: 'outside',
      proto: 'tcp',
      src: `198.18.${i % 256}.0/24`,
      dst: `10.${f}.0.${(i % 200) + 20}`,
      dport: 1000 + i,
    }))
    const rules = stateful
      ? [
          { action: 'accept', ct: ['established', 'related'] },
          ...filler,
          { action: 'accept', in: 'outside', proto: 'tcp', dst: `10.${f}.0.2`, dport: 443 },
        ]
      : [
          ...filler,
          { action: 'accept', in: 'outside', proto: 'tcp', dst: `10.${f}.0.2`, dport: 443 },
          { action: 'accept', in: 'inside', proto: 'tcp', sport: 443, dport: '1024-65535' },
        ]
    nodes.push({
      id: `fw${f}`,
      kind: 'firewall',
      interfaces: [
        { name: 'outside', address: `172.16.${f}.2/30` },
        { name: 'inside', address: `10.${f}.0.1/24` },
      ],
      routes: [{ to: '0.0.0.0/0', via: `172.16.${f}.1` }],
      firewall: { kind: stateful ? 'stateful' : 'stateless', forward: { policy: 'drop', rules } },
    })
    nodes.push({
      id: `web${f}`,
      kind: 'host',
      role: 'web-server',
      interfaces: [{ name: 'eth0', address: `10.${f}.0.2/24`, gateway: `10.${f}.0.1` }],
    })
    links.push([`core:f${f}`, `fw${f}:outside`], [`fw${f}:inside`, `web${f}:eth0`])
  }
  const flows = []
  for (let c = 0; c < CLIENTS; c++)
    for (let f = 0; f < FIREWALLS; f++)
      flows.push({ name: `c${c}-w${f}`, kind: 'https', from: `client${c}`, to: `web${f}` })
  return readTopology({ format: 'portwise-topology/1', nodes, links, flows })
}

export interface NetworkBenchResult {
  nodes: number
  firewalls: number
  rulesPerFirewall: number
  flows: number
  packets: number
  /** median milliseconds to trace every flow */
  medianMs: number
  packetsPerSecond: number
  /** the same topology with only the two rules the traffic needs, traced in the same run */
  baselineMs: number
}

function timeTrace(topology: Topology, runs: number): { ms: number; packets: number } {
  const times: number[] = []
  let packets = 0
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const trace = traceTopology(topology, { seed: i + 1 })
    times.push(performance.now() - start)
    packets = trace.packets.length
    if (!trace.flows.every((f) => f.ok))
      throw new Error(`network bench: a flow failed: ${trace.flows.find((f) => !f.ok)?.outcome}`)
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)], packets }
}

export function benchNetwork(runs = 5): NetworkBenchResult {
  const topology = bigTopology()
  timeTrace(topology, 1) // warm-up
  const full = timeTrace(topology, runs)
  const base = timeTrace(bigTopology(2), runs)
  return {
    nodes: topology.nodes.length,
    firewalls: FIREWALLS,
    rulesPerFirewall: RULES,
    flows: topology.flows.length,
    packets: full.packets,
    medianMs: full.ms,
    packetsPerSecond: full.packets / (full.ms / 1000),
    baselineMs: base.ms,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchNetwork())
