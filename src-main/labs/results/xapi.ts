// xAPI statements (xAPI 1.0.3, "Experience API" §2.4) for later upload to a Learning Record Store:
// per learner, one statement per attempted lab — passed (every objective met, the app's own rule) or
// failed — with the regraded score, and `completed` for the pack once every lab is attempted.
// No statement id: the LRS assigns one on upload (§2.4.1 "id … Recommended"), and a made-up one
// would collide when a learner's bundle is regraded twice. Pure; returns data.
import type { LabPack } from '../lab-pack'
import type { GradedBundle } from './regrade'

export const XAPI_VERBS = {
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
} as const

/** `.invalid` (RFC 2606): an IRI that names the activity and can never resolve to someone's site. */
export const ACTIVITY_ROOT = 'https://portwise.invalid'
/** Where an account-identified learner's name is unique (xAPI requires a homePage). */
export const ACCOUNT_HOME = `${ACTIVITY_ROOT}/learners`

export type LanguageMap = Record<string, string>

export interface XapiStatement {
  actor: {
    objectType: 'Agent'
    name: string
    mbox?: string
    account?: { homePage: string; name: string }
  }
  verb: { id: string; display: LanguageMap }
  object: {
    objectType: 'Activity'
    id: string
    definition: { name: LanguageMap; type: string }
  }
  result: {
    score: { raw: number; min: number; max: number; scaled: number }
    success: boolean
    completion: boolean
  }
  context?: { contextActivities: { parent: { objectType: 'Activity'; id: string }[] } }
  timestamp: string
}

const encode = (s: string) => encodeURIComponent(s)

export const packActivityId = (pack: LabPack) =>
  `${ACTIVITY_ROOT}/packs/${encode(pack.manifest.id)}/${encode(pack.manifest.version)}`
export const labActivityId = (pack: LabPack, labId: string) =>
  `${packActivityId(pack)}/labs/${encode(labId)}`

/** mbox for an email (an IFI, §2.4.2.1), an account otherwise (a student number). */
function actor(g: GradedBundle): XapiStatement['actor'] {
  const { name, id } = g.learner
  return /^[^\s@]+@[^\s@]+$/.test(id)
    ? { objectType: 'Agent', name, mbox: `mailto:${id}` }
    : { objectType: 'Agent', name, account: { homePage: ACCOUNT_HOME, name: id } }
}

/** scaled is in −1…1 (§2.4.5.1.1); a lab worth nothing, attempted, counts as full marks. */
function score(raw: number, max: number) {
  const r = Math.round(raw * 100) / 100
  return { raw: r, min: 0, max, scaled: max === 0 ? 1 : Math.round((raw / max) * 10_000) / 10_000 }
}

export function xapiStatements(pack: LabPack, graded: readonly GradedBundle[]): XapiStatement[] {
  const lang = pack.manifest.language
  const packId = packActivityId(pack)
  const out: XapiStatement[] = []
  for (const g of graded) {
    const who = actor(g)
    let last = ''
    for (const lab of g.labs) {
      if (!lab.attempted) continue
      const attempt = lab.attempts.at(-1)!
      if (attempt.submittedAt > last) last = attempt.submittedAt
      const verb = lab.passed ? 'passed' : 'failed'
      out.push({
        actor: who,
        verb: { id: XAPI_VERBS[verb], display: { 'en-US': verb } },
        object: {
          objectType: 'Activity',
          id: labActivityId(pack, lab.labId),
          definition: {
            name: { [lang]: lab.title },
            type: 'http://adlnet.gov/expapi/activities/assessment',
          },
        },
        result: { score: score(lab.score, lab.maxScore), success: lab.passed, completion: true },
        context: { contextActivities: { parent: [{ objectType: 'Activity', id: packId }] } },
        timestamp: attempt.submittedAt,
      })
    }
    if (g.labs.length > 0 && g.labs.every((l) => l.attempted))
      out.push({
        actor: who,
        verb: { id: XAPI_VERBS.completed, display: { 'en-US': 'completed' } },
        object: {
          objectType: 'Activity',
          id: packId,
          definition: {
            name: { [lang]: pack.manifest.title },
            type: 'http://adlnet.gov/expapi/activities/course',
          },
        },
        result: {
          score: score(g.score, g.maxScore),
          success: g.labs.every((l) => l.passed),
          completion: true,
        },
        timestamp: last || g.exportedAt,
      })
  }
  return out
}
