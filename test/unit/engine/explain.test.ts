// The sentences learners read for each verdict and ct state.
import { describe, expect, it } from 'vitest'
import { explainDecision } from '../../../src-main/engine/explain'
import { readScenario, runScenario } from '../../../src-main/engine/scenario'

const scenario = (rules: unknown[], packets: unknown[], kind = 'stateful') =>
  readScenario({
    format: 'portwise-scenario/1',
    firewall: {
      kind,
      interfaces: { outside: '198.51.100.0/24', inside: '10.0.2.0/24' },
      policy: 'drop',
      rules,
    },
    packets,
  })
const syn = {
  in: 'outside',
  src: '198.51.100.7',
  dst: '10.0.2.2',
  proto: 'tcp',
  sport: 40001,
  dport: 443,
  flags: 'S',
}
const synack = {
  in: 'inside',
  src: '10.0.2.2',
  dst: '198.51.100.7',
  proto: 'tcp',
  sport: 443,
  dport: 40001,
  flags: 'SA',
}

function explain(rules: unknown[], packets: unknown[], kind = 'stateful') {
  const s = scenario(rules, packets, kind)
  const run = runScenario(s)
  return s.packets.map((p, i) => explainDecision(s.firewall, p, run.decisions[i]))
}

describe('explanations', () => {
  it('names the deciding rule and the reply the packet belongs to', () => {
    const [first, second] = explain(
      [
        { action: 'accept', ct: ['established', 'related'] },
        { action: 'accept', in: 'outside', proto: 'tcp', dport: 443, ct: ['new'] },
      ],
      [syn, synack],
    )
    expect(first.verdict).toBe('accepted by rule 1')
    expect(first.ct).toBe('new: a SYN opening tcp 198.51.100.7:40001 → 10.0.2.2:443')
    expect(second.ct).toBe('established: reply to 198.51.100.7:40001 → 10.0.2.2:443')
  })

  it('for a policy drop lists the closest rules and the field each failed on', () => {
    const [e] = explain(
      [
        { action: 'accept', proto: 'tcp', dport: 80 },
        { action: 'accept', proto: 'udp', dport: 53, in: 'inside' },
        { action: 'drop', proto: 'tcp', dport: 22 },
      ],
      [syn],
      'stateless',
    )
    expect(e.verdict).toBe('dropped by the policy: no rule matched')
    expect(e.ct).toBeNull()
    expect(e.closest).toEqual([
      { rule: 0, reasons: ['dport 443 is not 80'] },
      {
        rule: 1,
        reasons: ['arrived on outside, not inside', 'proto tcp is not udp', 'dport 443 is not 53'],
      },
    ])
  })

  it('says why a SYN-ACK with no SYN is invalid, and that a dropped opener leaves nothing', () => {
    const [orphan] = explain([], [synack])
    expect(orphan.ct).toBe('invalid: a SYN-ACK with no SYN before it')
    const [dropped] = explain([], [syn])
    expect(dropped.ct).toContain('it was dropped, so conntrack keeps no entry')
  })
})
