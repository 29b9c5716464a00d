// `portwise pack validate DIR|FILE` and `portwise pack build DIR [--out FILE]`: check a lab pack
// as an instructor writes it, and zip it into a `.labpack`. Validate writes nothing; build writes
// only the `.labpack`. Runs in Node.
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { formatProblem } from '../labs/lab-pack'
import { loadPack } from '../labs/loader/pack-loader'
import { hasErrors } from '../labs/validate'
import { writeZip } from '../labs/zip-writer'
import { EXIT_BAD_INPUT, EXIT_OK, InputError, type Io, writeOutputFile } from './io'

export const PACK_USAGE = `usage: portwise pack validate DIR|FILE
       portwise pack build DIR [--out FILE]`

export async function pack(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'validate') return validate(rest, io)
  if (sub === 'build') return build(rest, io)
  throw new InputError(PACK_USAGE)
}

async function validate(args: string[], io: Io): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('-')) throw new InputError(PACK_USAGE)
  const { pack, problems } = await loadPack(args[0])
  for (const p of problems) io.err(formatProblem(p) + '\n')
  if (!pack || hasErrors(problems)) return EXIT_BAD_INPUT
  const warnings = problems.length
  const { id, version } = pack.manifest
  io.out(
    `${id} ${version}: valid, ${pack.labs.length} lab${pack.labs.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${pack.hash})\n`,
  )
  return EXIT_OK
}

async function build(args: string[], io: Io): Promise<number> {
  const outAt = args.indexOf('--out')
  const out = outAt >= 0 ? args[outAt + 1] : undefined
  // without --out, outAt + 1 is 0: skipping it would drop the folder itself
  const dirs = outAt >= 0 ? args.filter((_, i) => i !== outAt && i !== outAt + 1) : args
  if (dirs.length !== 1 || dirs[0].startsWith('-') || (outAt >= 0 && (!out || out.startsWith('-'))))
    throw new InputError(PACK_USAGE)
  const info = await stat(dirs[0]).catch(() => null)
  if (!info?.isDirectory()) throw new InputError(`${dirs[0]}: pack build needs the pack's folder`)
  const { pack, problems } = await loadPack(dirs[0])
  for (const p of problems) io.err(formatProblem(p) + '\n')
  if (!pack || hasErrors(problems)) return EXIT_BAD_INPUT
  const { id, version } = pack.manifest
  const target = resolve(out ?? `${id}-${version}.labpack`)
  await writeOutputFile(target, writeZip(pack.files))
  io.out(`wrote ${target} (${pack.hash})\n`)
  return EXIT_OK
}
