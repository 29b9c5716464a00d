// The desktop app's main process: one hardened window on app://portwise, the contract's handlers
// on ipcMain, the native menu and dialogs, `.labpack` files opened from the OS, and the window's
// size and position remembered. Runs in the Electron main process (built to out/main/index.js).
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  screen,
  session,
} from 'electron'
import { join } from 'node:path'
import { dispatch } from '../ipc/dispatch'
import { registerIpcHandlers } from '../ipc/electron-ipc'
import type { Emit } from '../ipc/handlers'
import { type OpenServices, openServices } from '../ipc/open-services'
import { labpackArgs } from '../ipc/pack-files'
import { APP_FOLDER } from '../host/data-dir'
import type { PackInstalled } from '../shared/ipc-contract'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { entryUrl, isAppUrl } from './app-url'
import { menuTemplate } from './menu'
import { bindingHelp, sqliteBinding } from './native-binding'
import { blockNetwork, denyPermissions, hardenContents } from './security'
import { mainWindowOptions } from './window-options'
import { fitBounds, parseBounds, WINDOW_SETTING } from './window-state'

/** electron-vite's dev server, during `electron-vite dev` only. */
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const here = import.meta.dirname
const isOurs = (url: string) => isAppUrl(url, devServer)

// The same data folder as the browser host's default (src-main/host/data-dir.ts): package.json's
// name is lower-case, so say the name explicitly. PORTWISE_DATA_DIR lets tests use a fresh one.
app.setName('Portwise')
app.setPath('userData', process.env.PORTWISE_DATA_DIR || join(app.getPath('appData'), APP_FOLDER))
registerAppScheme(protocol)

let window: BrowserWindow | null = null
let services: OpenServices | null = null
/** Files the OS handed us before the window could show them. */
const waiting: string[] = labpackArgs(process.argv.slice(1))

const emit: Emit = (event, payload) => window?.webContents.send(event, payload)

if (!app.requestSingleInstanceLock()) {
  // Another Portwise has the lock: it receives our argv in 'second-instance' and opens the files.
  app.quit()
} else {
  app.on('second-instance', (_event, argv) => {
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
    labpackArgs(argv.slice(1)).forEach(openPack)
  })
  // macOS: double-click or drop on the Dock icon; may come before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault()
    openPack(file)
  })
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => services?.close())
  app.whenReady().then(start, fail)
}

function start() {
  try {
    services = openServices({
      dataDir: app.getPath('userData'),
      host: 'electron',
      version: app.getVersion(),
      // Packaged: electron-builder copies labs/ into the resources folder (extraResources).
      labsDir: app.isPackaged
        ? join(process.resourcesPath, 'labs')
        : join(app.getAppPath(), 'labs'),
      nativeBinding: sqliteBinding(process.env, app.isPackaged),
      emit,
      desktop: { choosePackFile, chooseResultsFile, chooseGradebookFolder },
    })
  } catch (error) {
    return fail(new Error(bindingHelp(error)))
  }
  denyPermissions(session.defaultSession)
  blockNetwork(session.defaultSession, devServer)
  serveRenderer(protocol, join(here, '..', 'renderer'))
  registerIpcHandlers(ipcMain, services.handlers, isOurs)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ openLabPack, exportResults, about }, process.platform, !app.isPackaged),
    ),
  )
  window = createWindow(services)
}

function createWindow({ store }: OpenServices): BrowserWindow {
  const primary = screen.getPrimaryDisplay()
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (d) => d.workArea,
  )
  const bounds = fitBounds(parseBounds(store.getSetting(WINDOW_SETTING)), displays)
  const win = new BrowserWindow(
    mainWindowOptions({
      bounds,
      preload: join(here, '..', 'preload', 'index.cjs'),
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#0d1117' : '#ffffff',
    }),
  )
  if (bounds.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.webContents.once('did-finish-load', () => waiting.splice(0).forEach(openPack))
  // The normal bounds, so a maximised window comes back maximised over its old size.
  win.on('close', () => {
    const { x, y, width, height } = win.getNormalBounds()
    store.setSetting(WINDOW_SETTING, { x, y, width, height, maximized: win.isMaximized() })
  })
  win.on('closed', () => (window = null))
  void win.loadURL(entryUrl(devServer))
  return win
}

/** A file the OS handed us or the menu's dialog chose: installed through the `pack:open` handler. */
function openPack(file: string) {
  if (!window || window.webContents.isLoading() || !services) {
    waiting.push(file)
    return
  }
  // Through dispatch, so the path passes the channel's schema like any call from the page.
  void dispatch(services.handlers, 'pack:open', { file }).then((result) => {
    if (!result.ok) return emit('app:notice', { level: 'warning', text: result.error.message })
    const p = result.value as PackInstalled
    emit('app:notice', {
      level: 'info',
      text:
        p.outcome === 'unchanged'
          ? `Lab pack “${p.title}” ${p.version} is already installed.`
          : `Lab pack “${p.title}” ${p.version} installed: its ${p.labs} labs are on Home.`,
    })
  })
}

async function choosePackFile(): Promise<string | null> {
  if (!window) return null
  const choice = await dialog.showOpenDialog(window, {
    title: 'Open lab pack',
    properties: ['openFile'],
    filters: [{ name: 'Portwise lab packs', extensions: ['labpack'] }],
  })
  return choice.canceled ? null : (choice.filePaths[0] ?? null)
}

async function openLabPack() {
  const file = await choosePackFile()
  if (file) openPack(file)
}

async function chooseResultsFile(suggested: string): Promise<string | null> {
  if (!window) return null
  const choice = await dialog.showSaveDialog(window, {
    title: 'Export results',
    defaultPath: join(app.getPath('documents'), `${suggested}.json`),
    filters: [
      { name: 'Results (JSON, with HTML and PDF reports beside it)', extensions: ['json'] },
    ],
  })
  return choice.canceled || !choice.filePath ? null : choice.filePath
}

/** The Instructor screen's Export gradebooks: main writes a new folder inside the one chosen. */
async function chooseGradebookFolder(): Promise<string | null> {
  if (!window) return null
  const choice = await dialog.showOpenDialog(window, {
    title: 'Export gradebooks into a folder',
    buttonLabel: 'Export here',
    defaultPath: app.getPath('documents'),
    properties: ['openDirectory', 'createDirectory'],
  })
  return choice.canceled ? null : (choice.filePaths[0] ?? null)
}

/** File › Export results…: the page asks for the learner's name and id, then calls results:save. */
function exportResults() {
  emit('results:export-requested', {})
}

function about() {
  const v = process.versions
  const options = {
    type: 'info' as const,
    title: 'About Portwise',
    message: `Portwise ${app.getVersion()}`,
    detail:
      'An offline lab that teaches how network firewalls really work.\n\n' +
      `Electron ${v.electron}, Chromium ${v.chrome}, Node ${v.node}\n` +
      `Progress is kept in ${app.getPath('userData')}`,
  }
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options))
}

function fail(error: unknown) {
  dialog.showErrorBox('Portwise cannot start', (error as Error)?.message ?? String(error))
  app.exit(1)
}
