// The test pack (test/fixtures/packs/basic) as files in memory, and ways to change one of them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Lab, PackFiles } from '../../../src-main/labs/lab-pack'
import { readPack } from '../../../src-main/labs/pack-reader'

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/packs/basic', import.meta.url))

export function fixtureFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  const walk = (rel: string) => {
    for (const name of readdirSync(join(FIXTURE_DIR, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name
      if (statSync(join(FIXTURE_DIR, path)).isDirectory()) walk(path)
      else files.set(path, new Uint8Array(readFileSync(join(FIXTURE_DIR, path))))
    }
  }
  walk('')
  return files
}

export const json = (files: PackFiles, name: string) =>
  JSON.parse(new TextDecoder().decode(files.get(name)))
export const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2))

/** A change to a JSON file; tests reach anywhere into it, so its shape is not typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonEdit = (value: Record<string, any>) => void

/** The fixture with one JSON file changed by `edit`. */
export function edited(name: string, edit: JsonEdit): Map<string, Uint8Array> {
  const files = fixtureFiles()
  const value = json(files, name)
  edit(value)
  files.set(name, bytes(value))
  return files
}

export function fixtureLabs(files: PackFiles = fixtureFiles()): Lab[] {
  const { pack, problems } = readPack(files)
  if (!pack) throw new Error(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'))
  return pack.labs
}
