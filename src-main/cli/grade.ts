// `portwise grade BUNDLE... --pack PACK [...]`: regrade a class's results bundles from their rules
// and write gradebooks, xAPI statements, feedback pages and a summary. Runs in Node; the grading
// itself is src-main/labs/results (pure).
//
// Exit status: 0 when every bundle was graded (a flagged bundle is graded: its rules decide its
// score, the flag is a finding for the instructor, not a failure of the command); 2 when the pack
// does not load, the arguments are wrong, or any bundle was unusable (unreadable, not a bundle, or
// from another pack version). Files are written for the usable bundles either way, so a script
// notices the unusable ones without losing the rest.
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { formatProblem, type LabPack } from '../labs/lab-pack'
import { loadPack } from '../labs/loader/pack-loader'
import { summarizeClass, summaryText } from '../labs/results/class-summary'
import { formatNumber } from '../labs/results/csv'
import { ClassGrader } from '../labs/results/grade-class'
import {
  canvasCsv,
  looksLikeEmail,
  type MoodleIdentity,
  moodleCsv,
  plainCsv,
} from '../labs/results/gradebooks'
import type { GradedBundle } from '../labs/results/regrade'
import { reportHtml } from '../labs/results/report-html'
import { reportModel } from '../labs/results/report-model'
import { summaryHtml, type SummaryEntry } from '../labs/results/summary-html'
import { xapiStatements } from '../labs/results/xapi'
import { EXIT_BAD_INPUT, EXIT_OK, InputError, type Io, writeOutputFile, writeProblem } from './io'
import { entryNote as note, feedbackName } from '../labs/results/class-files'

export const GRADE_USAGE = `usage: portwise grade BUNDLE|DIR... --pack PACK [--csv FILE] [--canvas FILE]
         [--canvas-column "TITLE (ID)"] [--moodle FILE] [--moodle-id email|username|idnumber]
         [--xapi FILE] [--feedback DIR] [--summary FILE.html]`

/** Io plus whether stderr is a terminal (for the progress bar); tests set it, the CLI asks Node. */
export interface GradeIo extends Io {
  errIsTty?: boolean
}

const VALUED = [
  '--pack',
  '--csv',
  '--canvas',
  '--canvas-column',
  '--moodle',
  '--moodle-id',
  '--xapi',
  '--feedback',
  '--summary',
] as const
type Option = (typeof VALUED)[number]

interface GradeArgs {
  inputs: string[]
  options: Partial<Record<Option, string>>
}

function parseArgs(args: string[]): GradeArgs {
  const inputs: string[] = []
  const options: GradeArgs['options'] = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if ((VALUED as readonly string[]).includes(a)) {
      const value = args[++i]
      if (value === undefined || value.startsWith('--'))
        throw new InputError(`${a} needs a value\n${GRADE_USAGE}`)
      if (options[a as Option] !== undefined)
        throw new InputError(`${a} given twice\n${GRADE_USAGE}`)
      options[a as Option] = value
    } else if (a.startsWith('-')) throw new InputError(`unknown option ${a}\n${GRADE_USAGE}`)
    else inputs.push(a)
  }
  if (!options['--pack'] || inputs.length === 0) throw new InputError(GRADE_USAGE)
  // Two outputs named alike: the later write replaced the earlier, and "wrote x.csv, x.csv" said so
  // only in passing
  const outputs = (['--csv', '--canvas', '--moodle', '--xapi', '--summary', '--feedback'] as const)
    .filter((o) => options[o] !== undefined)
    .map((o) => ({ option: o, path: resolve(options[o]!) }))
  for (const [i, a] of outputs.entries()) {
    const b = outputs.slice(0, i).find((x) => x.path === a.path)
    if (b)
      throw new InputError(
        `${b.option} and ${a.option} both name ${options[a.option]}: give each its own file\n${GRADE_USAGE}`,
      )
  }
  const id = options['--moodle-id']
  if (id !== undefined && !['email', 'username', 'idnumber'].includes(id))
    throw new InputError(`--moodle-id must be email, username or idnumber\n${GRADE_USAGE}`)
  return { inputs, options }
}

/**
 * Files named, and the `.json` files of folders named (not recursive), in a stable order, each
 * once: a file named twice (`grade class/*.json class/b0.json`) is one hand-in, not a learner who
 * handed in twice.
 */
async function bundleFiles(inputs: string[]): Promise<string[]> {
  const files: string[] = []
  for (const input of inputs) {
    const info = await stat(input).catch(() => null)
    if (info?.isDirectory()) {
      const names = (await readdir(input)).filter((n) => n.toLowerCase().endsWith('.json')).sort()
      files.push(...names.map((n) => join(input, n)))
    } else files.push(input)
  }
  const seen = new Set<string>()
  return files.filter((f) => !seen.has(resolve(f)) && seen.add(resolve(f)))
}

/** A bar on a terminal (redrawn in place, at most ~20 times a second); milestones otherwise. */
function progress(io: GradeIo, total: number) {
  const tty = io.errIsTty ?? process.stderr.isTTY === true
  let drawn = -1
  let lastDraw = 0
  return {
    step(done: number) {
      if (tty) {
        const now = performance.now()
        if (done !== total && now - lastDraw < 50) return
        lastDraw = now
        const width = 30
        const filled = Math.round((done / total) * width)
        io.err(`\rgrading [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)
        if (done === total) io.err('\n')
        return
      }
      const tenth = Math.floor((done * 10) / total)
      if (done === total || (total >= 100 && tenth > drawn)) {
        drawn = tenth
        // "read", not "graded": the unusable ones are counted here too, and the summary's
        // "4 graded" must not disagree with a "graded 6 of 6" just above it
        io.err(`read ${done} of ${total} bundles\n`)
      }
    },
  }
}

async function loadClassPack(path: string): Promise<LabPack> {
  const { pack, problems } = await loadPack(path)
  if (!pack)
    throw new InputError(
      `${path}: the pack does not load:\n${problems.map(formatProblem).join('\n')}`,
    )
  return pack
}

export async function grade(args: string[], io: GradeIo): Promise<number> {
  const { inputs, options } = parseArgs(args)
  const pack = await loadClassPack(options['--pack']!)
  const files = await bundleFiles(inputs)
  if (!files.length) throw new InputError(`no bundles found in ${inputs.join(', ')}`)
  const grader = new ClassGrader(pack)
  const bar = progress(io, files.length)
  for (const [i, file] of files.entries()) {
    let bytes: Uint8Array | null = null
    try {
      bytes = await readFile(file)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      grader.addUnreadable(
        file,
        `cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`,
      )
    }
    if (bytes) grader.add(file, bytes)
    bar.step(i + 1)
  }
  const current = grader.current()
  const results = current.map((e) => e.result)
  const graded = results.filter((r): r is GradedBundle => r.ok)
  const written: string[] = []
  const write = async (file: string | undefined, text: string) => {
    if (!file) return
    await writeOutputFile(file, text)
    written.push(file)
  }
  await write(options['--csv'], plainCsv(pack, results))
  await write(options['--canvas'], canvasCsv(pack, graded, options['--canvas-column']))
  await write(
    options['--moodle'],
    moodleCsv(pack, graded, options['--moodle-id'] as MoodleIdentity | undefined),
  )
  if (options['--moodle'] && options['--moodle-id'] === 'email') {
    // Moodle matches the identity column exactly: a student number there matches nobody
    const ids = graded.map((g) => g.learner.id).filter((id) => !looksLikeEmail(id))
    if (ids.length)
      io.err(
        `warning: --moodle-id email, but ${ids.length} learner ids are not email addresses, so Moodle will not match them: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}\n`,
      )
  }
  await write(options['--xapi'], JSON.stringify(xapiStatements(pack, graded), null, 2) + '\n')
  const summary = summarizeClass(pack, results, grader.entries.length - current.length)
  const entries: SummaryEntry[] = grader.entries.map((e) => ({
    file: basename(e.file),
    learner: e.result.learner ? `${e.result.learner.name} (${e.result.learner.id})` : '',
    score: e.result.ok ? e.result.score : null,
    note: note(e),
  }))
  // feedback first: the summary may go in the feedback folder, as its index
  const dir = options['--feedback']
  if (dir) {
    await mkdir(dir, { recursive: true }).catch((e: unknown) => {
      throw writeProblem(dir, e)
    })
    const taken = new Set<string>()
    for (const e of current)
      if (e.result.ok && e.bundle)
        await writeOutputFile(
          join(dir, feedbackName(e.result.learner.id, taken)),
          reportHtml(reportModel(pack, e.bundle, e.result)),
        )
    written.push(`${dir} (${taken.size} feedback pages)`)
  }
  await write(options['--summary'], summaryHtml(summary, entries))
  io.out(summaryText(summary))
  const attention = grader.entries.filter((e) => note(e))
  if (attention.length) {
    io.out('\nbundles needing attention:\n')
    for (const e of attention) {
      const who = e.result.learner ? ` ${e.result.learner.id}` : ''
      const score = e.result.ok
        ? ` (graded ${formatNumber(e.result.score)}/${formatNumber(e.result.maxScore)})`
        : ''
      io.out(`  ${e.file}${who}${score}: ${note(e)}\n`)
    }
  }
  if (written.length) io.out(`\nwrote ${written.join(', ')}\n`)
  return grader.entries.some((e) => !e.result.ok) ? EXIT_BAD_INPUT : EXIT_OK
}
