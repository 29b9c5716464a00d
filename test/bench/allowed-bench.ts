// Benchmark: the exact allowed-set analysis and rule analysis of a realistic ACL at 1,000 rules,
// beside the same ACL cut to 100 rules in the same run. Runs in Node under `npm run bench`.
import { allowedSet } from '../../src-main/engine/allowed/allowed-set'
import { ruleAnalysis } from '../../src-main/engine/allowed/rule-analysis'
import type { FirewallSpec } from '../../src-main/engine/firewall'
import { readScenario } from '../../src-main/engine/scenario'

/** Per-host, per-port accepts as an administrator writes them, stateful, three interfaces. */
export function realisticAcl(rules: number): FirewallSpec {
  const list: Record<string, unknown>[] = [{ action: 'accept', ct: ['established', 'related'] }]
  for (let i = 1; i < rules; i++) {
    const host = `10.${(i >> 8) & 255}.${i & 255}.${((i * 7) % 250) + 2}`
    list.push({
      action: i % 9 === 0 ? 'drop' : 'accept',
      in: i % 3 ? 'outside' : 'dmz',
      proto: i % 4 ? 'tcp' : 'udp',
      src: `198.${18 + (i % 2)}.${i & 255}.0/24`,
      dst: host,
      dport: [22, 80, 443, 53, 8080][i % 5],
      ct: ['new'],
    })
  }
  return readScenario({
    format: 'portwise-scenario/1',
    firewall: {
      kind: 'stateful',
      interfaces: { outside: '0.0.0.0/0', inside: '10.0.0.0/8', dmz: '172.16.0.0/12' },
      policy: 'drop',
      rules: list,
    },
    packets: [],
  }).firewall
}

function median(f: () => unknown, runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    f()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

export function benchAllowed(runs = 3) {
  const big = realisticAcl(1000)
  const small = realisticAcl(100)
  return {
    rules: big.rules.length,
    allowedMs: median(() => allowedSet(big), runs),
    analysisMs: median(() => ruleAnalysis(big), runs),
    baselineAllowedMs: median(() => allowedSet(small), runs),
    boxes: allowedSet(big).length,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchAllowed())
