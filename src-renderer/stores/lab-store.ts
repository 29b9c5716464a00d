// The network lab: the Sandbox network the learner edits freely (nodes, links, rules, flows), or
// a lab of a pack, whose topology is fixed and whose editable firewalls and answers are the
// learner's work. Holds the trace of its traffic, re-run at once after every change, the
// selection, and the draft saved as they work. Runs in the renderer.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Draft } from '../../src-main/shared/ipc-contract'
import type {
  ChainHook,
  ChainJson,
  FieldProblem,
  NodeJson,
  RuleJson,
  TopologyJson,
  TraceView,
} from '../../src-main/shared/lab-types'
import type { LabOpened } from '../../src-main/shared/lab-view'
import { NETWORK_KEY } from '../../src-main/shared/lab-types'
import { SANDBOX_PACK } from '../../src-main/shared/sandbox-lab'
import { SANDBOX_NETWORK_LAB_ID, sandboxNetwork } from '../../src-main/shared/sandbox-network'
import { getDraft, saveDraft } from '../api/drafts'
import { traceTopology } from '../api/lab'
import { traceLab } from '../api/packs'
import { laidOut } from '../lab/auto-layout'
import { encodeWork, flowNames, readWork, stringValues } from '../lab/lab-work'
import { moved } from '../lab/rule-cells'
import { RUN_DELAY_MS, SAVE_DELAY_MS, type SaveState } from './sandbox-store'

/** A lab of a pack, as the network screen needs it. */
export interface CourseLab {
  packId: string
  labId: string
  dialect: LabOpened['dialect']
  /** node ids, or router:interface for an AWS network ACL */
  editable: string[]
  start: Record<string, unknown>
  /** when the learner builds the network: what the palette offers */
  build: LabOpened['build']
  /** the lab's own nodes (locked, or with editable firewalls) and links, for Start over */
  labNodes: string[]
  labLinks: [string, string][]
}

const SANDBOX_LAB = { packId: SANDBOX_PACK.id, labId: SANDBOX_NETWORK_LAB_ID }

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/**
 * A saved draft of the Sandbox network: the topology, with the nft texts that did not read yet and
 * the flows chosen to run beside it (not part of the topology). One that no longer reads as a topology is set aside
 * rather than trusted.
 */
function readDraft(
  text: string,
): { topology: TopologyJson; unread: Record<string, string>; chosen: string[] } | null {
  try {
    const { unread, chosenFlows, ...t } = JSON.parse(text) as TopologyJson & {
      unread?: unknown
      chosenFlows?: unknown
    }
    if (!t || t.format !== 'portwise-topology/1' || !Array.isArray(t.nodes)) return null
    return { topology: t, unread: stringValues(unread), chosen: flowNames(chosenFlows) }
  } catch {
    return null
  }
}

export const useLabStore = defineStore('lab', () => {
  const topology = ref<TopologyJson>(sandboxNetwork())
  const loaded = ref(false)
  const selected = ref<string | null>('fw1')
  const hook = ref<ChainHook>('forward')
  const trace = shallowRef<TraceView | null>(null)
  const problem = ref<FieldProblem | null>(null)
  const runError = ref<string | null>(null)
  const save = ref<SaveState>({ kind: 'idle' })
  /** the flows to run; all of the lab's when empty */
  const chosenFlows = ref<string[]>([])
  /** bumped by "Run traffic": the animation starts again from the beginning */
  const runs = ref(0)
  /** the pack lab open here; null for the Sandbox network */
  const course = ref<CourseLab | null>(null)
  /** a text dialect's firewalls (the AWS JSON of lab 10), by editable id */
  const texts = ref<Record<string, string>>({})
  /**
   * nft text typed into a firewall's Text view that does not read cleanly yet, by node id. The
   * firewall keeps the rules its text last read as; the text is kept, and saved with the draft,
   * until it reads or the table edits that firewall's rules.
   */
  const unread = ref<Record<string, string>>({})
  /** the answers to the lab's questions, by objective id */
  const answers = ref<Record<string, unknown>>({})
  /** bumped by every change of the learner's rules or answers: what live grading follows */
  const revision = ref(0)
  /** the work Start over replaced, while it can still be undone */
  const beforeReset = shallowRef<{
    topology: TopologyJson
    texts: Record<string, string>
    unread: Record<string, string>
  } | null>(null)
  /** a pack lab traces only once the learner asked to run the traffic (a prediction comes first) */
  const ran = ref(false)
  /** asked before "Run traffic" plays; false stops it (the course asks for a prediction first) */
  let runGuard: (() => boolean) | null = null
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let traceTimer: ReturnType<typeof setTimeout> | undefined
  let seq = 0

  const node = computed(() => topology.value.nodes.find((n) => n.id === selected.value) ?? null)
  const firewalls = computed(() => topology.value.nodes.filter((n) => n.firewall))
  /** the unread nft texts of firewalls still in the network (a node may have been removed) */
  const unreadHere = computed(() =>
    Object.fromEntries(
      Object.entries(unread.value).filter(([id]) => firewalls.value.some((n) => n.id === id)),
    ),
  )
  const chain = computed<ChainJson | null>(() => node.value?.firewall?.[hook.value] ?? null)

  const labRef = () =>
    course.value ? { packId: course.value.packId, labId: course.value.labId } : SANDBOX_LAB

  /** A node the learner added to a lab's network (theirs to edit and remove). */
  function isAdded(id: string): boolean {
    const c = course.value
    return !!c?.build && !c.labNodes.includes(id)
  }

  /** Whether the learner may edit this firewall's rules with the rule table and text. */
  function canEditRules(id: string): boolean {
    const c = course.value
    return !c || (c.dialect === 'json' && (c.editable.includes(id) || isAdded(id)))
  }

  /** The learner's firewalls as main grades them: by editable id, in the lab's dialect. */
  function learnerRules(): Record<string, unknown> {
    const c = course.value
    if (!c) return {}
    if (c.dialect !== 'json') return { ...texts.value }
    const out: Record<string, unknown> = {}
    for (const id of c.editable) {
      const fw = topology.value.nodes.find((n) => n.id === id)?.firewall
      if (fw) out[id] = clone(fw)
    }
    // A lab the learner builds: the nodes they added (with their firewalls) and every link.
    if (c.build)
      out[NETWORK_KEY] = {
        nodes: topology.value.nodes.filter((n) => isAdded(n.id)).map((n) => clone(n)),
        links: clone(topology.value.links),
      }
    return out
  }

  function clearRun() {
    trace.value = null
    problem.value = null
    runError.value = null
    chosenFlows.value = []
    ran.value = false
  }

  async function load() {
    course.value = null
    beforeReset.value = null
    runGuard = null
    clearRun()
    const draft = await getDraft(SANDBOX_LAB)
    const restored = draft ? readDraft(draft.text) : null
    topology.value = restored?.topology ?? sandboxNetwork()
    unread.value = restored?.unread ?? {}
    restoreFlows(restored?.chosen)
    save.value = restored && draft ? { kind: 'saved', at: draft.savedAt } : { kind: 'idle' }
    selected.value = 'fw1'
    hook.value = 'forward'
    loaded.value = true
    ran.value = true
    await retrace()
  }

  /**
   * Opens a lab of a pack: its topology laid out, every node but the editable firewalls locked,
   * and the learner's saved work (or the lab's start) in place.
   */
  function openCourse(opened: LabOpened, draft: Draft | null) {
    const work = draft ? readWork(draft.text, opened) : null
    beforeReset.value = null
    clearRun()
    const editableNodes = new Set(opened.editable.map((id) => id.split(':')[0]))
    // The file's "$schema" is for editors; the topology reader knows no such field.
    const file = clone(opened.topology) as TopologyJson & { $schema?: string }
    delete file.$schema
    const t = laidOut(file)
    for (const n of t.nodes) {
      if (!editableNodes.has(n.id)) n.locked = true
      if (opened.dialect === 'json' && opened.editable.includes(n.id))
        n.firewall = clone((work?.rules[n.id] ?? opened.start[n.id]) as NodeJson['firewall'])
    }
    course.value = {
      packId: opened.packId,
      labId: opened.labId,
      dialect: opened.dialect,
      editable: [...opened.editable],
      start: clone(opened.start),
      build: opened.build,
      labNodes: t.nodes.map((n) => n.id),
      labLinks: clone(t.links),
    }
    const built = work?.rules[NETWORK_KEY] as { nodes: NodeJson[]; links: [string, string][] }
    if (opened.build && built) {
      t.nodes.push(...built.nodes)
      t.links = built.links
    }
    topology.value = t
    texts.value =
      opened.dialect === 'json'
        ? {}
        : Object.fromEntries(
            opened.editable.map((id) => [id, String(work?.rules[id] ?? opened.start[id] ?? '')]),
          )
    answers.value = work?.answers ?? {}
    restoreFlows(work?.chosenFlows)
    unread.value = work?.unread ?? {}
    save.value = work && draft ? { kind: 'saved', at: draft.savedAt } : { kind: 'idle' }
    const first = opened.editable[0]?.split(':')[0] ?? null
    select(first)
    loaded.value = true
    revision.value++
  }

  function setRunGuard(guard: (() => boolean) | null) {
    runGuard = guard
  }

  /** The draft is saved after a pause; a rules change is traced again (once traffic ran). */
  function touched({ trace: again = true, work = true } = {}) {
    // any later edit ends the offer to undo Start over
    beforeReset.value = null
    save.value = { kind: 'unsaved' }
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => void flush(), SAVE_DELAY_MS)
    if (work) revision.value++
    if (!again || !ran.value) return
    clearTimeout(traceTimer)
    traceTimer = setTimeout(() => void retrace(), RUN_DELAY_MS)
  }

  /** Every edit goes through here: it is saved and graded again at once. */
  function change(edit: (t: TopologyJson) => void, { trace: again = true } = {}) {
    edit(topology.value)
    touched({ trace: again, work: again })
  }

  /** A text dialect's firewall, as typed (lab 10's AWS JSON). */
  function setText(id: string, text: string) {
    // the editor echoes text put into it (Start over): that is no edit of the learner's
    if (texts.value[id] === text) return
    texts.value = { ...texts.value, [id]: text }
    touched()
  }

  /** Keeps (or, with null, forgets) a firewall's nft text that does not read yet: saved, not graded. */
  function keepUnread(id: string, text: string | null) {
    if ((unread.value[id] ?? null) === text) return
    const next = { ...unread.value }
    if (text === null) delete next[id]
    else next[id] = text
    unread.value = next
    touched({ trace: false, work: false })
  }

  /** The flows to run (all when empty): kept in the draft, and traced again at once. */
  function chooseFlows(names: string[]) {
    chosenFlows.value = names
    touched({ trace: false, work: false })
    void retrace()
  }

  /** Saved flow choices that still name a flow here; none left means all of them. */
  function restoreFlows(names: string[] | undefined) {
    const known = new Set(topology.value.flows.map((f) => f.name))
    const kept = (names ?? []).filter((n) => known.has(n))
    chosenFlows.value = kept.length === known.size ? [] : kept
  }

  /** An answer to a question: saved and graded, nothing to trace. */
  function setAnswer(id: string, value: unknown) {
    answers.value = { ...answers.value, [id]: value }
    touched({ trace: false })
  }

  const draftText = () => {
    const kept = {
      ...(Object.keys(unreadHere.value).length ? { unread: unreadHere.value } : {}),
      ...(chosenFlows.value.length ? { chosenFlows: chosenFlows.value } : {}),
    }
    return course.value
      ? encodeWork({ rules: learnerRules(), answers: answers.value, ...kept })
      : JSON.stringify({ ...topology.value, ...kept }, null, 2)
  }

  async function flush() {
    clearTimeout(saveTimer)
    if (save.value.kind !== 'unsaved') return
    const text = draftText()
    const target = labRef()
    save.value = { kind: 'saving' }
    try {
      const { savedAt } = await saveDraft(target, text)
      save.value = draftText() === text ? { kind: 'saved', at: savedAt } : { kind: 'unsaved' }
    } catch (e) {
      save.value = { kind: 'failed', message: (e as Error).message }
    }
  }

  async function retrace() {
    clearTimeout(traceTimer)
    const mine = ++seq
    const known = new Set(topology.value.flows.map((f) => f.name))
    const flows = chosenFlows.value.filter((f) => known.has(f))
    try {
      const answer = course.value
        ? await traceLab(labRef(), learnerRules(), flows.length ? flows : undefined)
        : await traceTopology(JSON.stringify(topology.value), flows.length ? flows : undefined)
      // An older trace that answers late must not replace a newer one.
      if (mine !== seq) return
      runError.value = null
      if (answer.status === 'traced') {
        trace.value = answer.trace
        problem.value = null
      } else problem.value = answer
    } catch (e) {
      if (mine === seq) runError.value = (e as Error).message
    }
  }

  /** "Run traffic": traced now, and the animation starts from the beginning. */
  async function run({ guarded = true } = {}) {
    if (guarded && runGuard && !runGuard()) return
    ran.value = true
    await retrace()
    runs.value++
  }

  function select(id: string | null) {
    selected.value = id
    const n = topology.value.nodes.find((x) => x.id === id)
    if (n?.firewall && !n.firewall[hook.value]) {
      hook.value =
        (['forward', 'input', 'output'] as const).find((h) => n.firewall![h]) ?? 'forward'
    }
  }

  function nodeById(t: TopologyJson, id: string): NodeJson {
    const n = t.nodes.find((x) => x.id === id)
    if (!n) throw new Error(`no node ${id}`)
    return n
  }

  /** The chain being edited, created (policy drop) if the firewall has none for the hook yet. */
  function editChain(edit: (c: ChainJson) => void) {
    const id = selected.value
    if (!id) return
    editRules(id, (fw) => {
      fw[hook.value] ??= { policy: 'drop', rules: [] }
      edit(fw[hook.value]!)
    })
  }

  /** An edit of a firewall's rules outside its text view: it wins over text that did not read. */
  function editRules(id: string, edit: (fw: NonNullable<NodeJson['firewall']>) => void) {
    keepUnread(id, null)
    change((t) => {
      const fw = nodeById(t, id).firewall
      if (fw) edit(fw)
    })
  }

  const setRule = (i: number, rule: RuleJson) => editChain((c) => void (c.rules[i] = rule))
  const insertRule = (i: number, rule: RuleJson) =>
    editChain((c) => void c.rules.splice(i, 0, rule))
  const removeRule = (i: number) => editChain((c) => void c.rules.splice(i, 1))
  const moveRule = (from: number, to: number) =>
    editChain((c) => void (c.rules = moved(c.rules, from, to)))
  const setPolicy = (policy: ChainJson['policy']) => editChain((c) => void (c.policy = policy))

  /** The chains read from the text view replace the firewall's own. */
  function replaceChains(id: string, chains: Partial<Record<ChainHook, ChainJson>>) {
    change((t) => {
      const fw = nodeById(t, id).firewall
      if (!fw) return
      for (const h of ['input', 'forward', 'output'] as const) {
        if (chains[h]) fw[h] = chains[h]
        else delete fw[h]
      }
    })
  }

  /** Puts a flow's suggested inverse rule where it belongs. */
  function applySuggestion(flowIndex: number) {
    const s = trace.value?.flows[flowIndex]?.suggestion
    if (!s || !canEditRules(s.node)) return
    editRules(s.node, (fw) => void fw[s.hook]?.rules.splice(s.index, 0, s.rule))
    selected.value = s.node
    hook.value = s.hook
  }

  function editNode(id: string, edit: (n: NodeJson) => void, options?: { trace?: boolean }) {
    change((t) => edit(nodeById(t, id)), options)
  }

  /** Start over: the Sandbox network as shipped, or the lab's starting rules (answers stay). */
  function reset() {
    const before = {
      topology: clone(topology.value),
      texts: { ...texts.value },
      unread: { ...unread.value },
    }
    unread.value = {}
    resetTo()
    beforeReset.value = before
  }

  /** Undo Start over, until the next edit: one click must not throw away a learner's work. */
  function undoReset() {
    const before = beforeReset.value
    if (!before) return
    unread.value = before.unread
    if (course.value && course.value.dialect !== 'json') {
      texts.value = before.texts
      touched()
    } else change((t) => Object.assign(t, before.topology))
  }

  function resetTo() {
    const c = course.value
    if (!c) {
      change((t) => Object.assign(t, sandboxNetwork()))
      selected.value = 'fw1'
      hook.value = 'forward'
      return
    }
    if (c.dialect === 'json')
      change((t) => {
        if (c.build) {
          t.nodes = t.nodes.filter((n) => c.labNodes.includes(n.id))
          t.links = clone(c.labLinks)
        }
        for (const n of t.nodes)
          if (c.editable.includes(n.id)) n.firewall = clone(c.start[n.id] as NodeJson['firewall'])
      })
    else {
      texts.value = Object.fromEntries(c.editable.map((id) => [id, String(c.start[id] ?? '')]))
      touched()
    }
  }

  return {
    topology,
    loaded,
    selected,
    hook,
    trace,
    problem,
    runError,
    save,
    chosenFlows,
    chooseFlows,
    runs,
    course,
    texts,
    unread,
    unreadHere,
    keepUnread,
    answers,
    revision,
    ran,
    node,
    firewalls,
    chain,
    load,
    openCourse,
    setRunGuard,
    canEditRules,
    isAdded,
    learnerRules,
    beforeReset,
    undoReset,
    setText,
    setAnswer,
    change,
    flush,
    retrace,
    run,
    select,
    setRule,
    insertRule,
    removeRule,
    moveRule,
    setPolicy,
    replaceChains,
    applySuggestion,
    editNode,
    reset,
  }
})
