// Settings kept in main: one JSON value per dotted key. Runs in the renderer.
import type { JsonValue } from '../../src-main/shared/ipc-contract'
import { portwise } from './portwise'

export async function getSetting(key: string): Promise<JsonValue | null> {
  return (await portwise().settingsGet({ key })).value
}

export async function setSetting(key: string, value: JsonValue): Promise<void> {
  await portwise().settingsSet({ key, value })
}
