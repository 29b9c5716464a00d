// The results bundle a learner exports (`portwise-results/1`, labs/schemas/results.schema.json):
// which pack graded it, who the learner says they are, and for each lab the submission that counts
// and every attempt. Plain data; pure; runs anywhere.
import type { FirewallSource } from '../lab-pack'

export const RESULTS_FORMAT = 'portwise-results/1'

/** A bundle is untrusted input: far above what years of attempts take, low enough to refuse junk. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024

/** As the learner typed them: the app does not check either, so an instructor matches them up. */
export interface Learner {
  name: string
  /** an email address or a student number */
  id: string
}

/** One objective's result as the learner's copy of Portwise graded it. */
export interface ClaimedObjective {
  id: string
  title: string
  passed: boolean
  points: number
  earned: number
  detail: string
}

/** What the grader needs to grade a submission again (grader.ts `Submission`). */
export interface SubmissionData {
  /** editable node id → firewall in the lab's dialect (a json object, or nft/iptables/aws text) */
  rules: Record<string, FirewallSource>
  /** question objective id → a choice index or a short answer */
  answers: Record<string, unknown>
  /** predict objective id → a Prediction */
  predictions: Record<string, unknown>
  hintsUsed: number
}

export interface BundleAttempt extends SubmissionData {
  /** as the learner's copy graded it: regrade checks these */
  objectives: ClaimedObjective[]
  score: number
  maxScore: number
  /** ISO 8601, UTC */
  startedAt: string
  submittedAt: string
}

/**
 * The submission that counts for the lab: a copy of one attempt, the best one (one that met every
 * objective before one that did not, then the highest fraction of its maximum, the later on a tie:
 * the rule of storage/lab-summary.ts, so the grade is the one the learner saw in the app).
 * `attempt` is its index in `attempts`.
 */
export interface BundleFinal extends SubmissionData {
  attempt: number
}

export interface BundleLab {
  labId: string
  /** null when the learner never submitted this lab */
  final: BundleFinal | null
  /** oldest first */
  attempts: BundleAttempt[]
}

export interface ResultsBundle {
  format: typeof RESULTS_FORMAT
  /** ISO 8601, UTC */
  exportedAt: string
  app: { name: 'portwise'; version: string }
  pack: { id: string; version: string; hash: string; title: string }
  learner: Learner
  /** every lab of the pack, in the pack's order */
  labs: BundleLab[]
}
