// What the Instructor screen receives when a class's results bundles are regraded: each bundle as
// a row (the learner, usable or why not, per lab per objective what the regrade found, the
// recomputed score beside the claimed one, the flags), the labs and objectives as columns, and
// the class summary. Plain data for the IPC contract; pure; the renderer may import it.

/** The kinds of reason a bundle is not graded, so the screen can name them in a few words. */
export type UnusableKind = 'unreadable' | 'other-pack' | 'other-version' | 'other-content'

/** A short label per finding the screen shows beside the row (the full text is in `flags`). */
export type FlagKind = 'score-edited' | 'objective-edited' | 'final-altered' | 'unknown-lab'

export interface GradingObjective {
  id: string
  title: string
  points: number
}

export interface GradingLab {
  id: string
  title: string
  maxScore: number
  objectives: GradingObjective[]
}

/** One objective's regrade for one learner. */
export interface ObjectiveCell {
  passed: boolean
  earned: number
}

export interface LearnerLab {
  labId: string
  attempted: boolean
  score: number
  maxScore: number
  /** every objective met, as the app counts a pass (hints cost points only) */
  passed: boolean
  /** per objective of the lab, in the lab's order; empty when not attempted */
  objectives: ObjectiveCell[]
  hintPenalty: number
}

interface RowBase {
  /** the file name the instructor added */
  file: string
}

export interface GradedRow extends RowBase {
  status: 'graded'
  learner: { name: string; id: string }
  exportedAt: string
  /** recomputed from the learner's rules: the grade that counts */
  score: number
  maxScore: number
  /** what the learner's copy of Portwise said for the submissions that count */
  claimed: number
  labs: LearnerLab[]
  flagKinds: FlagKind[]
  /** every regrade finding in words, each starting with its lab */
  flags: string[]
}

export interface UnusableRow extends RowBase {
  status: 'unusable'
  /** null when the file did not read as a bundle */
  learner: { name: string; id: string } | null
  kind: UnusableKind
  reason: string
}

/** A bundle another one of the same learner replaced (the one exported later counts). */
export interface ReplacedRow extends RowBase {
  status: 'replaced'
  learner: { name: string; id: string }
  replacedBy: string
}

export type GradingRow = GradedRow | UnusableRow | ReplacedRow

export interface GradingLabStats {
  labId: string
  title: string
  attempted: number
  passed: number
  /** passed / graded learners, 0…1 */
  passRate: number
  meanScore: number
  maxScore: number
}

export interface GradingSummary {
  packTitle: string
  graded: number
  unusable: number
  flagged: number
  /** bundles a later one of the same learner replaced */
  replaced: number
  maxScore: number
  mean: number
  median: number
  min: number
  max: number
  labs: GradingLabStats[]
  /** learners per tenth of the maximum: [0,10%), [10,20%) … [90%,100%] */
  histogram: number[]
}

/** What `grade:class` answers. */
export interface ClassGrading {
  /** names this grading in main for `grade:export` and `grade:save` */
  gradingId: string
  pack: { id: string; version: string; title: string }
  labs: GradingLab[]
  /** one per bundle, in the order given */
  rows: GradingRow[]
  summary: GradingSummary
}

/** `grade:progress`: how far a `grade:class` call is; `run` is the one the call named. */
export interface GradeProgress {
  run: string
  done: number
  total: number
}

/** What `grade:export` answers: every gradebook file in one zip, for the browser to download. */
export interface GradebookZip {
  fileName: string
  zipBase64: string
  /** the paths inside the zip */
  files: string[]
}

/** Where `grade:save` wrote the files, or nothing when the instructor cancelled. */
export type GradebookSaveResponse =
  { status: 'saved'; folder: string; files: string[] } | { status: 'cancelled' }
