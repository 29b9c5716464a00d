// `portwise pack validate` and `portwise pack build`: exit statuses, one problem a line, and
// nothing written but the .labpack.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pack } from '../../../src-main/cli/pack'
import { InputError } from '../../../src-main/cli/io'
import { writeZip } from '../../../src-main/labs/zip-writer'
import { FIXTURE_DIR, edited, fixtureFiles } from './pack-fixture'

const temps: string[] = []
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'portwise-cli-'))
  temps.push(d)
  return d
}
function writeFolder(files: Map<string, Uint8Array>): string {
  const dir = tempDir()
  for (const [name, data] of files) {
    mkdirSync(join(dir, ...name.split('/').slice(0, -1)), { recursive: true })
    writeFileSync(join(dir, name), data)
  }
  return dir
}
async function run(...args: string[]) {
  let out = ''
  let err = ''
  const code = await pack(args, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

describe('portwise pack', () => {
  it('validate: 0 and a summary for a valid pack', async () => {
    const r = await run('validate', FIXTURE_DIR)
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toMatch(
      /^test-basics 1\.0\.0: valid, 2 labs, 0 warnings \(sha256:[0-9a-f]{64}\)\n$/,
    )
  })

  it('validate: 2 and one error a line, with file and path', async () => {
    const dir = writeFolder(
      edited('open-https/lab.json', (v) => {
        v.objectives[0].weight = 1
        v.editable.push('nobody')
      }),
    )
    const r = await run('validate', dir)
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'open-https/lab.json: objectives[0].weight: unknown field (expected one of id, type, title, points, flow)\n',
    )
    const r2 = await run('validate', join(dir, 'missing'))
    expect(r2.code).toBe(2)
    expect(r2.err).toMatch(/missing: cannot be read \(no such file or folder\)\n$/)
  })

  it('build writes the .labpack (and only it), which validates the same', async () => {
    const dir = writeFolder(fixtureFiles())
    const outDir = tempDir()
    const file = join(outDir, 'x.labpack')
    const r = await run('build', dir, '--out', file)
    expect(r.code).toBe(0)
    expect(readdirSync(outDir)).toEqual(['x.labpack'])
    const v = await run('validate', file)
    expect(v.code).toBe(0)
    expect(v.out.split('(')[1]).toBe(r.out.split('(')[1])
  })

  it('validate on a folder that is not a pack, or on pack.json itself, says so', async () => {
    // these answered "pack.json: missing" and "is not a zip file (no end of central directory)"
    const parent = tempDir()
    const r = await run('validate', parent)
    expect(r).toMatchObject({ code: 2, out: '' })
    expect(r.err).toBe(
      `${parent}: has no pack.json at its top, so it is not a lab pack (a folder with pack.json, or a .labpack file)\n`,
    )
    const manifest = join(FIXTURE_DIR, 'pack.json')
    expect((await run('validate', manifest)).err).toBe(
      `${manifest}: is a pack's manifest: give its folder (${FIXTURE_DIR}) or a .labpack file\n`,
    )
  })

  it('a zip of the pack folder itself, or the folder above a pack, says where pack.json is', async () => {
    // "Compress my-pack" puts every file under my-pack/: this said only that pack.json was not at
    // the top, for a zip whose pack.json was one folder down
    const nested = new Map([...fixtureFiles()].map(([name, data]) => [`test-basics/${name}`, data]))
    const file = join(tempDir(), 'nested.labpack')
    writeFileSync(file, writeZip(nested))
    const r = await run('validate', file)
    expect(r).toMatchObject({ code: 2, out: '' })
    expect(r.err).toBe(
      `${file}: has no pack.json at its top: it is in the folder test-basics/ inside it. A .labpack holds what is in the pack's folder, not the folder itself: \`portwise pack build test-basics\` makes one\n`,
    )
    const above = writeFolder(nested)
    expect((await run('validate', above)).err).toBe(
      `${above}: has no pack.json at its top: it is in the folder test-basics/ inside it; give that folder\n`,
    )
  })

  it('build without --out writes <id>-<version>.labpack in the working folder', () => {
    // the documented form: it was once refused as a usage error, as the folder was taken for
    // the value of a missing --out
    const dir = writeFolder(fixtureFiles())
    const cwd = tempDir()
    const bin = new URL('../../../bin/portwise.mjs', import.meta.url).pathname
    const out = execFileSync(process.execPath, [bin, 'pack', 'build', dir], {
      cwd,
      encoding: 'utf8',
    })
    expect(out).toMatch(/^wrote .*test-basics-1\.0\.0\.labpack \(sha256:/)
    expect(readdirSync(cwd)).toEqual(['test-basics-1.0.0.labpack'])
  })

  it('build into a folder that does not exist: one line naming the file, no stack trace', async () => {
    const dir = writeFolder(fixtureFiles())
    const target = join(tempDir(), 'no-such-folder', 'x.labpack')
    await expect(run('build', dir, '--out', target)).rejects.toThrow(
      new InputError(`${target}: cannot write (its folder does not exist)`),
    )
  })

  it('build refuses an invalid pack and writes nothing', async () => {
    const dir = writeFolder(edited('pack.json', (v) => (v.version = 'one')))
    const outDir = tempDir()
    const r = await run('build', dir, '--out', join(outDir, 'x.labpack'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('pack.json: version: must be a version of three numbers, like 1.0.0')
    expect(readdirSync(outDir)).toEqual([])
  })

  it('usage errors are InputErrors (exit 2 in main)', async () => {
    await expect(run()).rejects.toThrow(InputError)
    await expect(run('validate')).rejects.toThrow(InputError)
    await expect(run('build', FIXTURE_DIR, '--out')).rejects.toThrow(InputError)
  })
})
