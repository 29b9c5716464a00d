// A fresh temporary folder per test, removed afterwards. Test helper; runs in Node.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** Registers cleanup in the calling test file and returns a function making a new folder. */
export function useTempDirs(): () => string {
  const made: string[] = []
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'portwise-storage-'))
    made.push(dir)
    return dir
  }
}
