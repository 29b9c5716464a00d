// Which view is showing, kept in the address's hash (`#/sandbox`) so a reload returns to it.
// Runs in the renderer.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ViewName = 'home' | 'sandbox' | 'lab'

const VIEWS: Record<string, ViewName> = {
  '': 'home',
  '#/': 'home',
  '#/sandbox': 'sandbox',
  '#/lab': 'lab',
}

export const useNavStore = defineStore('nav', () => {
  const view = ref<ViewName>(VIEWS[window.location.hash] ?? 'home')
  window.addEventListener('hashchange', () => {
    view.value = VIEWS[window.location.hash] ?? 'home'
  })
  return { view }
})
