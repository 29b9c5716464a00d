// The side-by-side panes' what-if (network/filter-kind.ts): the same policy as a stateless and as
// a stateful firewall. Runs in Node (Vitest).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { withFilterKind } from '../../../src-main/network/filter-kind'
import type { Topology } from '../../../src-main/network/topology'
import { readTopology } from '../../../src-main/network/topology-reader'
import { traceTopology } from '../../../src-main/network/tracer'

const seed = () =>
  readTopology(
    JSON.parse(
      readFileSync(
        new URL('../../fixtures/topologies/seed-stateless.json', import.meta.url),
        'utf8',
      ),
    ),
  )
const browses = (t: Topology) => traceTopology(t).flows.find((f) => f.name === 'browse')!.ok
const fw1 = (t: Topology) => t.nodes.find((n) => n.id === 'fw1')!.filter!

describe('withFilterKind', () => {
  it('lets the response back once stateful, and leaves the topology it was given alone', () => {
    const t = seed()
    const before = structuredClone(t)
    expect(browses(t)).toBe(false)
    const stateful = withFilterKind(t, 'stateful')
    expect(browses(stateful)).toBe(true)
    expect(fw1(stateful).kind).toBe('stateful')
    expect(fw1(stateful).chains.forward!.rules[0]).toEqual({
      action: 'accept',
      ct: ['established', 'related'],
    })
    expect(t).toEqual(before)
  })

  it('keeps one responses rule, however often it is made stateful', () => {
    const twice = withFilterKind(withFilterKind(seed(), 'stateful'), 'stateful')
    const rules = fw1(twice).chains.forward!.rules
    expect(rules.filter((r) => r.ct !== undefined)).toHaveLength(1)
    expect(browses(twice)).toBe(true)
  })

  it('drops every rule that asks for connection tracking when stateless: none can match', () => {
    const t = withFilterKind(seed(), 'stateful')
    const forward = fw1(t).chains.forward!
    forward.rules.push({ action: 'accept', proto: 'udp', ct: ['new'] })
    const stateless = withFilterKind(t, 'stateless')
    expect(fw1(stateless).kind).toBe('stateless')
    expect(fw1(stateless).chains.forward!.rules.some((r) => r.ct !== undefined)).toBe(false)
    expect(browses(stateless)).toBe(false)
  })

  it('forgets rule names, which would name the wrong rules once rules move', () => {
    const t = seed()
    fw1(t).ruleNames = { forward: ['rule 100'] }
    fw1(t).implied = { forward: [0] }
    const moved = fw1(withFilterKind(t, 'stateful'))
    expect(moved.ruleNames).toBeUndefined()
    expect(moved.implied).toBeUndefined()
  })
})
