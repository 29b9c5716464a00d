// Home's state: the installed lab packs with each lab's status, best score and last attempt,
// and the lab the learner last opened ("Continue where you left off"). Runs in the renderer.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { PackListing } from '../../src-main/shared/lab-view'
import { listLabs } from '../api/packs'
import { getSetting } from '../api/settings'
import { LAST_LAB_SETTING } from './course-store'

export interface LastLab {
  packId: string
  labId: string
  title: string
}

function readLast(v: unknown): LastLab | null {
  if (typeof v !== 'object' || v === null) return null
  const { packId, labId, title } = v as Record<string, unknown>
  return typeof packId === 'string' && typeof labId === 'string'
    ? { packId, labId, title: typeof title === 'string' ? title : labId }
    : null
}

export const useHomeStore = defineStore('home', () => {
  const packs = shallowRef<PackListing[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const last = ref<LastLab | null>(null)

  async function load() {
    try {
      const [listing, lastLab] = await Promise.all([listLabs(), getSetting(LAST_LAB_SETTING)])
      packs.value = listing
      const l = readLast(lastLab)
      // A lab of a pack that is gone is not offered.
      last.value =
        l && listing.some((p) => p.id === l.packId && p.labs.some((x) => x.id === l.labId))
          ? l
          : null
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loaded.value = true
    }
  }

  return { packs, loaded, error, last, load }
})
