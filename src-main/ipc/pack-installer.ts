// Installing a lab pack the learner chose: from a path (the desktop app's open dialog, a
// double-click, a file dropped on the window) or from uploaded bytes (the browser host). Checked
// exactly as `portwise pack validate` checks it, written by labs/loader/pack-install.ts into the
// data folder's packs/, then recorded and added to the library. On any error nothing installed
// changes. Runs in Node.
import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import type { LabPack, PackProblem } from '../labs/lab-pack'
import { formatProblem } from '../labs/lab-pack'
import { contentHash } from '../labs/loader/content-hash'
import { installPack, PackConflictError } from '../labs/loader/pack-install'
import { loadPack } from '../labs/loader/pack-loader'
import { hasErrors, validatePack } from '../labs/validate'
import { noManifest } from '../labs/pack-reader'
import { readZip } from '../labs/zip-reader'
import { MAX_PACK_BYTES, type PackInstalled } from '../shared/ipc-contract'
import { SANDBOX_PACK } from '../shared/sandbox-lab'
import { RequestError } from './dispatch'
import type { ProgressPort } from './handlers'
import { LABPACK_EXTENSION } from './pack-files'
import type { PackLibrary } from './pack-library'

export interface InstallContext {
  /** the data folder: packs go to <dataDir>/packs/<id> */
  dataDir: string
  store: Pick<ProgressPort, 'getPack' | 'installPack'>
  library: PackLibrary
}

/**
 * The first error of a pack that does not validate, as one line the learner can act on, and how
 * many more there are: an author who fixed the one shown should not learn of the next only by
 * installing again.
 */
function refusal(name: string, problems: readonly PackProblem[]): RequestError {
  const errors = problems.filter((p) => p.severity === 'error')
  const first = errors[0] ?? problems[0]
  const more = Math.max(0, errors.length - 1)
  return new RequestError(
    `${name} is not a lab pack Portwise can install: ${first ? formatProblem(first) : 'it could not be read'}` +
      (more
        ? ` (and ${more} more problem${more === 1 ? '' : 's'}: \`portwise pack validate ${name}\` lists them all)`
        : ''),
  )
}

/** Installs a `.labpack` from its bytes (an upload). */
export async function installPackBytes(
  ctx: InstallContext,
  name: string,
  bytes: Uint8Array,
): Promise<PackInstalled> {
  const shown = basename(name)
  if (!shown.toLowerCase().endsWith(LABPACK_EXTENSION))
    throw new RequestError(`${shown} is not a ${LABPACK_EXTENSION} file`)
  if (bytes.length > MAX_PACK_BYTES) throw new RequestError(`${shown} is too large for a lab pack`)
  let files: Map<string, Uint8Array>
  try {
    files = readZip(bytes)
  } catch (e) {
    // A damaged or hostile zip: the reader says which entry and why.
    throw new RequestError(
      `${shown} is not a lab pack Portwise can install: ${(e as Error).message}`,
    )
  }
  // a zip of the pack's folder, not of what is in it: said as `portwise pack validate` says it
  const missing = noManifest(files, true)
  if (missing) throw new RequestError(`${shown} ${missing}`)
  const { pack, problems } = validatePack(files)
  if (!pack || hasErrors(problems)) throw refusal(shown, problems)
  pack.hash = contentHash(files)
  return install(ctx, pack)
}

/** Installs a `.labpack` from a path main chose or the OS handed it. */
export async function installPackFile(ctx: InstallContext, file: string): Promise<PackInstalled> {
  if (!file.toLowerCase().endsWith(LABPACK_EXTENSION))
    throw new RequestError(`${file} is not a ${LABPACK_EXTENSION} file`)
  const { pack, problems } = await loadPack(file)
  if (!pack || hasErrors(problems)) throw refusal(basename(file), problems)
  return install(ctx, pack)
}

async function install(ctx: InstallContext, pack: LabPack): Promise<PackInstalled> {
  const { id, version, title } = pack.manifest
  if (id === SANDBOX_PACK.id)
    throw new RequestError(`"${id}" is the name of Portwise's own sandbox`)
  const before = ctx.store.getPack(id)
  let outcome: PackInstalled['outcome']
  try {
    outcome = await installPack(
      pack,
      ctx.dataDir,
      { get: (packId) => ctx.store.getPack(packId) },
      randomBytes(6).toString('hex'),
    )
  } catch (e) {
    if (e instanceof PackConflictError)
      throw new RequestError(`refused: this is not the installed pack: ${e.message}`)
    throw e
  }
  if (outcome !== 'unchanged') ctx.store.installPack({ id, version, contentHash: pack.hash, title })
  ctx.library.add(pack)
  const answer: PackInstalled = { id, version, title, outcome, labs: pack.labs.length }
  // An old .labpack opened again (a double-click in Downloads) replaces a newer course: say so
  if (outcome === 'updated' && before)
    answer.replaced = {
      version: before.version,
      newer: compareVersions(before.version, version) > 0,
    }
  return answer
}

/**
 * Semantic versions compared: major, minor and patch as numbers, then a release above its
 * pre-releases (1.0.0-beta < 1.0.0), pre-releases by their text. Negative when a is the older.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre = ''] = v.split(/-(.*)/s)
    return { nums: core.split('.').map(Number), pre }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0)
    if (d) return d
  }
  if (x.pre === y.pre) return 0
  if (!x.pre) return 1
  if (!y.pre) return -1
  return x.pre < y.pre ? -1 : 1
}
