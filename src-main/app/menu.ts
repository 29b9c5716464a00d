// The native menu: File (Open lab pack…, Export results…, Quit), Edit (the clipboard needs it
// on macOS), View, Help (About). A template built from actions, so a test can read it without
// Electron. Runs in the Electron main process.
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  openLabPack(): void
  exportResults(): void
  about(): void
}

export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform,
  developer: boolean,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) template.push({ role: 'appMenu' })
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Open Lab Pack…', accelerator: 'CmdOrCtrl+O', click: () => actions.openLabPack() },
        {
          label: 'Export Results…',
          accelerator: 'CmdOrCtrl+E',
          click: () => actions.exportResults(),
        },
        { type: 'separator' },
        { role: 'quit', label: 'Quit Portwise' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(developer ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: 'About Portwise', click: () => actions.about() }],
    },
  )
  return template
}
