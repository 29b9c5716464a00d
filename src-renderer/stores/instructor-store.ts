// The Instructor screen's state: the pack to grade against, the bundle files added (their text,
// read in the page), the grading main answered with its progress while it runs, how the table is
// sorted, and the export of the gradebook files. Runs in the renderer.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ClassGrading, GradingRow } from '../../src-main/shared/grading-view'
import { MAX_CLASS_BUNDLES, MAX_CLASS_TEXT } from '../../src-main/shared/ipc-contract'
import { exportGradebooks, gradeClass, onGradeProgress, saveGradebooks } from '../api/grading'
import { base64Bytes, download } from '../lab/files'

export interface ChosenBundle {
  name: string
  text: string
}

export type SortKey = 'learner' | 'score'
export type SortDirection = 'ascending' | 'descending'

/** `bad-request: grade:class: …` → what the instructor needs to read. */
const clean = (m: string) => m.replace(/^[a-z-]+: [a-z]+:[a-z-]+: /, '')

const learnerName = (r: GradingRow) => (r.learner ? `${r.learner.name} ${r.learner.id}` : r.file)
/** Graded rows by score; the rows without one after them, whichever the direction. */
const scoreOf = (r: GradingRow) => (r.status === 'graded' ? r.score / (r.maxScore || 1) : null)

export const useInstructorStore = defineStore('instructor', () => {
  const packId = ref('')
  const bundles = shallowRef<ChosenBundle[]>([])
  /** files that could not be added, each with why */
  const refused = ref<string[]>([])
  const grading = shallowRef<ClassGrading | null>(null)
  const progress = ref<{ done: number; total: number } | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)
  const sortKey = ref<SortKey>('learner')
  const sortDirection = ref<SortDirection>('ascending')
  const exporting = ref(false)
  const exported = ref<string | null>(null)
  const exportProblem = ref<string | null>(null)
  /** the pack and the bundles the shown grading was made from */
  const gradedFrom = shallowRef<{ packId: string; bundles: ChosenBundle[] } | null>(null)

  const totalText = computed(() => bundles.value.reduce((n, b) => n + b.text.length, 0))

  async function addFiles(files: readonly File[]) {
    refused.value = []
    const next = [...bundles.value]
    // Export results writes a .json bundle with an HTML and a PDF report beside it; a folder of
    // them dropped whole made each report a "not a results bundle" row and a Not graded count.
    const reports = files.filter((f) => !f.name.toLowerCase().endsWith('.json'))
    if (reports.length) {
      const names = reports.slice(0, 3).map((f) => f.name)
      refused.value.push(
        `Left out ${reports.length} file${reports.length === 1 ? '' : 's'} that ${reports.length === 1 ? 'is' : 'are'} not .json (${names.join(', ')}${reports.length > 3 ? ', …' : ''}): only a results bundle (.json) is graded; the HTML and PDF beside it are the learner's readable report.`,
      )
    }
    for (const file of files) {
      if (!file.name.toLowerCase().endsWith('.json')) continue
      if (next.length >= MAX_CLASS_BUNDLES) {
        refused.value.push(`${file.name}: a class is at most ${MAX_CLASS_BUNDLES} bundles`)
        continue
      }
      if (file.size > MAX_CLASS_TEXT) {
        refused.value.push(`${file.name}: larger than a results bundle may be`)
        continue
      }
      const text = await file.text()
      // The same file added twice (a second drop of the same folder) counts once.
      if (next.some((b) => b.name === file.name && b.text === text)) continue
      next.push({ name: file.name, text })
    }
    bundles.value = next
  }

  function remove(index: number) {
    bundles.value = bundles.value.filter((_, i) => i !== index)
  }

  function clear() {
    bundles.value = []
    refused.value = []
    grading.value = null
    gradedFrom.value = null
    progress.value = null
    error.value = null
  }

  /**
   * The pack or the bundles changed since the grading shown: its table, totals and gradebooks are
   * of the earlier list, so the screen says so and offers to grade again (the results stay, to
   * read, but no longer pass for the class in the list).
   */
  const stale = computed(() => {
    const from = gradedFrom.value
    if (!grading.value || !from) return false
    return (
      from.packId !== packId.value ||
      from.bundles.length !== bundles.value.length ||
      from.bundles.some((b, i) => b !== bundles.value[i])
    )
  })

  async function grade() {
    if (!packId.value || !bundles.value.length || busy.value) return
    error.value = exported.value = exportProblem.value = null
    if (totalText.value > MAX_CLASS_TEXT) {
      error.value = `These bundles hold more than ${MAX_CLASS_TEXT / 1024 / 1024} M characters together: grade the class in parts.`
      return
    }
    busy.value = true
    const run = crypto.randomUUID()
    progress.value = { done: 0, total: bundles.value.length }
    const off = onGradeProgress((p) => {
      if (p.run === run) progress.value = { done: p.done, total: p.total }
    })
    const from = { packId: packId.value, bundles: bundles.value }
    try {
      grading.value = await gradeClass(from.packId, run, from.bundles)
      gradedFrom.value = from
      progress.value = { done: from.bundles.length, total: from.bundles.length }
    } catch (e) {
      error.value = clean((e as Error).message)
      progress.value = null
    } finally {
      off()
      busy.value = false
    }
  }

  function sortBy(key: SortKey) {
    if (sortKey.value === key)
      sortDirection.value = sortDirection.value === 'ascending' ? 'descending' : 'ascending'
    else {
      sortKey.value = key
      // Scores are read best first; names from A.
      sortDirection.value = key === 'score' ? 'descending' : 'ascending'
    }
  }

  const rows = computed(() => {
    const list = [...(grading.value?.rows ?? [])]
    const sign = sortDirection.value === 'ascending' ? 1 : -1
    return list.sort((a, b) => {
      if (sortKey.value === 'learner')
        return sign * learnerName(a).localeCompare(learnerName(b), undefined, { numeric: true })
      const x = scoreOf(a)
      const y = scoreOf(b)
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
      return sign * (x - y) || learnerName(a).localeCompare(learnerName(b))
    })
  })

  async function exportFiles(desktop: boolean) {
    const g = grading.value
    if (!g || exporting.value || stale.value) return
    exporting.value = true
    exported.value = exportProblem.value = null
    try {
      if (desktop) {
        const r = await saveGradebooks(g.gradingId)
        if (r.status === 'saved') exported.value = `Saved ${r.files.length} files in ${r.folder}.`
      } else {
        const r = await exportGradebooks(g.gradingId)
        download(r.fileName, base64Bytes(r.zipBase64), 'application/zip')
        exported.value = `Downloaded ${r.fileName}: ${r.files.length} files.`
      }
    } catch (e) {
      exportProblem.value = clean((e as Error).message)
    } finally {
      exporting.value = false
    }
  }

  return {
    packId,
    bundles,
    refused,
    grading,
    progress,
    busy,
    error,
    sortKey,
    sortDirection,
    rows,
    stale,
    exporting,
    exported,
    exportProblem,
    addFiles,
    remove,
    clear,
    grade,
    sortBy,
    exportFiles,
  }
})
