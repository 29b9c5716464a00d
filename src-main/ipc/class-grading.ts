// The Instructor screen's Grade, for both hosts: a class's bundles regraded against an installed
// pack in time slices, yielding to the event loop between them so the host keeps answering (and
// the progress events go out) while a large class grades; the grading kept in memory for the
// export. Runs in Node (Electron main, the browser host).
import { randomUUID } from 'node:crypto'
import type { LabPack } from '../labs/lab-pack'
import { summarizeClass } from '../labs/results/class-summary'
import { ClassGrader } from '../labs/results/grade-class'
import type { ClassGrading } from '../shared/grading-view'
import { RequestError } from './dispatch'
import { gradingLabs, gradingRow } from './grading-rows'

export interface BundleText {
  name: string
  text: string
}

export interface SliceOptions {
  /** grade for about this long before yielding; a slice is at least one bundle */
  sliceMs?: number
  now?: () => number
  /** lets other work run; setImmediate by default (after pending I/O, unlike a microtask) */
  pause?: () => Promise<void>
}

/** Reads and regrades every bundle; `progress(done, total)` after each slice and at the end. */
export async function gradeBundles(
  pack: LabPack,
  bundles: readonly BundleText[],
  progress: (done: number, total: number) => void,
  { sliceMs = 40, now = () => performance.now(), pause = immediate }: SliceOptions = {},
): Promise<ClassGrader> {
  const grader = new ClassGrader(pack)
  const encoder = new TextEncoder()
  const total = bundles.length
  progress(0, total)
  let sliceStart = now()
  for (let i = 0; i < total; i++) {
    // read-bundle.ts reads bytes (a size limit in bytes, strict UTF-8): give it the file's.
    grader.add(bundles[i].name, encoder.encode(bundles[i].text))
    if (i + 1 < total && now() - sliceStart >= sliceMs) {
      progress(i + 1, total)
      await pause()
      sliceStart = now()
    }
  }
  progress(total, total)
  return grader
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A grading main keeps so the export needs no second upload. */
export interface KeptGrading {
  pack: LabPack
  grader: ClassGrader
}

/**
 * The last few gradings, by id. Few: a grading holds every bundle read (tens of MB for a large
 * class), and the screen only ever exports the one it shows.
 */
export class GradingStore {
  private readonly kept = new Map<string, KeptGrading>()

  constructor(private readonly limit = 2) {}

  keep(grading: KeptGrading): string {
    const id = randomUUID()
    this.kept.set(id, grading)
    while (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value!)
    return id
  }

  get(id: string): KeptGrading {
    const g = this.kept.get(id)
    if (!g) throw new RequestError('this grading is no longer kept: grade the class again')
    return g
  }
}

export async function gradeClass(
  pack: LabPack,
  bundles: readonly BundleText[],
  store: GradingStore,
  progress: (done: number, total: number) => void,
  options?: SliceOptions,
): Promise<ClassGrading> {
  const grader = await gradeBundles(pack, bundles, progress, options)
  // current() marks the bundles a later one of the same learner replaced; rows show them too.
  const current = grader.current()
  const { id, version, title } = pack.manifest
  return {
    gradingId: store.keep({ pack, grader }),
    pack: { id, version, title },
    labs: gradingLabs(pack),
    rows: grader.entries.map((e) => gradingRow(pack, e)),
    summary: summarizeClass(
      pack,
      current.map((e) => e.result),
      grader.entries.length - current.length,
    ),
  }
}
