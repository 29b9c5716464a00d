// Labs for the renderer: the listing with each lab's status, an opened lab without its answers,
// live grading, and hints revealed one at a time and counted in the main process (so the count an
// attempt records is not the renderer's word). Runs in Node.
import { gradeLab } from '../labs/grader'
import { NETWORK_KEY } from '../labs/lab-network'
import type { Lab, LabPack } from '../labs/lab-pack'
import { renderMarkdown } from '../labs/markdown'
import { encodeSubmission } from '../labs/results/submission-text'
import type { ProgressStore } from '../storage/progress-store'
import type { LabGrade, LabOpened, ObjectiveView, PackListing } from '../shared/lab-view'
import { RequestError } from './dispatch'
import type { PackLibrary } from './pack-library'

export type LabStorePort = Pick<ProgressStore, 'labSummary' | 'getSetting' | 'setSetting'>

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
}

export function findLab(pack: LabPack, labId: string): Lab {
  const lab = pack.labs.find((l) => l.id === labId)
  if (!lab) throw new RequestError(`pack "${pack.manifest.id}" has no lab "${labId}"`)
  return lab
}

const hintKey = (packId: string, labId: string) => `hints.${packId}.${labId}`

export function hintsUsed(store: LabStorePort, packId: string, labId: string): number {
  return store.getSetting<number>(hintKey(packId, labId)) ?? 0
}

export function listLabs(library: PackLibrary, store: LabStorePort): PackListing[] {
  return library.list().map((pack) => {
    const ids = pack.labs.map((l) => l.id)
    const summary = new Map(store.labSummary(pack.manifest.id, ids).map((s) => [s.labId, s]))
    return {
      id: pack.manifest.id,
      version: pack.manifest.version,
      title: pack.manifest.title,
      author: pack.manifest.author,
      labs: pack.labs.map((lab) => {
        const s = summary.get(lab.id)
        return {
          id: lab.id,
          title: lab.title,
          status: s?.status ?? 'not-started',
          bestScore: s?.bestScore ?? null,
          maxScore: s?.maxScore ?? null,
          lastAttemptAt: s?.lastAttemptAt ?? null,
        }
      }),
    }
  })
}

export function openLab(
  library: PackLibrary,
  store: LabStorePort,
  packId: string,
  labId: string,
): LabOpened {
  const pack = library.get(packId)
  const lab = findLab(pack, labId)
  const used = hintsUsed(store, packId, labId)
  return {
    packId,
    labId,
    title: lab.title,
    instructionsHtml: renderMarkdown(lab.instructions, {
      file: lab.instructionsFile,
      files: pack.files,
      imageUrl: (path) => dataUrl(pack, path) ?? '',
    }),
    topology: lab.topologyJson,
    dialect: lab.dialect,
    editable: lab.editable,
    build: lab.build ? { kinds: lab.build.kinds } : null,
    start: lab.start,
    objectives: lab.objectives.map(objectiveView),
    hintCount: lab.hints.length,
    hintCosts: lab.hints.map((h) => h.cost),
    hints: lab.hints.slice(0, used).map((h) => h.text),
    predictions: predictions(store, packId, labId),
  }
}

function objectiveView(o: Lab['objectives'][number]): ObjectiveView {
  const view: ObjectiveView = { id: o.id, type: o.type, title: o.title, points: o.points }
  if (o.type === 'question') {
    view.prompt = o.prompt
    if (o.choices) view.choices = o.choices
  }
  if (o.type === 'predict') {
    view.flow = o.flow.name
    view.asks = [...o.asks]
  }
  if (o.type === 'blocked') view.flow = o.flow.name
  return view
}

function dataUrl(pack: LabPack, path: string): string | null {
  const bytes = pack.files.get(path)
  const type = IMAGE_TYPES[path.split('.').pop()?.toLowerCase() ?? '']
  if (!bytes || !type) return null
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`
}

/** A submission names only the lab's editable firewalls, and its network where it builds one. */
export function checkRuleKeys(lab: Lab, rules: Record<string, unknown>): void {
  for (const id of Object.keys(rules))
    if (!lab.editable.includes(id) && !(lab.build && id === NETWORK_KEY))
      throw new RequestError(`${id} is not editable in this lab (${lab.editable.join(', ')})`)
}

export interface GradeRequest {
  packId: string
  labId: string
  rules: Record<string, unknown>
  answers: Record<string, unknown>
}

/** Live grading as the learner types; hints and predictions count as the main process recorded them. */
export function gradeRequest(library: PackLibrary, store: LabStorePort, r: GradeRequest): LabGrade {
  const lab = findLab(library.get(r.packId), r.labId)
  checkRuleKeys(lab, r.rules)
  return gradeLab(lab, {
    rules: r.rules,
    answers: r.answers,
    predictions: predictions(store, r.packId, r.labId),
    hintsUsed: hintsUsed(store, r.packId, r.labId),
  })
}

/** Reveals the next hint, if any is left, and returns every hint revealed so far. */
export function revealHint(
  library: PackLibrary,
  store: LabStorePort,
  packId: string,
  labId: string,
): { hints: string[] } {
  const lab = findLab(library.get(packId), labId)
  const used = Math.min(hintsUsed(store, packId, labId) + 1, lab.hints.length)
  store.setSetting(hintKey(packId, labId), used)
  return { hints: lab.hints.slice(0, used).map((h) => h.text) }
}

const predictionKey = (packId: string, labId: string) => `predictions.${packId}.${labId}`

/** The predictions main recorded for a lab, each before its trace first played. */
export function predictions(
  store: LabStorePort,
  packId: string,
  labId: string,
): Record<string, unknown> {
  return store.getSetting<Record<string, unknown>>(predictionKey(packId, labId)) ?? {}
}

/**
 * Records a prediction before its trace plays. The first one counts: a learner who watched the
 * trace cannot change it afterwards.
 */
export function recordPrediction(
  library: PackLibrary,
  store: LabStorePort,
  r: { packId: string; labId: string; objectiveId: string; prediction: unknown },
): { predictions: Record<string, unknown> } {
  const lab = findLab(library.get(r.packId), r.labId)
  if (!lab.objectives.some((o) => o.id === r.objectiveId && o.type === 'predict'))
    throw new RequestError(`${r.labId} has no predict objective "${r.objectiveId}"`)
  const stored = predictions(store, r.packId, r.labId)
  if (!Object.hasOwn(stored, r.objectiveId)) {
    stored[r.objectiveId] = r.prediction
    store.setSetting(predictionKey(r.packId, r.labId), stored)
  }
  return { predictions: stored }
}

export type SubmitStorePort = LabStorePort & Pick<ProgressStore, 'recordAttempt'>

/** Submit: grades as main counted hints and predictions, and records the attempt durably. */
export function submitLab(
  library: PackLibrary,
  store: SubmitStorePort,
  r: GradeRequest & { startedAt: number },
  now: () => number,
): { id: number; grade: LabGrade } {
  const kept = predictions(store, r.packId, r.labId)
  const grade = gradeRequest(library, store, r)
  const id = store.recordAttempt({
    packId: r.packId,
    labId: r.labId,
    rules: encodeSubmission(r.rules, r.answers),
    objectives: grade.objectives,
    score: grade.score,
    maxScore: grade.maxScore,
    hintsUsed: hintsUsed(store, r.packId, r.labId),
    startedAt: Math.min(r.startedAt, now()),
    submittedAt: now(),
    predictions: kept,
  })
  return { id, grade }
}
