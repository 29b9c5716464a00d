// The handler for every contract channel: take the validated request, call a service, return.
// The same handlers serve the Electron IPC layer and the browser host. Runs in Node.
import type { ProgressStore } from '../storage/progress-store'
import type {
  AppInfo,
  EventName,
  EventPayload,
  JsonValue,
  PackInstalled,
} from '../shared/ipc-contract'
import { gradeClass, GradingStore } from './class-grading'
import { type Handlers, RequestError } from './dispatch'
import { gradebookZip, saveGradebooks } from './gradebook-files'
import {
  gradeRequest,
  listLabs,
  openLab,
  recordPrediction,
  revealHint,
  submitLab,
} from './lab-service'
import { saveResultsExport } from './results-files'
import { traceLab } from './lab-trace'
import { openPackFile } from './pack-files'
import { installPackBytes, installPackFile } from './pack-installer'
import { PackLibrary } from './pack-library'
import { exportResults, type ExportRequest, type ResultsExport } from './results-service'
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

/**
 * What only the desktop app has: main's own open and save dialogs. The browser host has none;
 * its page uploads and downloads instead.
 */
export interface DesktopPort {
  /** the `.labpack` the learner chose in main's open dialog, or null when cancelled */
  choosePackFile(): Promise<string | null>
  /** where to save a results export (main's save dialog, suggesting `suggested`), or null */
  chooseResultsFile(suggested: string): Promise<string | null>
  /** the folder to write a class's gradebook files into (main's folder dialog), or null */
  chooseGradebookFolder(): Promise<string | null>
}

export interface ServiceContext {
  store: ProgressPort
  /** the lab packs; none when left out (tests of other channels) */
  library?: PackLibrary
  /** the data folder packs are installed into; installing is refused without one */
  dataDir?: string
  /** the desktop app's dialogs; absent in the browser host */
  desktop?: DesktopPort
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
  dataDir,
  desktop,
}: ServiceContext): Handlers {
  // Drafts and attempts belong to an installed pack (a foreign key): say so plainly instead of
  // letting SQLite's constraint message reach the learner.
  const installed = (packId: string) => {
    if (!store.getPack(packId)) throw new RequestError(`pack "${packId}" is not installed`)
  }
  const installing = () => {
    if (!dataDir) throw new RequestError('this host cannot install lab packs')
    return { dataDir, store, library }
  }
  const announce = (installed: PackInstalled) => {
    emit('pack:installed', installed)
    return installed
  }
  const needDesktop = (what: string): DesktopPort => {
    if (!desktop) throw new RequestError(`${what} is done by the desktop app's dialogs only`)
    return desktop
  }
  const gradings = new GradingStore()
  const makeExport = async (request: ExportRequest): Promise<ResultsExport> =>
    exportResults(
      {
        store,
        packs: async (packId) => {
          await library.ready
          return library.get(packId)
        },
        appVersion: info().version,
        now: now(),
      },
      request,
    )
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
    'lab:trace': async (request) => {
      await library.ready
      return traceLab(library, request)
    },
    'results:export': async (request) => {
      const { pdf, ...rest } = await makeExport(request)
      return { ...rest, pdfBase64: Buffer.from(pdf).toString('base64') }
    },
    'results:save': async (request) => {
      const dialogs = needDesktop('Saving results to a file')
      // Built first: a pack that cannot be exported is told before a dialog opens for nothing.
      const made = await makeExport(request)
      const file = await dialogs.chooseResultsFile(made.fileName)
      if (!file) return { status: 'cancelled' }
      const files = await saveResultsExport(file, made)
      return {
        status: 'saved',
        files,
        skippedAttempts: made.skippedAttempts,
        attempts: made.attempts,
      }
    },
    'grade:class': async ({ packId, run, bundles }) => {
      await library.ready
      return gradeClass(library.get(packId), bundles, gradings, (done, total) =>
        emit('grade:progress', { run, done, total }),
      )
    },
    'grade:export': ({ gradingId }) => gradebookZip(gradings.get(gradingId)),
    'grade:save': async ({ gradingId }) => {
      const grading = gradings.get(gradingId)
      const folder = await needDesktop('Saving gradebooks to a folder').chooseGradebookFolder()
      if (!folder) return { status: 'cancelled' }
      return { status: 'saved', ...(await saveGradebooks(folder, grading)) }
    },
    'pack:open': async ({ file }) => {
      await openPackFile(file)
      await library.ready
      return announce(await installPackFile(installing(), file))
    },
    'pack:install': async ({ name, bytesBase64 }) => {
      const ctx = installing()
      await library.ready
      return announce(await installPackBytes(ctx, name, Buffer.from(bytesBase64, 'base64')))
    },
    'pack:choose': async () => {
      const file = await needDesktop('Choosing a file').choosePackFile()
      if (!file) return null
      await openPackFile(file)
      await library.ready
      return announce(await installPackFile(installing(), file))
    },
  }
}
