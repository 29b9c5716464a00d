// The robustness test of issue 4: a process recording attempts is killed with SIGKILL at a random
// moment, 50 times; afterwards the database passes integrity_check and holds every attempt the
// process had reported as saved. Runs in Vitest (Node), spawning test/fixtures/storage/attempt-writer.ts.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src-main/storage/database'
import { ProgressStore } from '../../../src-main/storage/progress-store'
import { useTempDirs } from './temp-dir'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const WRITER = join(ROOT, 'test/fixtures/storage/attempt-writer.ts')
const RUNS = 50

const tempDir = useTempDirs()

interface Run {
  lines: string[]
  signal: NodeJS.Signals | null
  stderr: string
}

/**
 * Starts the writer and kills it: usually 0–150 ms after it is ready (mid-write), every fifth run
 * 0–400 ms after the start instead, so some kills land while it opens, checks or migrates.
 */
function killedRun(file: string, run: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(run)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let stderr = ''
    let timer: ReturnType<typeof setTimeout> | undefined
    const killLater = (ms: number) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms)
    }
    if (run % 5 === 0) killLater(Math.random() * 400)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('ready\n')) killLater(Math.random() * 150)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (_code, signal) => {
      clearTimeout(timer)
      // a line cut off by the kill has no newline and is dropped: it was never fully reported
      resolve({ lines: out.split('\n').slice(0, -1), signal, stderr })
    })
  })
}

describe('killing the process while it records attempts', () => {
  it(`${RUNS} times: the database opens cleanly and every attempt reported saved is there`, async () => {
    const file = join(tempDir(), 'progress.db')
    const reported = new Map<number, string>() // id → the rules' first line
    let killedMidWrite = 0
    for (let run = 0; run < RUNS; run++) {
      const { lines, signal, stderr } = await killedRun(file, run)
      expect(signal, `run ${run} ended on its own: ${stderr}`).toBe('SIGKILL')
      expect(lines.filter((l) => l.startsWith('moved'))).toEqual([])
      const saved = lines.filter((l) => l.startsWith('saved '))
      if (saved.length > 0) killedMidWrite++
      for (const line of saved) {
        const [, id, r, seq] = line.split(' ')
        reported.set(Number(id), `run ${r} seq ${seq}`)
      }
    }
    // Most kills must land while attempts are being written, or the test proves little.
    expect(killedMidWrite).toBeGreaterThanOrEqual(RUNS * 0.7)

    const { db, movedAside } = openDatabase(file)
    try {
      expect(movedAside).toBeNull()
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      const stored = new Map(
        new ProgressStore(db).listAttempts('kill').map((a) => [a.id, a.rules.split('\n')[0]]),
      )
      const missing = [...reported].filter(([id, head]) => stored.get(id) !== head)
      expect(missing).toEqual([])
      // At most one attempt per kill can be committed yet unreported.
      expect(stored.size - reported.size).toBeGreaterThanOrEqual(0)
      expect(stored.size - reported.size).toBeLessThanOrEqual(RUNS)
      console.log(
        `sigkill: ${RUNS} kills, ${killedMidWrite} mid-write, ${reported.size} attempts reported, ` +
          `${stored.size} stored`,
      )
    } finally {
      db.close()
    }
  }, 120_000)
})
