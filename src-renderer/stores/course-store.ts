// A lab of a pack around the network screen: the opened lab (instructions, objectives, hints),
// its grade kept live as rules and answers change (coalesced: one request in flight, one per
// animation frame), the predictions asked before a flow's trace first plays, hints revealed one
// at a time, and the submitted attempt. The rules and answers themselves live in the lab store.
// Runs in the renderer.
import { defineStore, storeToRefs } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { LabGrade, LabOpened, ObjectiveView } from '../../src-main/shared/lab-view'
import { getDraft, type LabRef } from '../api/drafts'
import { gradeLab, openLab, predict, type Prediction, revealHint, submitLab } from '../api/packs'
import { setSetting } from '../api/settings'
import { coalesce } from '../lab/coalesce'
import { useLabStore } from './lab-store'

/** Home's "Continue where you left off" reads this setting. */
export const LAST_LAB_SETTING = 'ui.lastLab'

export const useCourseStore = defineStore('course', () => {
  const lab = useLabStore()
  const { revision, chosenFlows, answers } = storeToRefs(lab)
  const opened = shallowRef<LabOpened | null>(null)
  const error = ref<string | null>(null)
  const grade = shallowRef<LabGrade | null>(null)
  const gradeError = ref<string | null>(null)
  const hints = ref<string[]>([])
  const hintBusy = ref(false)
  const predictions = ref<Record<string, unknown>>({})
  /** the predict objective whose question is showing, before its flow's trace plays */
  const asking = ref<ObjectiveView | null>(null)
  const submitted = shallowRef<{ id: number; grade: LabGrade } | null>(null)
  const submitting = ref(false)
  const submitError = ref<string | null>(null)
  let startedAt = Date.now()

  const ref_ = (): LabRef | null =>
    opened.value ? { packId: opened.value.packId, labId: opened.value.labId } : null

  const grader = coalesce(async () => {
    const r = ref_()
    if (!r) return
    try {
      const g = await gradeLab(r, { rules: lab.learnerRules(), answers: answers.value })
      // A lab closed or changed while grading: its grade is not this one's.
      if (ref_()?.labId !== r.labId || ref_()?.packId !== r.packId) return
      grade.value = g
      gradeError.value = null
    } catch (e) {
      gradeError.value = (e as Error).message
    }
  })
  watch(revision, () => {
    if (opened.value) grader.request()
  })

  /** Predict objectives still waiting for the learner's prediction. */
  const unpredicted = computed(() =>
    (opened.value?.objectives ?? []).filter(
      (o) => o.type === 'predict' && !Object.hasOwn(predictions.value, o.id),
    ),
  )

  async function open(r: LabRef) {
    error.value = null
    grader.cancel()
    opened.value = null
    grade.value = null
    submitted.value = null
    submitError.value = null
    asking.value = null
    try {
      const [lab0, draft] = await Promise.all([openLab(r), getDraft(r)])
      opened.value = lab0
      hints.value = [...lab0.hints]
      predictions.value = { ...lab0.predictions }
      startedAt = Date.now()
      lab.openCourse(lab0, draft)
      lab.setRunGuard(guard)
      void setSetting(LAST_LAB_SETTING, { ...r, title: lab0.title }).catch(() => {})
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** Before traffic plays: a flow with an unmade prediction asks for it first. */
  function guard(): boolean {
    const running = chosenFlows.value
    const o = unpredicted.value.find((p) => !running.length || running.includes(p.flow ?? ''))
    if (!o) return true
    asking.value = o
    return false
  }

  /** Records the prediction in main (the first one counts), then plays the trace. */
  async function recordPrediction(p: Prediction) {
    const r = ref_()
    const o = asking.value
    if (!r || !o) return
    const answer = await predict(r, o.id, p)
    predictions.value = answer.predictions
    asking.value = null
    grader.request()
    await lab.run()
  }

  function cancelPrediction() {
    asking.value = null
  }

  async function hint() {
    const r = ref_()
    if (!r || hintBusy.value) return
    hintBusy.value = true
    try {
      hints.value = (await revealHint(r)).hints
      grader.request()
    } finally {
      hintBusy.value = false
    }
  }

  async function submit() {
    const r = ref_()
    if (!r) return
    submitting.value = true
    submitError.value = null
    try {
      await lab.flush()
      submitted.value = await submitLab(
        r,
        { rules: lab.learnerRules(), answers: answers.value },
        startedAt,
      )
      grade.value = submitted.value.grade
    } catch (e) {
      submitError.value = (e as Error).message
    } finally {
      submitting.value = false
    }
  }

  function close() {
    grader.cancel()
    lab.setRunGuard(null)
  }

  return {
    opened,
    error,
    grade,
    gradeError,
    hints,
    hintBusy,
    predictions,
    asking,
    unpredicted,
    submitted,
    submitting,
    submitError,
    open,
    recordPrediction,
    cancelPrediction,
    hint,
    submit,
    close,
  }
})
