// The one place the renderer reaches window.portwise: the Electron preload's API when there is
// one, otherwise the browser host's web bridge, installed once. Runs in the renderer.
import type { PortwiseApi } from '../../src-main/shared/ipc-contract'
import { createWebBridge, wireUrl } from './web-bridge'

export function portwise(): PortwiseApi {
  window.portwise ??= createWebBridge(wireUrl(window.location))
  return window.portwise
}
