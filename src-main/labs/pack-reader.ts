// A whole pack from its files: pack.json, then each lab in order; which files a pack may hold.
// Returns every problem rather than stopping at the first, for `pack validate`. Pure.
import type { LabPack, PackFiles, PackManifest, PackProblem, Lab } from './lab-pack'
import { readJsonFile, readLab } from './lab-reader'
import { IMAGE_EXTENSIONS } from './markdown'
import { schemaProblems } from './schemas'

export const PACK_FILE = 'pack.json'
/** What a pack may hold: its JSON, Markdown, plain text, and raster images (no SVG: it can script). */
export const ALLOWED_EXTENSIONS = ['json', 'md', 'txt', ...IMAGE_EXTENSIONS]

export interface PackReading {
  pack: LabPack | null
  problems: PackProblem[]
  /**
   * The manifest and the labs that read without error, even when others did not: `pack validate`
   * grades these too, so a typo in one lab does not hide a failing solution in another.
   */
  readable: LabPack | null
}

/**
 * Why these files are not a pack at all, or null: no pack.json at the top. The usual slip is a
 * zip of the pack's folder itself ("Compress my-pack"), whose pack.json is `my-pack/pack.json`:
 * that is said, with the way to make the file, rather than "pack.json: missing".
 */
export function noManifest(files: PackFiles, zipped: boolean): string | null {
  if (files.has(PACK_FILE)) return null
  const inner = [...files.keys()]
    .filter((f) => f.split('/').length === 2 && f.endsWith(`/${PACK_FILE}`))
    .map((f) => f.split('/')[0])
    .sort()
  if (!inner.length)
    return `has no ${PACK_FILE} at its top, so it is not a lab pack (a folder with ${PACK_FILE}, or a .labpack file)`
  const where =
    inner.length === 1
      ? `the folder ${inner[0]}/`
      : `the folders ${inner.map((d) => `${d}/`).join(', ')}`
  return zipped
    ? `has no ${PACK_FILE} at its top: it is in ${where} inside it. A .labpack holds what is in the pack's folder, not the folder itself: \`portwise pack build ${inner[0]}\` makes one`
    : `has no ${PACK_FILE} at its top: it is in ${where} inside it; give that folder`
}

/** Problems with the list of files itself: types a pack may not hold. */
export function fileProblems(files: PackFiles): PackProblem[] {
  const out: PackProblem[] = []
  for (const name of [...files.keys()].sort()) {
    const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : ''
    if (!ALLOWED_EXTENSIONS.includes(ext))
      out.push({
        severity: 'error',
        file: name,
        path: '',
        message: `a pack may hold only ${ALLOWED_EXTENSIONS.map((e) => '.' + e).join(' ')} files`,
      })
  }
  return out
}

export function readManifest(files: PackFiles): {
  manifest: PackManifest | null
  problems: PackProblem[]
  /** when pack.json has errors but its list of labs is sound: enough to go on checking the labs */
  labsOnly?: PackManifest
} {
  const json = readJsonFile(files, PACK_FILE)
  if ('problem' in json) return { manifest: null, problems: [json.problem] }
  const problems = schemaProblems('pack', json.value, PACK_FILE)
  if (problems.length) {
    const raw = json.value as { labs?: unknown; scoring?: { hintCost?: unknown } }
    const labsSound =
      !problems.some((p) => p.path === 'labs' || p.path.startsWith('labs[') || p.path === '') &&
      Array.isArray(raw.labs) &&
      raw.labs.every((l) => typeof l === 'string')
    if (!labsSound) return { manifest: null, problems }
    const hintCost = raw.scoring?.hintCost
    const labsOnly: PackManifest = {
      ...{ id: '', version: '', title: '', author: '', license: '', language: '' },
      labs: raw.labs as string[],
      hintCost: typeof hintCost === 'number' ? hintCost : 0,
    }
    return { manifest: null, problems, labsOnly }
  }
  const raw = json.value as Record<string, unknown> & { scoring?: { hintCost?: number } }
  const manifest: PackManifest = {
    id: raw.id as string,
    version: raw.version as string,
    title: raw.title as string,
    author: raw.author as string,
    license: raw.license as string,
    language: raw.language as string,
    labs: raw.labs as string[],
    hintCost: raw.scoring?.hintCost ?? 0,
  }
  if (typeof raw.description === 'string') manifest.description = raw.description
  return { manifest, problems }
}

/** Reads a pack; `pack` is null when any error was found. */
export function readPack(files: PackFiles): PackReading {
  const problems = fileProblems(files)
  const { manifest: read, problems: manifestProblems, labsOnly } = readManifest(files)
  problems.push(...manifestProblems)
  // a mistake elsewhere in pack.json (a misspelt field) still lets every lab be checked
  const manifest = read ?? labsOnly
  if (!manifest) return { pack: null, problems, readable: null }
  const labs: Lab[] = []
  for (const dir of manifest.labs) {
    if (!files.has(`${dir}/lab.json`)) {
      problems.push({
        severity: 'error',
        file: PACK_FILE,
        path: `labs[${manifest.labs.indexOf(dir)}]`,
        message: `${dir}/lab.json is missing`,
      })
      continue
    }
    const r = readLab(files, dir, manifest)
    problems.push(...r.problems)
    if (r.lab) labs.push(r.lab)
  }
  const errors = problems.some((p) => p.severity === 'error')
  const readable: LabPack = { manifest, labs, files, hash: '' }
  return { pack: errors ? null : readable, problems, readable }
}
