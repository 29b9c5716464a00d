// The Sandbox network lab: the topology the learner edits (nodes, links, rules, flows), the
// trace of its traffic, re-run at once after every change (live grading), the selection, and
// the draft saved as they work. Runs in the renderer.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  ChainHook,
  ChainJson,
  FieldProblem,
  NodeJson,
  RuleJson,
  TopologyJson,
  TraceView,
} from '../../src-main/shared/lab-types'
import { SANDBOX_PACK } from '../../src-main/shared/sandbox-lab'
import { SANDBOX_NETWORK_LAB_ID, sandboxNetwork } from '../../src-main/shared/sandbox-network'
import { getDraft, saveDraft } from '../api/drafts'
import { traceTopology } from '../api/lab'
import { moved } from '../lab/rule-cells'
import { RUN_DELAY_MS, SAVE_DELAY_MS, type SaveState } from './sandbox-store'

const LAB = { packId: SANDBOX_PACK.id, labId: SANDBOX_NETWORK_LAB_ID }

/** A saved draft that no longer reads as a topology is set aside rather than trusted. */
function readDraft(text: string): TopologyJson | null {
  try {
    const t = JSON.parse(text) as TopologyJson
    return t && t.format === 'portwise-topology/1' && Array.isArray(t.nodes) ? t : null
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
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let traceTimer: ReturnType<typeof setTimeout> | undefined
  let seq = 0

  const node = computed(() => topology.value.nodes.find((n) => n.id === selected.value) ?? null)
  const firewalls = computed(() => topology.value.nodes.filter((n) => n.firewall))
  const chain = computed<ChainJson | null>(() => node.value?.firewall?.[hook.value] ?? null)

  async function load() {
    const draft = await getDraft(LAB)
    const restored = draft ? readDraft(draft.text) : null
    topology.value = restored ?? sandboxNetwork()
    save.value = restored && draft ? { kind: 'saved', at: draft.savedAt } : { kind: 'idle' }
    loaded.value = true
    await retrace()
  }

  /** Every edit goes through here: it is saved and graded again at once. */
  function change(edit: (t: TopologyJson) => void, { trace: again = true } = {}) {
    edit(topology.value)
    save.value = { kind: 'unsaved' }
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => void flush(), SAVE_DELAY_MS)
    if (!again) return
    clearTimeout(traceTimer)
    traceTimer = setTimeout(() => void retrace(), RUN_DELAY_MS)
  }

  async function flush() {
    clearTimeout(saveTimer)
    if (save.value.kind !== 'unsaved') return
    const text = JSON.stringify(topology.value, null, 2)
    save.value = { kind: 'saving' }
    try {
      const { savedAt } = await saveDraft(LAB, text)
      const now = JSON.stringify(topology.value, null, 2)
      save.value = now === text ? { kind: 'saved', at: savedAt } : { kind: 'unsaved' }
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
      const answer = await traceTopology(
        JSON.stringify(topology.value),
        flows.length ? flows : undefined,
      )
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

  async function run() {
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
    change((t) => {
      const fw = nodeById(t, id).firewall
      if (!fw) return
      fw[hook.value] ??= { policy: 'drop', rules: [] }
      edit(fw[hook.value]!)
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
    if (!s) return
    change((t) => {
      const fw = nodeById(t, s.node).firewall
      const c = fw?.[s.hook]
      if (c) c.rules.splice(s.index, 0, s.rule)
    })
    selected.value = s.node
    hook.value = s.hook
  }

  function editNode(id: string, edit: (n: NodeJson) => void, options?: { trace?: boolean }) {
    change((t) => edit(nodeById(t, id)), options)
  }

  function reset() {
    change((t) => Object.assign(t, sandboxNetwork()))
    selected.value = 'fw1'
    hook.value = 'forward'
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
    runs,
    node,
    firewalls,
    chain,
    load,
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
