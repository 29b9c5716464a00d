// Where the scenario cases live and how to list them, shared by the engine suite
// (scenarios.test.ts) and the kernel check (../kernel/kernel.test.ts). Runs in Node.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CASES = join(ROOT, 'test', 'scenarios', 'cases')
export const BAD = join(ROOT, 'test', 'scenarios', 'bad')

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'))

/** Every case: NAME for each cases/NAME.json (its answers are in NAME.expected.json). */
export function caseNames(): string[] {
  return readdirSync(CASES)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort()
}

/** The kernel's recorded answers for a case. */
export function expectedResults(name: string): unknown[] {
  return (readJson(join(CASES, `${name}.expected.json`)) as { results: unknown[] }).results
}
