// The IPC contract: every call the renderer may make and every event main may send, with the zod
// schema its payload must pass and the type of its answer. Main (Electron and the browser host),
// the preload and the renderer all derive their types from this one file. Pure; runs anywhere.
import { z } from 'zod'
import type {
  ClassGrading,
  GradebookSaveResponse,
  GradebookZip,
  GradeProgress,
} from './grading-view'
import type { LabGrade, LabOpened, PackListing } from './lab-view'
import type {
  FilterJson,
  RulesParseResponse,
  RulesPrintResponse,
  TopologyTraceResponse,
} from './lab-types'

/** A pack or lab identifier: short, and safe to show or to use in a file name. */
const id = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be letters, digits, ".", "-" or "_"')

/** Drafts and scenarios are typed by a learner: 1 MB is far more than any lab needs. */
const MAX_TEXT = 1_000_000
const text = z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)

const settingKey = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9.-]{0,63}$/, 'must be a short dotted name such as "ui.theme"')

/** Milliseconds since the epoch, as the storage keeps them. */
const time = z.number().int('must be a whole number of milliseconds').min(0)

const noArgs = z.strictObject({})

/** A `.labpack` is compressed text and a few images (labs/loader/pack-source.ts has the same). */
export const MAX_PACK_BYTES = 50 * 1024 * 1024

/** Who exports results of which pack: name and id are stored as entered. */
const resultsRequest = z.strictObject({
  packId: id,
  learnerName: z.string().trim().min(1, 'must not be empty').max(200),
  learnerId: z.string().trim().min(1, 'must not be empty').max(200),
})

/**
 * A class's bundles travel as text in one call. A bundle is about 36 kB (the built-in course, every
 * lab tried); 2,000 of them, or 48 M characters, is a large class, and keeps the call under the
 * browser host's 67 MB message limit (host/server.ts) even with JSON's escaping. One bundle may be
 * as large as labs/results/results-bundle.ts MAX_BUNDLE_BYTES allows.
 */
export const MAX_CLASS_BUNDLES = 2000
export const MAX_CLASS_TEXT = 48 * 1024 * 1024
const MAX_ONE_BUNDLE = 32 * 1024 * 1024

/** A grading main keeps for the export: a random UUID `grade:class` answered. */
const gradingId = z.uuid('must be the id grade:class answered')

const dialect = z.enum(['nft', 'iptables', 'aws'])
/** Side-by-side panes: trace as if every node's filter were this kind. */
const firewallKind = z.enum(['stateless', 'stateful'])
/** Linux interface names are at most 15 bytes; topology ids at most 32 characters. */
const ifaceName = z.string().min(1).max(32)

/** A firewall's chains as FilterJson: main reads every rule and names the path of a bad one. */
const filterJson = z.custom<FilterJson>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'must be an object with kind and chains',
)

// ---- answer types -------------------------------------------------------------------------

export interface Notice {
  level: 'info' | 'warning'
  text: string
}

export interface AppInfo {
  version: string
  /** which implementation of window.portwise answers: the desktop app or the browser host */
  host: 'electron' | 'browser'
  /** where progress is kept */
  dataDir: string
  /** things the learner must be told once, e.g. a damaged progress file that was moved aside */
  notices: Notice[]
}

/** One packet of a scenario run, with the sentences that explain its verdict. */
export interface PacketOutcome {
  index: number
  /** `tcp 198.51.100.7:40001 → 10.0.2.2:443 [S]` */
  packet: string
  verdict: 'accept' | 'drop'
  /** the conntrack state the rules saw; null for a stateless firewall or an unrouted packet */
  ct: string | null
  /** index of the deciding rule, or null when the policy or routing decided */
  rule: number | null
  /** `accepted by rule 1` / `dropped by the policy: no rule matched` */
  explanation: string
  /** why conntrack gave the packet its state (stateful only) */
  ctReason: string | null
  /** for a packet the policy decided: the rules that came closest, and why they missed */
  closest: { rule: number; reasons: string[] }[]
  /** the whole explanation on one line, as `portwise simulate --explain` prints it */
  line: string
}

export type ScenarioRunResponse =
  | {
      status: 'ran'
      name: string
      kind: 'stateless' | 'stateful'
      packets: PacketOutcome[]
      /** the connection table after the last packet, as `conntrack -L` would show it */
      conntrack: string
    }
  | {
      /** the text is not JSON, or not a valid portwise-scenario/1: a normal answer, not a crash */
      status: 'invalid'
      /** `packets[3].sport`; empty when the problem is the whole text */
      field: string
      problem: string
      /** field and problem in one line */
      message: string
      /** where in the text: the JSON fault, or where the field's value (or its object) was written */
      at?: { line: number; column: number }
    }

export interface Draft {
  text: string
  /** milliseconds since the epoch */
  savedAt: number
}

/** A graded attempt as stored: what `attempt:list` answers. */
export interface Attempt {
  id: number
  packId: string
  /** the pack version installed when the attempt was recorded: which objectives graded it */
  packVersion: string
  labId: string
  /** the learner's rules, exactly as written */
  rules: string
  /** the grader's result per objective */
  objectives: unknown
  score: number
  maxScore: number
  hintsUsed: number
  /** ms since the epoch */
  startedAt: number
  submittedAt: number
  /** what the learner predicted before running, or null */
  predictions: unknown
}

export interface PackSummary {
  id: string
  version: string
  contentHash: string
  title: string
  /** ms since the epoch */
  installedAt: number
}

/** What `results:export` answers: the three files of a results export, for the host to save. */
export interface ResultsExportResponse {
  /** the portwise-results/1 bundle, as the file's text */
  bundleJson: string
  /** the readable report: one self-contained page */
  html: string
  /** the same report as a PDF, base64 */
  pdfBase64: string
  /** a suggested file name without extension: `results-<pack>-<version>-<learner id>` */
  fileName: string
  /** attempts left out because another version of the pack graded them */
  skippedAttempts: number
  /** attempts the files hold: 0 when no lab of this pack version was submitted yet */
  attempts: number
}

/** A lab pack that was installed (or found already installed with the same content). */
export interface PackInstalled {
  id: string
  version: string
  title: string
  /** 'unchanged': this version with this content was installed already */
  outcome: 'installed' | 'updated' | 'unchanged'
  labs: number
  /** 'updated' only: the version it replaced, and whether that one was the newer */
  replaced?: { version: string; newer: boolean }
}

/** Where the three files of a results export were written, or nothing when the learner cancelled. */
export type ResultsSaveResponse =
  | { status: 'saved'; files: string[]; skippedAttempts: number; attempts: number }
  | { status: 'cancelled' }

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

// ---- the contract ---------------------------------------------------------------------------

/** A call: renderer → main, one request, one answer. `response` is a type carrier only. */
function call<Res>() {
  return <S extends z.ZodType>(doc: string, request: S) => ({
    doc,
    request,
    response: undefined as unknown as Res,
  })
}

/** An event: main → renderer. Main builds the payload itself, so it is typed, not validated. */
function event<Payload>(doc: string) {
  return { doc, payload: undefined as unknown as Payload }
}

export const contract = {
  /** Version, which host answers, the data folder, and notices to show once. */
  'app:info': call<AppInfo>()('Version, host, data folder and notices for the learner.', noArgs),

  /**
   * Runs a portwise-scenario/1 JSON text through the engine: per-packet verdicts with their
   * explanations and the connection table. Bad JSON or a bad field is an answer with
   * `status: 'invalid'` naming the field, never an error.
   */
  'scenario:run': call<ScenarioRunResponse>()(
    'Runs a portwise-scenario/1 text; invalid input is reported, not thrown.',
    z.strictObject({ text }),
  ),

  /**
   * Traces a portwise-topology/1 JSON text: every packet of its flows (or of the named ones) hop by
   * hop, each flow's outcome with the missing inverse rule as a diff, the connection tables, how
   * each packet looks from every node, and each chain's rule coverage. Bad JSON or a bad field is
   * an answer with `status: 'invalid'` naming the path, never an error.
   */
  'topology:trace': call<TopologyTraceResponse>()(
    'Traces a portwise-topology/1 text; invalid input is reported with its path.',
    z.strictObject({
      text,
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .optional(),
      flows: z.array(z.string().max(200)).max(256).optional(),
      kind: firewallKind.optional(),
    }),
  ),

  /**
   * Reads rules written in a dialect (nft, iptables, aws) into chains of portwise rules, or the
   * problems at their line and column. A set such as `tcp dport { 80, 443 }` becomes one row per
   * member, in order, which decides the same packets.
   */
  'rules:parse': call<RulesParseResponse>()(
    'Reads rules text in a dialect; problems come back with line and column.',
    z.strictObject({ dialect, text }),
  ),

  /** Writes a firewall's chains of portwise rules in a dialect, as its tools print them. */
  'rules:print': call<RulesPrintResponse>()(
    'Writes chains of portwise rules in a dialect.',
    z.strictObject({
      dialect,
      interfaces: z.array(ifaceName).max(64),
      filter: filterJson,
    }),
  ),

  /** The saved draft of one lab, or null when the learner has not typed anything yet. */
  'draft:get': call<Draft | null>()(
    'The saved draft of a lab, or null.',
    z.strictObject({ packId: id, labId: id }),
  ),

  /** Saves the draft of one lab (the renderer debounces); answers when it is on disk. */
  'draft:save': call<{ savedAt: number }>()(
    'Saves the draft of a lab.',
    z.strictObject({ packId: id, labId: id, text }),
  ),

  /** Records one graded attempt at a lab; answers its id. */
  'attempt:record': call<{ id: number }>()(
    'Records a graded attempt.',
    z
      .strictObject({
        packId: id,
        labId: id,
        rules: text,
        objectives: z.json(),
        score: z.number().finite().min(0),
        maxScore: z.number().finite().min(0),
        hintsUsed: z.number().int().min(0),
        startedAt: time,
        submittedAt: time,
        predictions: z.json().optional(),
      })
      .refine((a) => a.score <= a.maxScore, {
        message: 'score must not exceed maxScore',
        path: ['score'],
      }),
  ),

  /** The attempts at a pack, or at one lab of it, oldest first. */
  'attempt:list': call<Attempt[]>()(
    'Attempts at a pack or one of its labs, oldest first.',
    z.strictObject({ packId: id, labId: id.optional() }),
  ),

  /** One setting, or null when it was never set. */
  'settings:get': call<{ value: JsonValue | null }>()(
    'A setting, or null.',
    z.strictObject({ key: settingKey }),
  ),

  /** Stores one setting (any JSON value). */
  'settings:set': call<{ saved: true }>()(
    'Stores a setting.',
    z.strictObject({ key: settingKey, value: z.json() }),
  ),

  /** The installed lab packs. */
  'pack:list': call<PackSummary[]>()('The installed lab packs.', noArgs),

  /** Every lab pack with its labs and each lab's status, best score and last attempt. */
  'lab:list': call<PackListing[]>()('Lab packs with their labs and progress.', noArgs),

  /** One lab to work on: instructions (sanitised HTML), topology, editable firewalls, objectives. */
  'lab:open': call<LabOpened>()(
    'Opens a lab: never its answers or its solution.',
    z.strictObject({ packId: id, labId: id }),
  ),

  /** Grades the learner's current work at once (objectives re-check as rules change). */
  'lab:grade': call<LabGrade>()(
    'Grades rules and answers; hints and predictions count as main recorded them.',
    z.strictObject({
      packId: id,
      labId: id,
      rules: z.record(z.string().max(64), z.unknown()),
      answers: z.record(z.string().max(64), z.unknown()),
    }),
  ),

  /** Records a prediction before its trace plays; the first one for an objective counts. */
  'lab:predict': call<{ predictions: Record<string, unknown> }>()(
    'Records a prediction (pass or fail, and the deciding rule) before the trace plays.',
    z.strictObject({
      packId: id,
      labId: id,
      objectiveId: z.string().min(1).max(64),
      prediction: z.strictObject({
        pass: z.boolean().optional(),
        rule: z
          .strictObject({ node: z.string().max(64), index: z.number().int().min(0).nullable() })
          .optional(),
      }),
    }),
  ),

  /** Submits the lab: graded in main and recorded as an attempt with its score. */
  'lab:submit': call<{ id: number; grade: LabGrade }>()(
    'Grades and records an attempt; returns its id and grade.',
    z.strictObject({
      packId: id,
      labId: id,
      rules: z.record(z.string().max(64), z.unknown()),
      answers: z.record(z.string().max(64), z.unknown()),
      startedAt: time,
    }),
  ),

  /** Reveals the next hint of a lab; its use is recorded and charged as the pack says. */
  'lab:hint': call<{ hints: string[] }>()(
    'Reveals one more hint and returns all revealed so far.',
    z.strictObject({ packId: id, labId: id }),
  ),

  /**
   * File › Export results: the learner's attempts at one pack as a portwise-results/1 bundle
   * (labs/schemas/results.schema.json) with the readable report as HTML and PDF. Name and id are
   * stored as entered (an instructor matches them to the class list). Writes nothing: the host
   * saves the files. The PDF travels as base64, since the browser host's wire is JSON.
   */
  'results:export': call<ResultsExportResponse>()(
    'Exports results of a pack: bundle JSON, HTML and PDF reports.',
    resultsRequest,
  ),

  /**
   * The desktop app's Export results: main builds the same three files, asks where to save them
   * with its own save dialog and writes them there. The renderer never names a path.
   */
  'results:save': call<ResultsSaveResponse>()(
    'Exports results and saves the three files where the learner chooses (desktop app).',
    resultsRequest,
  ),

  /**
   * Installs a `.labpack` file by its absolute path (a file dropped on the desktop window; the
   * menu and double-clicks open files in main directly). Answers what `pack:installed` announces.
   */
  'pack:open': call<PackInstalled>()(
    'Installs a .labpack file by its absolute path.',
    z.strictObject({
      file: z
        .string()
        .max(4096)
        .regex(/\.labpack$/i, 'must be a .labpack file')
        .refine((f) => f.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(f), 'must be an absolute path'),
    }),
  ),

  /**
   * Installs a `.labpack` the learner uploaded (the browser host's file picker): checked as
   * `portwise pack validate` checks it, then written into the data folder's packs/. A pack with
   * an installed id and version but other content is refused; on any error nothing changes.
   */
  'pack:install': call<PackInstalled>()(
    'Installs an uploaded .labpack (its bytes as base64).',
    z.strictObject({
      name: z.string().min(1).max(255),
      bytesBase64: z
        .string()
        .max(Math.ceil(MAX_PACK_BYTES / 3) * 4, 'is larger than a lab pack may be')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    }),
  ),

  /**
   * The desktop app's "Open a lab pack…": main shows its open dialog and installs the file chosen;
   * null when the learner cancelled.
   */
  'pack:choose': call<PackInstalled | null>()(
    'Shows the open dialog and installs the chosen .labpack (desktop app).',
    noArgs,
  ),

  /**
   * Runs a lab's traffic with the learner's rules in place, the topology built exactly as the
   * grader builds it (the lab's seed, its locked firewalls). Answers as `topology:trace` does;
   * rules that do not read are an answer naming the firewall and the path, never an error.
   */
  'lab:trace': call<TopologyTraceResponse>()(
    "Traces a lab's topology with the learner's rules.",
    z.strictObject({
      packId: id,
      labId: id,
      rules: z.record(z.string().max(64), z.unknown()),
      flows: z.array(z.string().max(200)).max(256).optional(),
      kind: firewallKind.optional(),
    }),
  ),

  /**
   * The Instructor screen's Grade: regrades a class's results bundles (as the files' text)
   * against an installed pack, in chunks, announcing `grade:progress` with `run` as it goes. Each
   * bundle is a row: the learner, usable or the reason not, per lab per objective what the
   * regrade found, the recomputed score beside the claimed one, the flags; then the class
   * summary. An unusable bundle is a row, never an error. Main keeps the result for the export.
   */
  'grade:class': call<ClassGrading>()(
    'Regrades results bundles against a pack; progress comes as grade:progress events.',
    z
      .strictObject({
        packId: id,
        run: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a short token'),
        bundles: z
          .array(
            z.strictObject({
              name: z.string().min(1).max(255),
              text: z.string().max(MAX_ONE_BUNDLE, 'is larger than a results bundle may be'),
            }),
          )
          .min(1, 'must hold at least one bundle')
          .max(MAX_CLASS_BUNDLES, `must hold at most ${MAX_CLASS_BUNDLES} bundles`),
      })
      .refine((r) => r.bundles.reduce((n, b) => n + b.text.length, 0) <= MAX_CLASS_TEXT, {
        message: `together must be at most ${MAX_CLASS_TEXT / 1024 / 1024} M characters: grade the class in parts`,
        path: ['bundles'],
      }),
  ),

  /**
   * The browser's Export gradebooks: Canvas, Moodle and plain CSV, xAPI statements, the class
   * summary page and one feedback page per learner, zipped (base64, since the wire is JSON).
   */
  'grade:export': call<GradebookZip>()(
    'The gradebook files of a grading, as one zip.',
    z.strictObject({ gradingId }),
  ),

  /**
   * The desktop app's Export gradebooks: main asks for a folder with its own dialog and writes
   * the same files into a new folder inside it. The renderer never names a path.
   */
  'grade:save': call<GradebookSaveResponse>()(
    'Writes the gradebook files of a grading where the instructor chooses (desktop app).',
    z.strictObject({ gradingId }),
  ),
}

export const events = {
  /** A lab pack was installed: from Home, the menu, a double-click or a file dropped on the window. */
  'pack:installed': event<PackInstalled>('A lab pack was installed.'),
  /** File › Export results… in the desktop menu: the renderer shows its export form. */
  'results:export-requested': event<Record<string, never>>('The menu asks for the export form.'),
  /** Something the learner should read now (e.g. results exported to a file). */
  'app:notice': event<Notice>('A notice for the learner.'),
  /** How many bundles a `grade:class` call has graded so far, for the progress bar. */
  'grade:progress': event<GradeProgress>('Bundles graded so far by grade:class.'),
}

// ---- derived names and types ---------------------------------------------------------------

export type Contract = typeof contract
export type Channel = keyof Contract
export type EventName = keyof typeof events

/** What a caller passes (before zod's defaults and transforms). */
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>
/** What a handler receives, after validation. */
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>
export type ResponseOf<C extends Channel> = Contract[C]['response']
export type EventPayload<E extends EventName> = (typeof events)[E]['payload']

export const CHANNELS = Object.keys(contract) as Channel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S
/** `draft:save` → `draftSave`, `app:info` → `appInfo` */
export type MethodName<C extends string> = C extends `${infer D}:${infer V}`
  ? `${Camel<D>}${Capitalize<Camel<V>>}`
  : never
/** `pack:opened` → `onPackOpened` */
export type ListenerName<E extends string> = `on${Capitalize<MethodName<E>>}`

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

export function methodName<C extends string>(channel: C): MethodName<C> {
  const [domain, verb] = channel.split(':')
  return `${camel(domain)}${capitalize(camel(verb))}` as MethodName<C>
}

export function listenerName<E extends string>(name: E): ListenerName<E> {
  return `on${capitalize(methodName(name))}` as ListenerName<E>
}

/** Calls whose request is `{}` (zod: Record<string, never>) may be made with no argument. */
type Args<C extends Channel> = string extends keyof RequestOf<C>
  ? [request?: RequestOf<C>]
  : [request: RequestOf<C>]

/**
 * `window.portwise`: one method per call, one `onXxx` per event returning its unsubscribe
 * function. Implemented by the Electron preload and by the browser host's web bridge.
 */
export type PortwiseApi = {
  [C in Channel as MethodName<C>]: (...args: Args<C>) => Promise<ResponseOf<C>>
} & {
  [E in EventName as ListenerName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void
}

// ---- results on the wire -------------------------------------------------------------------

export type IpcErrorCode = 'bad-request' | 'unknown-channel' | 'forbidden' | 'internal'

/**
 * What crosses the boundary for every call: the answer, or an error the bridge turns into a
 * rejected promise. An envelope rather than a thrown Error because Electron's invoke() keeps only
 * the message of an Error, wrapped in its own text.
 */
export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } }

/** The Error a bridge rejects with: `bad-request: draft:save: text: must be …`. */
export function ipcErrorMessage(error: { code: IpcErrorCode; message: string }): string {
  return `${error.code}: ${error.message}`
}
