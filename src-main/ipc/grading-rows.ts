// The Instructor screen's table from a class grading (labs/results/grade-class.ts): the pack's
// labs and objectives as columns, each bundle as a row — graded with per-objective cells, the
// recomputed score beside the claimed one and short flag kinds, or unusable with its reason, or
// replaced by a later bundle of the same learner. Pure mapping; runs in Node (main, the host).
import type { LabPack } from '../labs/lab-pack'
import type { ClassEntry } from '../labs/results/grade-class'
import type { GradedBundle, LabResult } from '../labs/results/regrade'
import type { ResultsBundle } from '../labs/results/results-bundle'
import type {
  FlagKind,
  GradingLab,
  GradingRow,
  LearnerLab,
  UnusableKind,
} from '../shared/grading-view'

export function gradingLabs(pack: LabPack): GradingLab[] {
  return pack.labs.map((lab) => ({
    id: lab.id,
    title: lab.title,
    maxScore: lab.objectives.reduce((s, o) => s + o.points, 0),
    objectives: lab.objectives.map((o) => ({ id: o.id, title: o.title, points: o.points })),
  }))
}

function learnerLab(lab: LabResult): LearnerLab {
  return {
    labId: lab.labId,
    attempted: lab.attempted,
    score: lab.score,
    maxScore: lab.maxScore,
    passed: lab.passed,
    // The grade lists the lab's objectives in the lab's order (grader.ts maps lab.objectives).
    objectives: lab.grade?.objectives.map((o) => ({ passed: o.passed, earned: o.earned })) ?? [],
    hintPenalty: lab.grade?.hintPenalty ?? 0,
  }
}

/** What the learner's copy of Portwise said the submissions that count were worth. */
export function claimedScore(bundle: ResultsBundle): number {
  let sum = 0
  for (const lab of bundle.labs) if (lab.final) sum += lab.attempts[lab.final.attempt]?.score ?? 0
  return sum
}

/** The findings of a regrade in a few kinds, for labels; the words stay in `flags`. */
export function flagKinds(pack: LabPack, bundle: ResultsBundle, g: GradedBundle): FlagKind[] {
  const kinds = new Set<FlagKind>()
  const differ = (a: number, b: number) => Math.abs(a - b) > 1e-6
  for (const lab of g.labs) {
    for (const a of lab.attempts) {
      if (!a.tampered) continue
      kinds.add(
        differ(a.claimed, a.score) || differ(a.claimedMax, a.maxScore)
          ? 'score-edited'
          : 'objective-edited',
      )
    }
    // regrade.ts words this one flag itself; it has no structured form to read.
    if (lab.flags.some((f) => f.startsWith(`${lab.labId}: the final submission`)))
      kinds.add('final-altered')
  }
  const known = new Set(pack.labs.map((l) => l.id))
  if (bundle.labs.some((l) => !known.has(l.labId))) kinds.add('unknown-lab')
  return [...kinds]
}

/** Why a bundle that read is not this pack's, a sentence in the instructor's words (not the CLI's). */
function mismatch(pack: LabPack, bundle: ResultsBundle): { kind: UnusableKind; reason: string } {
  const { id, version } = pack.manifest
  const b = bundle.pack
  if (b.id !== id)
    return {
      kind: 'other-pack',
      reason: `This bundle is for the pack “${b.title}” (${b.id}), not ${id}.`,
    }
  if (b.version !== version)
    return {
      kind: 'other-version',
      reason: `This bundle was made with version ${b.version} of this pack; ${version} is installed.`,
    }
  return {
    kind: 'other-content',
    reason: `This bundle was made with ${b.id} ${b.version}, whose files differ from the installed copy.`,
  }
}

export function gradingRow(pack: LabPack, e: ClassEntry): GradingRow {
  const r = e.result
  if (!r.ok) {
    if (!e.bundle)
      return {
        file: e.file,
        status: 'unusable',
        learner: null,
        kind: 'unreadable',
        // read-bundle.ts starts with the file name; the row shows it already.
        reason: `Not a results bundle Portwise can read: ${r.error.startsWith(`${e.file}: `) ? r.error.slice(e.file.length + 2) : r.error}.`,
      }
    return { file: e.file, status: 'unusable', learner: r.learner, ...mismatch(pack, e.bundle) }
  }
  if (e.replacedBy)
    return { file: e.file, status: 'replaced', learner: r.learner, replacedBy: e.replacedBy }
  return {
    file: e.file,
    status: 'graded',
    learner: r.learner,
    exportedAt: r.exportedAt,
    score: r.score,
    maxScore: r.maxScore,
    claimed: claimedScore(e.bundle!),
    labs: r.labs.map(learnerLab),
    flagKinds: flagKinds(pack, e.bundle!, r),
    flags: r.flags,
  }
}
