// The app's own state: what host answers, the data folder, and the notices the learner has not
// dismissed yet (from app:info at start and app:notice events later). Runs in the renderer.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, Notice } from '../../src-main/shared/ipc-contract'
import { fetchAppInfo, onNotice, onPackOpened } from '../api/app'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const notices = ref<Notice[]>([])
  const error = ref<string | null>(null)
  let unsubscribe: (() => void)[] = []

  async function load() {
    try {
      info.value = await fetchAppInfo()
      notices.value = [...info.value.notices]
    } catch (e) {
      error.value = `Portwise could not reach its main process: ${(e as Error).message}`
    }
    unsubscribe.forEach((off) => off())
    unsubscribe = [
      onNotice((n) => notices.value.push(n)),
      // Installing packs arrives with the lab packs themselves; until then, say what happened.
      onPackOpened((p) =>
        notices.value.push({
          level: 'info',
          text: `Lab pack “${p.name}” opened: lab packs arrive in a later version.`,
        }),
      ),
    ]
  }

  function dismiss(index: number) {
    notices.value.splice(index, 1)
  }

  return { info, notices, error, load, dismiss }
})
