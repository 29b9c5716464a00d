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
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { registerIpcHandlers } from '../ipc/electron-ipc'
import type { Emit } from '../ipc/handlers'
import { type OpenServices, openServices } from '../ipc/open-services'
import { labpackArgs, openPackFile } from '../ipc/pack-files'
import { APP_FOLDER } from '../host/data-dir'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { entryUrl, isAppUrl } from './app-url'
import { resultsDocument } from './export-results'
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
      labsDir: app.isPackaged ? join(process.resourcesPath, 'labs') : join(app.getAppPath(), 'labs'),
      nativeBinding: sqliteBinding(process.env, app.isPackaged),
      emit,
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
  const displays = screen.getAllDisplays().map((d) => d.workArea)
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

function openPack(file: string) {
  if (!window || window.webContents.isLoading()) {
    waiting.push(file)
    return
  }
  openPackFile(file).then(
    (opened) => emit('pack:opened', opened),
    (error: Error) => emit('app:notice', { level: 'warning', text: error.message }),
  )
}

async function openLabPack() {
  if (!window) return
  const choice = await dialog.showOpenDialog(window, {
    title: 'Open lab pack',
    properties: ['openFile'],
    filters: [{ name: 'Portwise lab packs', extensions: ['labpack'] }],
  })
  if (!choice.canceled) choice.filePaths.forEach(openPack)
}

async function exportResults() {
  if (!window || !services) return
  const choice = await dialog.showSaveDialog(window, {
    title: 'Export results',
    defaultPath: join(app.getPath('documents'), 'portwise-results.json'),
    filters: [{ name: 'JSON', extensions: ['json'] }],
  })
  if (choice.canceled || !choice.filePath) return
  const doc = resultsDocument(services.store, Date.now(), app.getVersion())
  try {
    await writeFile(choice.filePath, JSON.stringify(doc, null, 2) + '\n')
    emit('app:notice', { level: 'info', text: `Results exported to ${choice.filePath}.` })
  } catch (error) {
    emit('app:notice', {
      level: 'warning',
      text: `Could not export results: ${(error as Error).message}`,
    })
  }
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
