// Every migration, in order. A new one is a new file `NNNN-what.ts` appended here; the runner
// refuses a list whose versions are not 1, 2, 3… Runs in Node.
import { migration as m0001 } from './0001-initial'
import type { Migration } from './migration'

export const MIGRATIONS: readonly Migration[] = [m0001]
