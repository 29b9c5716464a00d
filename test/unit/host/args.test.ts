// The browser host's command line and its default data folder. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { parseHostArgs, UsageError } from '../../../src-main/host/args'
import { defaultDataDir } from '../../../src-main/host/data-dir'

describe('parseHostArgs', () => {
  it('takes --port and --data-dir, both optional, in both spellings', () => {
    expect(parseHostArgs([], '/w')).toEqual({ port: 0, dataDir: null })
    expect(parseHostArgs(['--port', '8123', '--data-dir', 'd'], '/w')).toEqual({
      port: 8123,
      dataDir: '/w/d',
    })
    expect(parseHostArgs(['--port=0', '--data-dir=/abs'], '/w')).toEqual({
      port: 0,
      dataDir: '/abs',
    })
  })

  it('refuses bad ports, missing values and unknown arguments', () => {
    for (const argv of [
      ['--port', '70000'],
      ['--port', 'x'],
      ['--port'],
      ['--data-dir'],
      ['--verbose'],
      ['file'],
    ]) {
      expect(() => parseHostArgs(argv, '/w')).toThrow(UsageError)
    }
  })
})

describe('defaultDataDir', () => {
  it("is the platform's app-data folder for Portwise, as Electron's userData", () => {
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/Portwise')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/Portwise')
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe(
      '/Users/a/Library/Application Support/Portwise',
    )
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a'),
    ).toMatch(/Roaming[\\/]Portwise$/)
  })
})
