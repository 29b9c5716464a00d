// Which better-sqlite3 addon the desktop app loads, and the `.labpack` arguments it opens.
// Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { bindingHelp, sqliteBinding } from '../../../src-main/app/native-binding'
import { labpackArgs } from '../../../src-main/ipc/pack-files'

describe('sqliteBinding', () => {
  const here = new URL(import.meta.url).pathname
  it('uses the Electron copy npm start built, in a checkout only', () => {
    expect(sqliteBinding({ PORTWISE_SQLITE_BINDING: here }, false)).toBe(here)
    expect(sqliteBinding({ PORTWISE_SQLITE_BINDING: here }, true)).toBeUndefined()
    expect(sqliteBinding({ PORTWISE_SQLITE_BINDING: '/nope.node' }, false)).toBeUndefined()
    expect(sqliteBinding({}, false)).toBeUndefined()
  })

  it('explains an ABI mismatch', () => {
    const e = new Error(
      'was compiled against a different Node.js version using NODE_MODULE_VERSION 115',
    )
    expect(bindingHelp(e)).toMatch(/npm start/)
  })
})

describe('labpackArgs', () => {
  it('picks the .labpack files from a command line', () => {
    expect(labpackArgs(['--flag', '/a/x.labpack', 'y.LABPACK', '/b/notes.txt'])).toEqual([
      '/a/x.labpack',
      'y.LABPACK',
    ])
  })
})
