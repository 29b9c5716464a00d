// The scenario suite: every test/scenarios/cases/NAME.json run through the engine must give the
// answers in NAME.expected.json, which were recorded from a real Linux kernel by
// test/kernel/replay.py (and are re-checked against it by test/kernel/kernel.test.ts). Also drives
// the real `portwise simulate` command on a good file and on the bad files in bad/. Runs in Node.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readScenario, runScenario } from '../../src-main/engine/scenario'
import { BAD, CASES, ROOT, caseNames, expectedResults as expected, readJson } from './cases'

function simulate(file: string) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'portwise.mjs'), 'simulate', file], {
    cwd: ROOT,
    encoding: 'utf8',
  })
}

describe('scenario cases recorded from the Linux kernel', () => {
  const names = caseNames()

  it('has the suite it promises', () => {
    expect(names.length).toBeGreaterThanOrEqual(25)
  })

  it.each(names)('%s', (name) => {
    const scenario = readScenario(readJson(join(CASES, `${name}.json`)))
    const want = expected(name)
    expect(scenario.packets).toHaveLength(want.length)
    // Compared one packet at a time so a failure names the packet the engine gets wrong.
    const got = runScenario(scenario).results
    const diffs = want.flatMap((w, i) =>
      JSON.stringify(got[i]) === JSON.stringify(w)
        ? []
        : [`packets[${i}]: kernel ${JSON.stringify(w)}, engine ${JSON.stringify(got[i])}`],
    )
    expect(diffs).toEqual([])
  })
})

describe('portwise simulate', () => {
  it('prints the results as JSON on stdout and exits 0', () => {
    const name = 'stateful-web-request-only'
    const run = simulate(join(CASES, `${name}.json`))
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ results: expected(name) })
  })

  // Each bad file: the field path its one stderr line must start with, and a word it must name.
  const BAD_FILES: Record<string, [field: string, names: string]> = {
    'port-out-of-range': ['packets[3].sport', '70000'],
    'unknown-interface': ['packets[0].in', 'dmz'],
    'ct-in-stateless-firewall': ['firewall.rules[0].ct', 'stateless'],
    'subnet-prefix-too-long': ['firewall.interfaces.inside', '10.0.2.0/33'],
    'unknown-tcp-flag': ['packets[1].flags', 'X'],
    'rule-port-without-proto': ['firewall.rules[1].dport', 'proto'],
    'wrong-format': ['format', 'portwise-scenario/2'],
    'unknown-ct-state': ['firewall.rules[0].ct[1]', 'untracked'],
    'sequence-number-out-of-range': ['packets[2].seq', '4294967296'],
    'address-with-leading-zero': ['packets[13].src', '198.51.100.010'],
    'time-going-backwards': ['packets[6].time', 'earlier'],
    'icmp-quote-with-ports': ['packets[16].inner.sport', 'no ports'],
    // V8 quotes the text around a JSON error, line break included: still one line
    'not-json': [join(BAD, 'not-json.json'), 'not valid JSON'],
  }

  it('has a check for every bad file', () => {
    const files = readdirSync(BAD).filter((f) => f.endsWith('.json'))
    expect(files.map((f) => f.slice(0, -'.json'.length)).sort()).toEqual(
      Object.keys(BAD_FILES).sort(),
    )
  })

  it.each(Object.entries(BAD_FILES))(
    'refuses bad/%s.json naming the field',
    (name, [field, word]) => {
      const run = simulate(join(BAD, `${name}.json`))
      expect(run.status).toBe(2)
      expect(run.stdout).toBe('')
      const lines = run.stderr.split('\n')
      expect(lines).toHaveLength(2) // one line and its newline
      expect(lines[1]).toBe('')
      expect(lines[0].startsWith(`${field}: `)).toBe(true)
      expect(lines[0]).toContain(word)
    },
  )
})
