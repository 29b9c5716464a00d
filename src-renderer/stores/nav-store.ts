// Which view is showing, kept in the address's hash (`#/sandbox`, `#/instructor`,
// `#/lab/<pack>/<lab>`) so a reload returns to it. Runs in the renderer.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LabRef } from '../api/drafts'

export type ViewName = 'home' | 'sandbox' | 'lab' | 'course' | 'instructor'

const VIEWS: Record<string, ViewName> = {
  '': 'home',
  '#/': 'home',
  '#/sandbox': 'sandbox',
  '#/lab': 'lab',
  '#/instructor': 'instructor',
}

const LAB_ADDRESS = /^#\/lab\/([a-z0-9][a-z0-9._-]*)\/([a-z0-9][a-z0-9._-]*)$/i

/** `#/lab/portwise-basics/03-stateless-web`: a lab of a pack. */
export const labAddress = (r: LabRef) =>
  `#/lab/${encodeURIComponent(r.packId)}/${encodeURIComponent(r.labId)}`

function read(hash: string): { view: ViewName; lab: LabRef | null } {
  const m = LAB_ADDRESS.exec(hash)
  if (m) return { view: 'course', lab: { packId: m[1], labId: m[2] } }
  return { view: VIEWS[hash] ?? 'home', lab: null }
}

export const useNavStore = defineStore('nav', () => {
  const first = read(window.location.hash)
  const view = ref<ViewName>(first.view)
  /** the pack lab showing, when view is 'course' */
  const lab = ref<LabRef | null>(first.lab)
  window.addEventListener('hashchange', () => {
    const now = read(window.location.hash)
    view.value = now.view
    lab.value = now.lab
  })
  return { view, lab }
})
