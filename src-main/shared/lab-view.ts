// What the renderer sees of lab packs and labs: listings, an opened lab (never its answers or
// solution), a grade. Types only; the renderer may import this file. Pure.
import type { LabGrade, ObjectiveResult } from '../labs/grader'

export type { LabGrade, ObjectiveResult }

export type LabStatus = 'not-started' | 'in-progress' | 'passed'

export interface LabListing {
  id: string
  title: string
  status: LabStatus
  bestScore: number | null
  maxScore: number | null
  /** ms since the epoch */
  lastAttemptAt: number | null
}

export interface PackListing {
  id: string
  version: string
  title: string
  author: string
  labs: LabListing[]
}

/** An objective as the checklist shows it: what to do, never the answer. */
export interface ObjectiveView {
  id: string
  type: string
  title: string
  points: number
  /** questions: the prompt, and the choices when it is multiple choice */
  prompt?: string
  choices?: string[]
  /** predict: the flow whose trace the learner predicts; blocked: the flow that must not get
   *  through (the Traffic panel says whether it was stopped, not that it 'fails') */
  flow?: string
  /** predict: what is asked — the outcome (passes or fails), the deciding rule, or both */
  asks?: ('outcome' | 'rule')[]
}

export interface LabOpened {
  packId: string
  labId: string
  title: string
  /** sanitised HTML of the instructions (no raw HTML, images inlined) */
  instructionsHtml: string
  /** the topology file's JSON, with the locked nodes' firewalls */
  topology: unknown
  dialect: 'json' | 'nft' | 'iptables' | 'aws'
  /** the firewalls the learner edits: node ids, or router:interface for an AWS network ACL */
  editable: string[]
  /** when the learner builds the network: the node kinds the palette offers */
  build: { kinds: ('host' | 'switch' | 'router' | 'firewall')[] } | null
  /** each editable firewall's starting rules, in the lab's dialect */
  start: Record<string, unknown>
  objectives: ObjectiveView[]
  hintCount: number
  /** what each hint costs, in points, in order (revealed or not) */
  hintCosts: number[]
  /** the hints revealed so far, in order */
  hints: string[]
  /** the predictions main recorded so far, by predict objective id (the first one counts) */
  predictions: Record<string, unknown>
}
