// The native menu's shape: File (Open lab pack…, Export results…, Quit), View, Help (About).
// Runs in Node (Vitest).
import { describe, expect, it, vi } from 'vitest'
import { menuTemplate } from '../../../src-main/app/menu'

describe('menuTemplate', () => {
  it('offers the issue’s commands and calls their actions', () => {
    const actions = { openLabPack: vi.fn(), exportResults: vi.fn(), about: vi.fn() }
    const menu = menuTemplate(actions, 'linux', false)
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['&File', 'editMenu', '&View', 'help'])
    const file = menu[0].submenu as { label?: string; role?: string; click?: () => void }[]
    expect(file.map((i) => i.label ?? i.role)).toEqual(
      ['Open Lab Pack…', 'Export Results…', 'separator', 'Quit Portwise'].map((l) =>
        l === 'separator' ? undefined : l,
      ),
    )
    file[0].click?.()
    file[1].click?.()
    ;(menu[3].submenu as { click?: () => void }[])[0].click?.()
    expect(actions.openLabPack).toHaveBeenCalledOnce()
    expect(actions.exportResults).toHaveBeenCalledOnce()
    expect(actions.about).toHaveBeenCalledOnce()
  })

  it('has the app menu on macOS, and developer tools only in development', () => {
    const actions = { openLabPack: vi.fn(), exportResults: vi.fn(), about: vi.fn() }
    expect(menuTemplate(actions, 'darwin', false)[0].role).toBe('appMenu')
    const view = (dev: boolean) =>
      (menuTemplate(actions, 'linux', dev)[2].submenu as { role?: string }[]).map((i) => i.role)
    expect(view(true)).toContain('toggleDevTools')
    expect(view(false)).not.toContain('toggleDevTools')
  })
})
