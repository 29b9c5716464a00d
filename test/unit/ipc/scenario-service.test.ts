// scenario:run's service: per-packet results with explanations and the connection table, and
// bad input answered with the field at fault. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { runScenarioText } from '../../../src-main/ipc/scenario-service'
import { SANDBOX_STARTER } from '../../../src-main/shared/sandbox-lab'

describe('runScenarioText', () => {
  it('explains every packet of the Sandbox starter', () => {
    const r = runScenarioText(SANDBOX_STARTER)
    if (r.status !== 'ran') throw new Error(r.message)
    expect(r.kind).toBe('stateful')
    expect(r.packets.map((p) => [p.verdict, p.ct, p.rule])).toEqual([
      ['accept', 'new', 1],
      ['accept', 'established', 0],
    ])
    expect(r.packets[0].packet).toBe('tcp 198.51.100.7:40001 → 10.0.2.2:443 [S]')
    expect(r.packets[0].explanation).toBe('accepted by rule 1')
    expect(r.packets[1].ctReason).toMatch(/^established: reply to/)
    expect(r.packets[0].line).toMatch(/^#0 in outside: /)
    expect(r.conntrack).toMatch(/^connection table \(1\):/)
  })

  it('answers invalid JSON and bad fields without throwing', () => {
    expect(runScenarioText('{ nope')).toMatchObject({
      status: 'invalid',
      field: '',
      problem: expect.stringMatching(/^not valid JSON/),
    })
    // by line and column, as the editor counts them, not JSON.parse's 'at position 622'
    const lines = SANDBOX_STARTER.split('\n')
    const at = lines.findIndex((l) => l.includes('"flags": "S" }'))
    const broken = runScenarioText(SANDBOX_STARTER.replace('"flags": "S" }', '"flags": "S" '))
    expect(broken).toMatchObject({ status: 'invalid', field: '' })
    if (broken.status !== 'invalid') return
    expect(broken.problem).toMatch(new RegExp(`^not valid JSON: line ${at + 2}, column \\d+: `))
    expect(broken.problem).not.toMatch(/position/)
    expect(broken.at).toEqual({ line: at + 2, column: expect.any(Number) })
    const text = SANDBOX_STARTER.replace('"dport": 443, "ct"', '"dport": 70000, "ct"')
    // the editor underlines the value itself: its line, and the column where 70000 starts
    const line = text.split('\n').findIndex((l) => l.includes('70000'))
    expect(runScenarioText(text)).toEqual({
      status: 'invalid',
      field: 'firewall.rules[1].dport',
      problem: '70000 is not a port',
      message: 'firewall.rules[1].dport: 70000 is not a port',
      at: { line: line + 1, column: text.split('\n')[line].indexOf('70000') + 1 },
    })
    expect(runScenarioText('null')).toMatchObject({ status: 'invalid' })
  })

  it('points a missing field at the object that lacks it', () => {
    const text = SANDBOX_STARTER.replace('"policy": "drop",', '')
    const r = runScenarioText(text)
    expect(r).toMatchObject({ status: 'invalid', field: 'firewall.policy' })
    const line = text.split('\n').findIndex((l) => l.includes('"firewall": {'))
    if (r.status === 'invalid') expect(r.at?.line).toBe(line + 1)
  })

  it('says a stateless firewall has no connection table', () => {
    const text = SANDBOX_STARTER.replace('"stateful"', '"stateless"')
      .replace(/\{ "action": "accept", "ct": \[[^\]]*\] \},/, '')
      .replace(', "ct": ["new"]', '')
    const r = runScenarioText(text)
    expect(r).toMatchObject({ status: 'ran', conntrack: 'stateless firewall: no connection table' })
  })
})
