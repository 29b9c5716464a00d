// Installing lab packs through the handlers: an upload (the browser host) and a file main's open
// dialog chose (the desktop app) are checked, written into <dataDir>/packs and listed at once; an
// impostor (same id and version, other content) and a damaged file are refused and nothing
// installed changes. Runs in Node (Vitest).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../src-main/ipc/dispatch'
import { createHandlers, type DesktopPort, type Emit } from '../../../src-main/ipc/handlers'
import { PackLibrary } from '../../../src-main/ipc/pack-library'
import { readPackFolder } from '../../../src-main/labs/loader/pack-source'
import { writeZip } from '../../../src-main/labs/zip-writer'
import type { PackListing } from '../../../src-main/shared/lab-view'
import { memoryStore } from './fake-store'

const FIXTURE = new URL('../../fixtures/packs/basic', import.meta.url).pathname
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

let dataDir: string
let emit: ReturnType<typeof vi.fn<(event: string, payload: unknown) => void>>
let call: (
  channel: string,
  payload: unknown,
) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>
let zip: Uint8Array

function setup(desktop?: DesktopPort) {
  dataDir = mkdtempSync(join(tmpdir(), 'portwise-install-'))
  emit = vi.fn<(event: string, payload: unknown) => void>()
  const store = memoryStore()
  const library = new PackLibrary(store, {
    builtIn: '/nonexistent',
    installed: join(dataDir, 'packs'),
  })
  const info = () => ({ version: '0', host: 'browser' as const, dataDir, notices: [] })
  const handlers = createHandlers({ store, library, info, emit: emit as Emit, dataDir, desktop })
  call = (channel, payload) => dispatch(handlers, channel, payload) as never
}

beforeEach(async () => {
  zip = writeZip(await readPackFolder(FIXTURE))
  setup()
})

describe('installing lab packs', () => {
  it('installs an upload, lists its labs at once, and says so; the same file again is unchanged', async () => {
    const r = await call('pack:install', { name: 'test-basics.labpack', bytesBase64: b64(zip) })
    expect(r).toMatchObject({
      ok: true,
      value: { id: 'test-basics', version: '1.0.0', outcome: 'installed', labs: 2 },
    })
    expect(emit).toHaveBeenCalledWith(
      'pack:installed',
      expect.objectContaining({ id: 'test-basics' }),
    )
    expect(existsSync(join(dataDir, 'packs', 'test-basics', 'pack.json'))).toBe(true)
    const list = (await call('lab:list', {})).value as PackListing[]
    expect(list.map((p) => p.id)).toEqual(['test-basics'])
    expect(list[0].labs.map((l) => l.status)).toEqual(['not-started', 'not-started'])
    expect(
      await call('pack:install', { name: 'again.labpack', bytesBase64: b64(zip) }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'unchanged' },
    })
  })

  it('refuses an impostor with the same id and version, and keeps the installed pack as it was', async () => {
    await call('pack:install', { name: 'a.labpack', bytesBase64: b64(zip) })
    const before = readFileSync(join(dataDir, 'packs', 'test-basics', 'pack.json'), 'utf8')
    const files = await readPackFolder(FIXTURE)
    const manifest = JSON.parse(new TextDecoder().decode(files.get('pack.json')))
    files.set(
      'pack.json',
      new TextEncoder().encode(JSON.stringify({ ...manifest, title: 'Not the real one' })),
    )
    const r = await call('pack:install', {
      name: 'impostor.labpack',
      bytesBase64: b64(writeZip(files)),
    })
    expect(r.ok).toBe(false)
    expect(r.error?.message).toContain('already installed with different content')
    expect(readFileSync(join(dataDir, 'packs', 'test-basics', 'pack.json'), 'utf8')).toBe(before)
    const list = (await call('lab:list', {})).value as PackListing[]
    expect(list[0].title).toBe('Test basics')
  })

  it('refuses a damaged file and a file that is not a .labpack, installing nothing', async () => {
    const corrupt = zip.slice()
    corrupt.fill(0x41, 40, 200)
    const r = await call('pack:install', { name: 'broken.labpack', bytesBase64: b64(corrupt) })
    expect(r.ok).toBe(false)
    expect(r.error?.message).toMatch(/broken\.labpack is not a lab pack Portwise can install/)
    expect(
      (await call('pack:install', { name: 'notes.txt', bytesBase64: b64(zip) })).error?.message,
    ).toContain('is not a .labpack file')
    expect(existsSync(join(dataDir, 'packs', 'test-basics'))).toBe(false)
    expect(emit).not.toHaveBeenCalled()
  })

  it('an update names the version it replaced, and whether that one was the newer', async () => {
    expect((await call('pack:install', { name: 'a.labpack', bytesBase64: b64(zip) })).ok).toBe(true)
    const withVersion = async (version: string) => {
      const files = await readPackFolder(FIXTURE)
      const manifest = JSON.parse(new TextDecoder().decode(files.get('pack.json'))) as {
        version: string
      }
      manifest.version = version
      files.set('pack.json', new TextEncoder().encode(JSON.stringify(manifest)))
      return (await call('pack:install', { name: 'b.labpack', bytesBase64: b64(writeZip(files)) }))
        .value
    }
    expect(await withVersion('1.1.0')).toMatchObject({
      outcome: 'updated',
      replaced: { version: '1.0.0', newer: false },
    })
    // an old file opened again: it said "Installed … 0.9.0" over 1.1.0
    expect(await withVersion('0.9.0')).toMatchObject({
      outcome: 'updated',
      version: '0.9.0',
      replaced: { version: '1.1.0', newer: true },
    })
  })

  it('a zip of the pack folder itself says pack.json is one folder down, not "pack.json: missing"', async () => {
    const files = await readPackFolder(FIXTURE)
    const nested = new Map([...files].map(([name, data]) => [`basic/${name}`, data]))
    const r = await call('pack:install', {
      name: 'basic.labpack',
      bytesBase64: b64(writeZip(nested)),
    })
    expect(r.ok).toBe(false)
    expect(r.error?.message).toContain(
      "basic.labpack has no pack.json at its top: it is in the folder basic/ inside it. A .labpack holds what is in the pack's folder, not the folder itself",
    )
    expect(existsSync(join(dataDir, 'packs', 'test-basics'))).toBe(false)
  })

  it('a pack with several problems names the first and says how many more there are', async () => {
    const files = await readPackFolder(FIXTURE)
    const edit = (path: string, change: (json: Record<string, unknown>) => void) => {
      const json = JSON.parse(new TextDecoder().decode(files.get(path))) as Record<string, unknown>
      change(json)
      files.set(path, new TextEncoder().encode(JSON.stringify(json)))
    }
    edit('open-https/lab.json', (lab) => {
      ;(lab.objectives as { points: unknown }[])[0].points = 'ten'
      lab.seed = 'one'
    })
    const r = await call('pack:install', {
      name: 'draft.labpack',
      bytesBase64: b64(writeZip(files)),
    })
    expect(r.error?.message).toMatch(
      /draft\.labpack is not a lab pack Portwise can install: open-https\/lab\.json: \S+: .+ \(and 1 more problem: `portwise pack validate draft\.labpack` lists them all\)$/,
    )
  })

  it("installs the file main's open dialog chose; cancelling installs nothing; the browser host has no dialog", async () => {
    const chosen = join(mkdtempSync(join(tmpdir(), 'portwise-chosen-')), 'course.labpack')
    writeFileSync(chosen, zip)
    const desktop = {
      choosePackFile: vi.fn().mockResolvedValueOnce(chosen).mockResolvedValueOnce(null),
      chooseResultsFile: vi.fn(),
      chooseGradebookFolder: vi.fn(),
    }
    setup(desktop)
    expect(await call('pack:choose', {})).toMatchObject({
      ok: true,
      value: { id: 'test-basics', outcome: 'installed' },
    })
    expect(await call('pack:choose', {})).toEqual({ ok: true, value: null })
    setup()
    expect((await call('pack:choose', {})).error?.message).toContain("desktop app's dialogs only")
  })
})
