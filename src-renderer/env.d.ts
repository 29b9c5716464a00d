// Types the renderer needs from its environment: .vue and .css modules, and window.portwise,
// which the Electron preload or the browser host's web bridge provides. Types only.
// (No top-level import: this file must stay a global script for `declare module` to apply.)

interface Window {
  portwise?: import('../src-main/shared/ipc-contract').PortwiseApi
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare module '*.css'
