// Rule coverage on a firewall that reaches its server through a static route (lab 8: fw1, then r1,
// then the web server): the analysis routes as the network does, so a rule that decides packets
// is never called one that matches nothing, and real findings still name the learner's rules.
import { beforeAll, describe, expect, it } from 'vitest'
import { traceView } from '../../../src-main/ipc/trace-service'
import { learnerNetwork } from '../../../src-main/labs/grader'
import type { Lab } from '../../../src-main/labs/lab-pack'
import { loadPack } from '../../../src-main/labs/loader/pack-loader'
import { traceTopology } from '../../../src-main/network/tracer'

const COURSE = new URL('../../../labs/portwise-basics', import.meta.url).pathname

let lab: Lab
beforeAll(async () => {
  const loaded = await loadPack(COURSE)
  lab = loaded.pack!.labs.find((l) => l.id === '08-ping-icmp')!
})

function fw1Coverage(edit?: (rules: unknown[]) => void) {
  const start = structuredClone(lab.start.fw1) as { forward: { rules: unknown[] } }
  edit?.(start.forward.rules)
  const { topology, errors } = learnerNetwork(lab, { fw1: start })
  expect(errors).toEqual([])
  const view = traceView(topology, traceTopology(topology, { seed: lab.seed }))
  return view.coverage.find((c) => c.node === 'fw1' && c.hook === 'forward')!
}

describe('rule coverage through a static route', () => {
  it('the rule for the server behind r1 decides packets, and no finding says otherwise', () => {
    const forward = fw1Coverage()
    // rule 1 lets the browse SYN in to 1.3.3.7, which fw1 reaches by its route via r1
    expect(forward.hits[1]).toBeGreaterThan(0)
    expect(forward.findings).toEqual([])
  })

  it('a copy of that rule after it: each is found, named by the learner’s own rule numbers', () => {
    const forward = fw1Coverage((rules) => rules.push(structuredClone(rules[1])))
    // each finding is about removing that one rule (rule-analysis.ts)
    expect(forward.findings).toEqual([
      { rule: 1, kind: 'redundant', by: [2], byPolicy: false },
      { rule: 2, kind: 'shadowed', by: [1], byPolicy: false },
    ])
  })
})
