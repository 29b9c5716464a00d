// The handler for every contract channel: take the validated request, call a service, return.
// The same handlers serve the Electron IPC layer and the browser host. Runs in Node.
import type { ProgressStore } from '../storage/progress-store'
import type { AppInfo, EventName, EventPayload, JsonValue } from '../shared/ipc-contract'
import { type Handlers, RequestError } from './dispatch'
import { gradeRequest, listLabs, openLab, recordPrediction, revealHint, submitLab } from './lab-service'
import { openPackFile } from './pack-files'
import { PackLibrary } from './pack-library'
import { exportResults } from './results-service'
import { parseRulesText, printRulesText } from './rules-service'
import { runScenarioText } from './scenario-service'
import { traceTopologyText } from './trace-service'

/** The part of the progress store the handlers use; tests pass a fake. */
export type ProgressPort = Pick<
  ProgressStore,
  | 'getPack'
  | 'listPacks'
  | 'getDraft'
  | 'saveDraft'
  | 'recordAttempt'
  | 'listAttempts'
  | 'getSetting'
  | 'setSetting'
  | 'labSummary'
  | 'installPack'
>

/** Sends an event of the contract to the page(s): Electron's webContents.send, or the host's broadcast. */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface ServiceContext {
  store: ProgressPort
  /** the lab packs; none when left out (tests of other channels) */
  library?: PackLibrary
  /** the clock attempts are stamped with (ms); injected by tests */
  now?: () => number
  info: () => AppInfo
  emit: Emit
}

export function createHandlers({
  store,
  library = new PackLibrary(store, null),
  now = Date.now,
  info,
  emit,
}: ServiceContext): Handlers {
  // Drafts and attempts belong to an installed pack (a foreign key): say so plainly instead of
  // letting SQLite's constraint message reach the learner.
  const installed = (packId: string) => {
    if (!store.getPack(packId)) throw new RequestError(`pack "${packId}" is not installed`)
  }
  return {
    'app:info': () => info(),
    'scenario:run': ({ text }) => runScenarioText(text),
    'topology:trace': (request) => traceTopologyText(request),
    'rules:parse': ({ dialect, text }) => parseRulesText(dialect, text),
    'rules:print': ({ dialect, interfaces, filter }) => printRulesText(dialect, interfaces, filter),
    'draft:get': ({ packId, labId }) => store.getDraft(packId, labId),
    'draft:save': ({ packId, labId, text }) => {
      installed(packId)
      return store.saveDraft(packId, labId, text)
    },
    'attempt:record': (attempt) => {
      installed(attempt.packId)
      return { id: store.recordAttempt(attempt) }
    },
    'attempt:list': ({ packId, labId }) => store.listAttempts(packId, labId),
    'settings:get': ({ key }) => ({ value: store.getSetting<JsonValue>(key) ?? null }),
    'settings:set': ({ key, value }) => {
      store.setSetting(key, value)
      return { saved: true }
    },
    'pack:list': () => store.listPacks(),
    'lab:list': async () => {
      await library.ready
      return listLabs(library, store)
    },
    'lab:open': async ({ packId, labId }) => {
      await library.ready
      return openLab(library, store, packId, labId)
    },
    'lab:grade': async (request) => {
      await library.ready
      return gradeRequest(library, store, request)
    },
    'lab:hint': async ({ packId, labId }) => {
      await library.ready
      return revealHint(library, store, packId, labId)
    },
    'lab:predict': async (request) => {
      await library.ready
      return recordPrediction(library, store, request)
    },
    'lab:submit': async (request) => {
      await library.ready
      installed(request.packId)
      return submitLab(library, store, request, now)
    },
    'results:export': async (request) => {
      const made = await exportResults(
        {
          store,
          packs: async (packId) => {
            await library.ready
            return library.get(packId)
          },
          appVersion: info().version,
          now: Date.now(),
        },
        request,
      )
      const { pdf, ...rest } = made
      return { ...rest, pdfBase64: Buffer.from(pdf).toString('base64') }
    },
    'pack:open': async ({ file }) => {
      const opened = await openPackFile(file)
      emit('pack:opened', opened)
      return opened
    },
  }
}
