// The Sandbox lab: the scenario text the learner edits, the engine's answer for it, and whether
// the draft is saved. Typing runs the scenario and saves the draft, each debounced, so the
// learner sees results as they type and "Saved" once the text is on disk. Runs in the renderer.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ScenarioRunResponse } from '../../src-main/shared/ipc-contract'
import { SANDBOX_LAB_ID, SANDBOX_PACK, SANDBOX_STARTER } from '../../src-main/shared/sandbox-lab'
import { getDraft, saveDraft } from '../api/drafts'
import { runScenario } from '../api/scenario'

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'failed'; message: string }

/** Long enough to skip most keystrokes, short enough that "Saved" follows a pause at once. */
export const SAVE_DELAY_MS = 400
export const RUN_DELAY_MS = 150

const LAB = { packId: SANDBOX_PACK.id, labId: SANDBOX_LAB_ID }

export const useSandboxStore = defineStore('sandbox', () => {
  const text = ref('')
  const loaded = ref(false)
  const result = shallowRef<ScenarioRunResponse | null>(null)
  const runError = ref<string | null>(null)
  const save = ref<SaveState>({ kind: 'idle' })
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let runTimer: ReturnType<typeof setTimeout> | undefined
  let runSeq = 0

  async function load() {
    const draft = await getDraft(LAB)
    text.value = draft?.text ?? SANDBOX_STARTER
    save.value = draft ? { kind: 'saved', at: draft.savedAt } : { kind: 'idle' }
    loaded.value = true
    await run()
  }

  function edit(next: string) {
    text.value = next
    save.value = { kind: 'unsaved' }
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => void flush(), SAVE_DELAY_MS)
    clearTimeout(runTimer)
    runTimer = setTimeout(() => void run(), RUN_DELAY_MS)
  }

  /** Saves now if an edit is waiting (on leaving the page, or before a reload). */
  async function flush() {
    clearTimeout(saveTimer)
    if (save.value.kind !== 'unsaved') return
    const saving = text.value
    save.value = { kind: 'saving' }
    try {
      const { savedAt } = await saveDraft(LAB, saving)
      // Typing went on while saving: the newer text has its own save scheduled.
      if (text.value === saving) save.value = { kind: 'saved', at: savedAt }
      else save.value = { kind: 'unsaved' }
    } catch (e) {
      save.value = { kind: 'failed', message: (e as Error).message }
    }
  }

  async function run() {
    clearTimeout(runTimer)
    const seq = ++runSeq
    try {
      const answer = await runScenario(text.value)
      // An older run that answers late must not replace a newer one.
      if (seq === runSeq) {
        result.value = answer
        runError.value = null
      }
    } catch (e) {
      if (seq === runSeq) runError.value = (e as Error).message
    }
  }

  function reset() {
    edit(SANDBOX_STARTER)
  }

  return { text, loaded, result, runError, save, load, edit, flush, run, reset }
})
