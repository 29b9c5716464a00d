// Untrusted packs: hostile zips and folders are refused with a clear error, before anything is
// inflated or written, and nothing already installed changes.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { formatProblem } from '../../../src-main/labs/lab-pack'
import { contentHash } from '../../../src-main/labs/loader/content-hash'
import {
  type InstalledPacks,
  PackConflictError,
  installPack,
  packFolder,
} from '../../../src-main/labs/loader/pack-install'
import { loadPack } from '../../../src-main/labs/loader/pack-loader'
import { readZip } from '../../../src-main/labs/zip-reader'
import { PACK_LIMITS } from '../../../src-main/labs/zip-limits'
import { writeZip } from '../../../src-main/labs/zip-writer'
import { rawZip } from './hostile-zip'
import { FIXTURE_DIR, bytes, edited, fixtureFiles, json } from './pack-fixture'

const temps: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'portwise-pack-'))
  temps.push(d)
  return d
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})

const text = (s: string) => new TextEncoder().encode(s)
const refusal = (zip: Uint8Array, limits = PACK_LIMITS) => {
  try {
    readZip(zip, limits)
    return 'accepted'
  } catch (e) {
    return (e as Error).message
  }
}

async function loadZip(zip: Uint8Array) {
  const file = join(tempDir(), 'p.labpack')
  writeFileSync(file, zip)
  return loadPack(file)
}

describe('hostile zip entries', () => {
  it.each<[string, string, string]>([
    ['path traversal', '../evil.json', '../evil.json: refused: a path that climbs out with ".."'],
    ['traversal inside', 'lab/../../evil.json', 'refused: a path that climbs out with ".."'],
    ['absolute path', '/etc/passwd.txt', '/etc/passwd.txt: refused: an absolute path'],
    ['drive letter', 'C:/x.json', 'refused: an absolute path'],
    ['backslash', 'lab\\..\\evil.json', 'refused: a backslash in the name'],
    ['empty segment', 'lab//a.json', 'refused: an empty or "." path segment'],
    ['reserved Windows name', 'lab/con.json', 'refused: a name Windows cannot store'],
  ])('%s', (_, name, message) => {
    expect(refusal(rawZip([{ name, data: text('{}') }]))).toContain(message)
  })

  it('symlinks and other special files', () => {
    expect(refusal(rawZip([{ name: 'a.json', data: text('/etc/passwd'), mode: 0o120777 }]))).toBe(
      'a.json: refused: a symbolic link',
    )
    expect(refusal(rawZip([{ name: 'a.json', data: text(''), mode: 0o020644 }]))).toBe(
      'a.json: refused: not a regular file',
    )
  })

  it('duplicates, also by case, and a file that is also a folder', () => {
    expect(
      refusal(
        rawZip([
          { name: 'a.json', data: text('1') },
          { name: 'a.json', data: text('2') },
        ]),
      ),
    ).toContain('a.json is there twice')
    expect(
      refusal(
        rawZip([
          { name: 'A.json', data: text('1') },
          { name: 'a.json', data: text('2') },
        ]),
      ),
    ).toContain('is there twice')
    expect(
      refusal(
        rawZip([
          { name: 'a.md', data: text('1') },
          { name: 'a.md/b.md', data: text('2') },
        ]),
      ),
    ).toContain('a.md is both a file and a folder')
  })

  it('encryption and unknown compression', () => {
    expect(refusal(rawZip([{ name: 'a.json', data: text('{}'), flags: 1 }]))).toBe(
      'a.json: refused: encrypted',
    )
    expect(refusal(rawZip([{ name: 'a.json', data: text('{}'), method: 12 }]))).toContain(
      'compression method 12',
    )
  })

  it('a zip bomb declaring its size is refused before inflating', () => {
    const bomb = rawZip([{ name: 'a.md', data: new Uint8Array(10), declaredSize: 4_000_000_000 }])
    expect(refusal(bomb)).toBe(
      `a.md: is 4000000000 bytes uncompressed; the limit is ${PACK_LIMITS.maxFileBytes}`,
    )
  })

  it('a zip bomb lying about its size stops at its declared size', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024) // deflates to ~20 KB
    const bomb = rawZip([{ name: 'a.md', data: zeros, declaredSize: 1000 }])
    expect(bomb.length).toBeLessThan(100_000)
    expect(refusal(bomb)).toBe('a.md: inflates to more than its declared 1000 bytes (a zip bomb?)')
  })

  it('many honest entries together stop at the total limit', () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({
      name: `f${i}.md`,
      data: new Uint8Array(1000),
    }))
    expect(refusal(rawZip(entries), { ...PACK_LIMITS, maxTotalBytes: 3000 })).toBe(
      'uncompresses to more than 3000 bytes',
    )
    expect(refusal(rawZip(entries), { ...PACK_LIMITS, maxFiles: 4 })).toBe(
      'has 5 entries; a pack may have at most 4',
    )
  })

  it('a 100 MB JSON file is refused by its declared size, without inflating it', () => {
    const zip = rawZip([{ name: 'pack.json', data: text('{}'), declaredSize: 100 * 1024 * 1024 }])
    expect(refusal(zip)).toBe(
      `pack.json: is 104857600 bytes uncompressed; the limit is ${PACK_LIMITS.maxJsonBytes}`,
    )
  })

  it('damage: a CRC mismatch, garbage, truncation', () => {
    const good = writeZip(new Map([['a.md', text('hello')]]))
    const flipped = good.slice()
    flipped[flipped.indexOf(0x68) /* stored 'h' */] ^= 1
    expect(refusal(flipped)).toMatch(/a.md: is damaged/)
    expect(refusal(text('not a zip at all, not at all'))).toBe(
      'is not a zip file (no end of central directory)',
    )
    expect(refusal(good.slice(0, good.length - 30))).toMatch(/not a zip file|damaged/)
  })

  it('loadPack turns each refusal into one problem line', async () => {
    const { pack, problems } = await loadZip(rawZip([{ name: '../x.json', data: text('{}') }]))
    expect(pack).toBeNull()
    expect(problems.map(formatProblem)).toEqual([
      '../x.json: refused: a path that climbs out with ".."',
    ])
  })

  it('a pack with wrong types or __proto__ keys inside a good zip is refused with paths', async () => {
    const files = edited('pack.json', (v) => (v.labs = 7))
    const text1 = new TextDecoder()
      .decode(files.get('open-https/lab.json'))
      .replace('"seed": 7', '"__proto__": { "x": 1 }, "seed": 7')
    files.set('open-https/lab.json', text(text1))
    const { problems } = await loadZip(writeZip(files))
    expect(problems.map(formatProblem)).toEqual(['pack.json: labs: must be array'])
    const { problems: p2 } = await loadZip(
      writeZip(new Map([...fixtureFiles(), ['open-https/lab.json', text(text1)]])),
    )
    expect(p2.map(formatProblem)).toEqual([
      'open-https/lab.json: __proto__: the key "__proto__" is not allowed',
    ])
  })
})

describe('hostile folders', () => {
  const copyFixture = () => {
    const dir = tempDir()
    for (const [name, data] of fixtureFiles()) {
      mkdirSync(join(dir, ...name.split('/').slice(0, -1)), { recursive: true })
      writeFileSync(join(dir, name), data)
    }
    return dir
  }

  it('a symlink inside is refused', async () => {
    const dir = copyFixture()
    symlinkSync('/etc/passwd', join(dir, 'open-https', 'notes.txt'))
    const { problems } = await loadPack(dir)
    expect(problems.map(formatProblem)).toEqual(['open-https/notes.txt: refused: a symbolic link'])
  })

  it('a 100 MB JSON file is refused by its size, never read', async () => {
    const dir = copyFixture()
    const big = join(dir, 'open-https', 'topology.json')
    truncateSync(big, 100 * 1024 * 1024) // sparse: costs no disk and no memory
    const { problems } = await loadPack(dir)
    expect(problems.map(formatProblem)).toEqual([
      `open-https/topology.json: is 104857600 bytes; the limit is ${PACK_LIMITS.maxJsonBytes}`,
    ])
  })

  it('hidden files are not part of the pack', async () => {
    const dir = copyFixture()
    writeFileSync(join(dir, '.DS_Store'), 'x')
    const { pack, problems } = await loadPack(dir)
    expect(problems).toEqual([])
    expect(pack?.files.has('.DS_Store')).toBe(false)
  })
})

describe('build and install', () => {
  it('build then load gives the same content hash; building twice gives the same bytes', async () => {
    const folder = await loadPack(FIXTURE_DIR)
    expect(folder.problems).toEqual([])
    const zip = writeZip(folder.pack!.files)
    expect(writeZip(fixtureFiles())).toEqual(zip)
    const zipped = await loadZip(zip)
    expect(zipped.problems).toEqual([])
    expect(zipped.pack!.hash).toBe(folder.pack!.hash)
    expect(zipped.pack!.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(contentHash(edited('pack.json', (v) => (v.title = 'Other')))).not.toBe(folder.pack!.hash)
  })

  it('installs under packs/<id>; a same-version pack with other content is refused and nothing changes', async () => {
    const dataDir = tempDir()
    const records = new Map<string, { version: string; contentHash: string }>()
    const store: InstalledPacks = { get: (id) => records.get(id) ?? null }
    const original = (await loadPack(FIXTURE_DIR)).pack!
    expect(await installPack(original, dataDir, store, 'n1')).toBe('installed')
    records.set('test-basics', { version: '1.0.0', contentHash: original.hash })
    const folder = packFolder(dataDir, 'test-basics')
    const before = readFileSync(join(folder, 'open-https', 'lab.json'))
    expect(await installPack(original, dataDir, store, 'n2')).toBe('unchanged')

    // an impostor: same id and version, other content
    const files = edited('open-https/lab.json', (v) => (v.title = 'Something else entirely'))
    const impostor = (await loadZip(writeZip(files))).pack!
    await expect(installPack(impostor, dataDir, store, 'n3')).rejects.toThrow(PackConflictError)
    await expect(installPack(impostor, dataDir, store, 'n3')).rejects.toThrow(
      /a pack "test-basics" version 1.0.0 is already installed with different content .*: a changed pack needs a new version/,
    )
    expect(readFileSync(join(folder, 'open-https', 'lab.json'))).toEqual(before)
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['test-basics'])

    // a new version replaces it
    files.set('pack.json', bytes({ ...json(files, 'pack.json'), version: '1.1.0' }))
    const next = (await loadZip(writeZip(files))).pack!
    expect(await installPack(next, dataDir, store, 'n4')).toBe('updated')
    expect(
      json(new Map([['x', readFileSync(join(folder, 'open-https', 'lab.json'))]]), 'x').title,
    ).toBe('Something else entirely')
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['test-basics'])
  })
})
