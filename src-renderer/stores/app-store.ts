// The app's own state: what host answers, the data folder, and the notices the learner has not
// dismissed yet (from app:info at start and app:notice events later), and main's events that
// other screens follow (a pack installed, the menu's Export results…). Runs in the renderer.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, Notice } from '../../src-main/shared/ipc-contract'
import { fetchAppInfo, onNotice } from '../api/app'
import { onExportRequested, onPackInstalled } from '../api/packs'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const notices = ref<Notice[]>([])
  const error = ref<string | null>(null)
  /** bumped when a pack was installed (Home lists again) or the menu asks for the export form */
  const packsChanged = ref(0)
  const exportAsked = ref(0)
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
      onPackInstalled(() => packsChanged.value++),
      // File › Export results… in the desktop menu: Home opens its export form.
      onExportRequested(() => {
        exportAsked.value++
        window.location.hash = '#/'
      }),
    ]
  }

  function dismiss(index: number) {
    notices.value.splice(index, 1)
  }

  return { info, notices, error, packsChanged, exportAsked, load, dismiss }
})
