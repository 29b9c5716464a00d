// The learner's work on a lab of a pack as its draft keeps it: the rules of each editable
// firewall (and the network, in a lab the learner builds), nft text that did not read yet, the
// answers and the flows chosen to run, as one JSON text. A draft that no longer fits the lab (the
// pack was updated, the file was damaged) keeps only what still fits. Pure; runs in the renderer.
import { NETWORK_KEY } from '../../src-main/shared/lab-types'
import type { LabOpened } from '../../src-main/shared/lab-view'

export const WORK_FORMAT = 'portwise-work/1'

export interface Work {
  rules: Record<string, unknown>
  answers: Record<string, unknown>
  /** nft text of a firewall that did not read yet, by node id (the rules hold its last reading) */
  unread?: Record<string, string>
  /** the flows the learner chose to run, by name; all of them when absent */
  chosenFlows?: string[]
}

export function encodeWork(work: Work): string {
  return JSON.stringify({ format: WORK_FORMAT, ...work }, null, 2)
}

/** The flow names of a saved list; anything else in it is dropped. */
export const flowNames = (v: unknown): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((n): n is string => typeof n === 'string'))] : []

/** The string values of a saved record (nft texts by node id); anything else in it is dropped. */
export const stringValues = (v: unknown): Record<string, string> =>
  isRecord(v)
    ? Object.fromEntries(
        Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
    : {}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The work in a draft, or null when it is not one of ours. */
export function readWork(
  text: string,
  lab: Pick<LabOpened, 'dialect' | 'editable' | 'objectives' | 'build'>,
): Work | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (!isRecord(json) || json.format !== WORK_FORMAT) return null
  const rules: Record<string, unknown> = {}
  const answers: Record<string, unknown> = {}
  if (isRecord(json.rules))
    for (const id of lab.editable) {
      const r = json.rules[id]
      if (lab.dialect === 'json' ? isRecord(r) : typeof r === 'string') rules[id] = r
    }
  // The network the learner built; main reads it again, so only its shape is checked here.
  const net = isRecord(json.rules) ? json.rules[NETWORK_KEY] : undefined
  if (lab.build && isRecord(net) && Array.isArray(net.nodes) && Array.isArray(net.links))
    rules[NETWORK_KEY] = net
  if (isRecord(json.answers))
    for (const o of lab.objectives)
      if (o.type === 'question' && Object.hasOwn(json.answers, o.id)) {
        const a = json.answers[o.id]
        if (o.choices ? Number.isInteger(a) : typeof a === 'string') answers[o.id] = a
      }
  const unread = lab.dialect === 'json' ? stringValues(json.unread) : {}
  const chosenFlows = flowNames(json.chosenFlows)
  return {
    rules,
    answers,
    ...(Object.keys(unread).length ? { unread } : {}),
    ...(chosenFlows.length ? { chosenFlows } : {}),
  }
}
