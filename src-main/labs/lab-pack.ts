// A lab pack in memory, as read from its files: the manifest, each lab with its topology, the
// firewalls it starts with, its objectives and hints. Plain data; pure; runs anywhere.
import type { Build } from './lab-network'
import type { FirewallKind, Hook } from '../engine/firewall'
import type { FlowSpec, Topology } from '../network/topology'

export const PACK_FORMAT = 'portwise-pack/1'
export const LAB_FORMAT = 'portwise-lab/1'

/** The pack's files by path ('/'-separated, relative to the folder holding pack.json). */
export type PackFiles = ReadonlyMap<string, Uint8Array>

/** What the learner writes rules in: the extension point for the rule dialects (rule-source.ts). */
export type LabDialect = 'json' | 'nft' | 'iptables' | 'aws'
export const LAB_DIALECTS: readonly LabDialect[] = ['json', 'nft', 'iptables', 'aws']

/**
 * One node's firewall as the learner writes it: in the json dialect a topology node's `firewall`
 * object, in the others that dialect's text.
 */
export type FirewallSource = unknown

export interface PackManifest {
  id: string
  version: string
  title: string
  description?: string
  author: string
  license: string
  language: string
  /** lab folder names in order */
  labs: string[]
  /** points a hint costs when it does not say */
  hintCost: number
}

export interface Hint {
  text: string
  cost: number
}

interface ObjectiveBase {
  id: string
  title: string
  points: number
}

export interface ReachableObjective extends ObjectiveBase {
  type: 'reachable'
  flow: FlowSpec
}
export interface BlockedObjective extends ObjectiveBase {
  type: 'blocked'
  flow: FlowSpec
  at?: string
}
export interface ExactlyObjective extends ObjectiveBase {
  type: 'exactly'
  firewall: string
  flows: FlowSpec[]
  strictInterfaces: boolean
  /** the flows' client may be anyone: only the server side of each flow is fixed */
  anyClient: boolean
}
export interface MaxRulesObjective extends ObjectiveBase {
  type: 'maxRules'
  firewall: string
  max: number
}

/** A forbid pattern: the fields it names, each as a set (see forbid.ts for "covers"). */
export interface ForbidPattern {
  in?: string
  out?: string
  proto?: 'tcp' | 'udp' | 'icmp'
  src?: [number, number]
  dst?: [number, number]
  sport?: [number, number]
  dport?: [number, number]
  icmpType?: number
  ct?: string[]
}
export interface ForbidObjective extends ObjectiveBase {
  type: 'forbid'
  /** null: every editable firewall */
  firewall: string | null
  hook: Hook | null
  pattern: ForbidPattern
}
export interface ModeObjective extends ObjectiveBase {
  type: 'mode'
  firewall: string
  kind: FirewallKind
}
export interface QuestionObjective extends ObjectiveBase {
  type: 'question'
  prompt: string
  choices: string[] | null
  /** a choice index, or the accepted short answers */
  answer: number | string[]
}
export type PredictPart = 'outcome' | 'rule'
export interface PredictObjective extends ObjectiveBase {
  type: 'predict'
  flow: FlowSpec
  asks: PredictPart[]
  at: string | null
  against: 'start' | 'submission'
}

export type Objective =
  | ReachableObjective
  | BlockedObjective
  | ExactlyObjective
  | MaxRulesObjective
  | ForbidObjective
  | ModeObjective
  | QuestionObjective
  | PredictObjective

export type ObjectiveType = Objective['type']

export interface Lab {
  id: string
  title: string
  /** the lab's folder inside the pack */
  dir: string
  /** path in the pack of the instructions, and their Markdown */
  instructionsFile: string
  instructions: string
  topologyFile: string
  /** the topology as read, with every editable node's start firewall in place */
  topology: Topology
  /** the topology file's JSON, kept so firewalls in the json dialect are read exactly as it reads them */
  topologyJson: unknown
  dialect: LabDialect
  editable: string[]
  start: Record<string, FirewallSource>
  solution: Record<string, FirewallSource> | null
  /** the nodes and links the learner may add, when the lab lets them build its network */
  build: Build | null
  seed: number
  objectives: Objective[]
  hints: Hint[]
}

export interface LabPack {
  manifest: PackManifest
  labs: Lab[]
  files: PackFiles
  /** sha256 over a canonical listing of the files (loader/content-hash.ts); '' until hashed */
  hash: string
}

/** One problem found in a pack: which file, where in it, what. */
export interface PackProblem {
  severity: 'error' | 'warning'
  file: string
  /** JSON path (`objectives[2].flow.port`), or '' */
  path: string
  message: string
}

export function formatProblem(p: PackProblem): string {
  const where = p.path ? `${p.file}: ${p.path}` : p.file
  // one problem a line: a message quoting the pack's text (raw HTML spanning lines) stays on one
  const message = p.message.replace(/\s*\n\s*/g, ' ')
  return `${p.severity === 'warning' ? 'warning: ' : ''}${where}: ${message}`
}
