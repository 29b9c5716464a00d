// Grading: every objective type passing and failing, partial credit, hint costs, determinism,
// and the time one grading takes.
import { describe, expect, it } from 'vitest'
import { answerKey, gradeLab, type Submission } from '../../../src-main/labs/grader'
import type { Lab } from '../../../src-main/labs/lab-pack'
import { fixtureLabs } from './pack-fixture'

const [https, services] = fixtureLabs()
const none: Omit<Submission, 'rules'> = { answers: {}, predictions: {}, hintsUsed: 0 }
const stateless = (rules: object[]) => ({
  fw1: { kind: 'stateless', forward: { policy: 'drop', rules } },
})
const stateful = (rules: object[]) => ({
  fw1: { kind: 'stateful', forward: { policy: 'drop', rules } },
})
const request = {
  action: 'accept',
  in: 'outside',
  proto: 'tcp',
  src: '119.18.36.73',
  dst: '1.3.3.7',
  dport: 443,
}
const response = {
  action: 'accept',
  in: 'inside',
  proto: 'tcp',
  src: '1.3.3.7',
  sport: 443,
  dst: '119.18.36.73',
}

function result(
  lab: Lab,
  rules: Record<string, unknown>,
  id: string,
  extra: Partial<Submission> = {},
) {
  const grade = gradeLab(lab, { ...none, rules, ...extra })
  return grade.objectives.find((o) => o.id === id)!
}

describe('objectives', () => {
  it('reachable: passes when the flow completes, fails with the trace outcome otherwise', () => {
    expect(result(https, stateless([request, response]), 'browse')).toMatchObject({
      passed: true,
      earned: 10,
      detail: 'browse: connected',
    })
    expect(result(https, stateless([request]), 'browse')).toMatchObject({
      passed: false,
      earned: 0,
    })
    expect(result(https, stateless([request]), 'browse').detail).toMatch(
      /SYN-ACK was dropped by fw1/,
    )
  })

  it('blocked at a firewall: the drop must happen there', () => {
    expect(result(https, stateless([request, response]), 'no-ssh').passed).toBe(true)
    const open = stateless([{ action: 'accept' }])
    const r = result(https, open, 'no-ssh')
    expect(r.passed).toBe(false)
    expect(r.detail).toMatch(/fails, but not at fw1: connection refused/)
    expect(
      result(services, stateful([{ action: 'accept', proto: 'icmp' }]), 'no-ping'),
    ).toMatchObject({ passed: false })
  })

  it('exactly: passes for least privilege; a broader rule fails with a counterexample packet', () => {
    expect(result(https, stateless([request, response]), 'least')).toMatchObject({ passed: true })
    const wide = result(https, stateless([{ ...request, src: '0.0.0.0/0' }, response]), 'least')
    expect(wide.passed).toBe(false)
    expect(wide.counterexample).toMatchObject({
      rule: 0,
      ct: null,
      packet: { in: 'outside', proto: 'tcp', dport: 443 },
    })
    expect(wide.counterexample!.packet.src).not.toBe(0x77124949) // not the client: someone else
    expect(wide.detail).toMatch(
      /^fw1 also allows tcp from any but 119\.18\.36\.73 to 1\.3\.3\.7 port 443, in on outside, out by inside \(forward rule 0\); for example tcp /,
    )
    // too narrow: the flow itself must work
    expect(result(https, stateless([request]), 'least').detail).toMatch(
      /^browse must work, but: timed out/,
    )
  })

  it('exactly on a stateful firewall with routes: ct established answers, anyClient, a too-wide subnet', () => {
    expect(result(services, services.solution!, 'least').passed).toBe(true)
    const rules = (services.solution!.fw1 as { forward: { rules: object[] } }).forward.rules
    const wide = stateful([
      rules[0],
      rules[1],
      { action: 'accept', in: 'outside', proto: 'tcp', dst: '10.0.2.0/24', dport: 443 },
    ])
    const r = result(services, wide, 'least')
    expect(r.passed).toBe(false)
    expect(r.counterexample).toMatchObject({
      rule: 2,
      ct: 'new',
      packet: { proto: 'tcp', dport: 443, in: 'outside' },
    })
    // answers let in by address and port instead of by conntrack open the server's port to anyone
    const stateless = stateful([
      rules[1],
      rules[2],
      { action: 'accept', in: 'inside', proto: 'udp', src: '10.0.2.53', sport: 53 },
      { action: 'accept', in: 'inside', proto: 'tcp', src: '10.0.2.2', sport: 443 },
    ])
    expect(result(services, stateless, 'lookup').passed).toBe(true)
    expect(result(services, stateless, 'least')).toMatchObject({
      passed: false,
      counterexample: { ct: 'new' },
    })
  })

  it('maxRules counts every chain', () => {
    expect(result(https, stateless([request, response]), 'few-rules')).toMatchObject({
      passed: true,
      detail: 'fw1 has 2 rules (at most 2)',
    })
    expect(
      result(https, stateless([request, response, { action: 'drop' }]), 'few-rules').passed,
    ).toBe(false)
    const withInput = {
      fw1: {
        kind: 'stateless',
        forward: { policy: 'drop', rules: [request, response] },
        input: { policy: 'drop', rules: [{ action: 'accept', proto: 'icmp' }] },
      },
    }
    expect(result(https, withInput, 'few-rules').detail).toBe('fw1 has 3 rules (at most 2)')
  })

  it('forbid: an accept rule covering the pattern fails; narrower or drop rules do not', () => {
    expect(result(https, stateless([request, response]), 'no-open').passed).toBe(true)
    for (const rule of [
      { action: 'accept', in: 'outside' },
      { action: 'accept', in: 'outside', proto: 'udp', dport: '0-65535' },
      { action: 'accept' },
    ])
      expect(result(https, stateless([rule]), 'no-open').passed).toBe(false)
    for (const rule of [
      { action: 'drop', in: 'outside' },
      { action: 'accept', in: 'outside', proto: 'tcp', dport: '1-65535' },
      { action: 'accept', in: 'outside', src: '10.0.0.0/8' },
      { action: 'accept', in: 'inside' },
    ])
      expect(result(https, stateless([rule]), 'no-open').passed).toBe(true)
    expect(
      result(https, stateless([{ action: 'accept', in: 'outside', proto: 'tcp' }]), 'no-open')
        .detail,
    ).toBe('fw1 forward rule 0 (accept in outside tcp) opens what this lab forbids')
  })

  it('mode: the kind of the firewall', () => {
    expect(result(https, stateless([]), 'stateless').passed).toBe(true)
    expect(result(https, stateful([]), 'stateless')).toMatchObject({
      passed: false,
      detail: 'fw1 is stateful',
    })
  })

  it('question: a choice index, or a short answer compared trimmed and case-insensitively', () => {
    const rules = https.start
    expect(result(https, rules, 'which-side', { answers: { 'which-side': 1 } }).passed).toBe(true)
    expect(result(https, rules, 'which-side', { answers: { 'which-side': 0 } }).passed).toBe(false)
    expect(result(https, rules, 'which-side', { answers: { 'which-side': '1' } }).passed).toBe(
      false,
    )
    for (const answer of ['443', ' 443 ', 'TCP/443', 'tcp/443'])
      expect(result(https, rules, 'which-port', { answers: { 'which-port': answer } }).passed).toBe(
        true,
      )
    for (const answer of ['80', '', 443, null, { a: 1 }])
      expect(result(https, rules, 'which-port', { answers: { 'which-port': answer } }).passed).toBe(
        false,
      )
  })

  it('predict: outcome and deciding rule, half the points each', () => {
    // against the start: the SYN-ACK is dropped by fw1's policy
    const right = { pass: false, rule: { node: 'fw1', index: null } }
    expect(
      result(https, https.solution!, 'predict-browse', {
        predictions: { 'predict-browse': right },
      }),
    ).toMatchObject({ passed: true, earned: 4 })
    const half = { pass: false, rule: { node: 'fw1', index: 0 } }
    expect(
      result(https, https.start, 'predict-browse', { predictions: { 'predict-browse': half } }),
    ).toMatchObject({ passed: false, earned: 2 })
    const wrong = { pass: true, rule: { node: 'fw1', index: 0 } }
    expect(
      result(https, https.start, 'predict-browse', { predictions: { 'predict-browse': wrong } }),
    ).toMatchObject({ passed: false, earned: 0 })
    expect(
      result(https, https.start, 'predict-browse', { predictions: { 'predict-browse': 'yes' } })
        .earned,
    ).toBe(0)
  })
})

describe('scores', () => {
  it('sums points, takes hint costs in order, never goes below zero', () => {
    const key = answerKey(https, https.solution!)
    const full = gradeLab(https, { rules: https.solution!, ...key, hintsUsed: 0 })
    expect(full).toMatchObject({ score: 39, maxScore: 39, hintPenalty: 0, errors: [] })
    // hint 1 costs the pack's default (1), hint 2 its own 3
    expect(gradeLab(https, { rules: https.solution!, ...key, hintsUsed: 1 })).toMatchObject({
      score: 38,
      hintPenalty: 1,
    })
    expect(gradeLab(https, { rules: https.solution!, ...key, hintsUsed: 2 })).toMatchObject({
      score: 35,
      hintPenalty: 4,
    })
    expect(gradeLab(https, { rules: https.solution!, ...key, hintsUsed: 99 }).hintPenalty).toBe(4)
    expect(gradeLab(https, { rules: https.solution!, ...key, hintsUsed: -3 }).hintPenalty).toBe(0)
    const nothing = gradeLab(https, { ...none, rules: stateless([]), hintsUsed: 2 })
    expect(nothing.earned).toBeLessThan(nothing.hintPenalty + 20)
    expect(
      gradeLab(services, { ...none, rules: services.start, hintsUsed: 1 }).score,
    ).toBeGreaterThanOrEqual(0)
  })

  it('rules that do not compile fail the objectives that need them and say why', () => {
    const grade = gradeLab(https, {
      ...none,
      rules: stateless([{ action: 'accept', dport: 22 }]),
      answers: { 'which-side': 1 },
    })
    expect(grade.errors).toEqual([
      'the rules of fw1 (forward.rules[0].dport) have an error: ports need "proto": "tcp" or "udp"',
    ])
    expect(grade.objectives.find((o) => o.id === 'browse')).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/^cannot be checked: the rules of fw1/),
    })
    expect(grade.objectives.find((o) => o.id === 'which-side')?.passed).toBe(true)
    expect(gradeLab(https, { ...none, rules: { fw1: 'accept all' } }).errors[0]).toMatch(
      /is not a firewall object/,
    )
  })

  it('is deterministic: the same lab, rules and seed give the same grade, whatever the order of grading', () => {
    const subs = [https.start, https.solution!, stateless([{ action: 'accept' }])].map((rules) => ({
      ...none,
      rules,
    }))
    const once = subs.map((s) => JSON.stringify(gradeLab(https, s)))
    const again = [...subs]
      .reverse()
      .map((s) => JSON.stringify(gradeLab(https, s)))
      .reverse()
    expect(again).toEqual(once)
  })
})
