// Proves the recorded answers are the kernel's: replays every test/scenarios/cases/NAME.json
// through a real Linux router (replay.py: network namespaces, nftables, conntrack, scapy) and
// expects NAME.expected.json again. Runs in Node as root on Linux with iproute2, nft, conntrack and
// Debian's python3-scapy; anywhere else every test is skipped with a notice saying why.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CASES, ROOT, caseNames, expectedResults, readJson } from '../scenarios/cases'

const REPLAY = join(ROOT, 'test', 'kernel', 'replay.py')
// Debian's interpreter, where python3-scapy lives: a python3 earlier on PATH (pyenv) may lack it.
const PYTHON = '/usr/bin/python3'

/** Why the kernel reference cannot run here, or null when it can. */
function unavailable(): string | null {
  if (process.platform !== 'linux') return `needs Linux, this is ${process.platform}`
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, nftables)'
  for (const tool of ['ip', 'nft', 'conntrack']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed`
  }
  const scapy = spawnSync(PYTHON, ['-c', 'import scapy.layers.inet'], { encoding: 'utf8' })
  if (scapy.status !== 0) return `${PYTHON} cannot import scapy (apt-get install python3-scapy)`
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
  if (netns.status !== 0) return `ip netns does not work here: ${netns.stderr.trim()}`
  return null
}

const why = unavailable()
if (why) console.warn(`\n  kernel reference SKIPPED: ${why}\n  (test/kernel/kernel.test.ts)\n`)
const kernelIt = why ? it.skip : it

/** Namespaces replay.py made for process `pid` and left behind (its names start pw-PID-). */
function leftBehind(pids: number[]): string[] {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout
  const names = list.split('\n').map((l) => l.split(' ')[0])
  return names.filter((n) => pids.some((pid) => n.startsWith(`pw-${pid}-`)))
}

function replay(file: string) {
  return spawnSync(PYTHON, [REPLAY, file], {
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGTERM',
  })
}

describe('the Linux kernel still gives the recorded answers', () => {
  const pids: number[] = []

  afterAll(() => {
    if (!why) expect(leftBehind(pids)).toEqual([])
  })

  // Sequential (vitest runs one file's tests in order): each case builds its own router, and a
  // loaded machine only slows replay.py down, whose waits are on counters, not on fixed sleeps.
  kernelIt.each(caseNames())('%s', { timeout: 60_000 }, (name) => {
    const run = replay(join(CASES, `${name}.json`))
    pids.push(run.pid)
    expect(run.status, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ results: expectedResults(name) })
  })

  kernelIt(
    'refuses a scenario that would need minutes of waiting (exit 3)',
    { timeout: 30_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'portwise-kernel-'))
      try {
        const scenario = readJson(join(CASES, 'stateful-udp-dns.json')) as {
          packets: { time?: number }[]
        }
        scenario.packets.at(-1)!.time = 40
        const file = join(dir, 'long.json')
        writeFileSync(file, JSON.stringify(scenario))
        const run = replay(file)
        pids.push(run.pid)
        expect(run.status).toBe(3)
        expect(run.stdout).toBe('')
        expect(run.stderr).toContain('needs 40 s of waiting')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )

  kernelIt(
    'removes its namespaces when stopped halfway (SIGTERM)',
    { timeout: 30_000 },
    async () => {
      // This case waits 2.5 s between packets: time enough to stop it while its router exists.
      const child = spawn(PYTHON, [REPLAY, join(CASES, 'stateful-udp-short-waits.json')], {
        stdio: 'ignore',
      })
      const pid = child.pid!
      pids.push(pid)
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      )
      const deadline = Date.now() + 15_000
      while (leftBehind([pid]).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20))
      expect(leftBehind([pid]).length).toBeGreaterThan(0)
      // Let it finish building (all peers made) so the stop lands mid-replay, not mid-setup.
      await new Promise((r) => setTimeout(r, 1_000))
      child.kill('SIGTERM')
      expect(await exited).toBe(143)
      expect(leftBehind([pid])).toEqual([])
    },
  )
})
