// The Instructor screen's channels through the dispatcher: `grade:class` over a generated class of
// the built-in course (a hand-edited score flagged, another pack version and a file that is not a
// bundle refused with their reasons, a learner who handed in twice), progress in slices that yield
// to the event loop, the bounds on the request, then `grade:export` (a zip of every gradebook
// file) and `grade:save` (a new folder inside the one main's dialog chose). Runs in Node (Vitest).
import { strFromU8, unzipSync } from 'fflate'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { gradeBundles } from '../../../src-main/ipc/class-grading'
import { dispatch } from '../../../src-main/ipc/dispatch'
import { createHandlers, type DesktopPort } from '../../../src-main/ipc/handlers'
import { PackLibrary } from '../../../src-main/ipc/pack-library'
import type { LabPack } from '../../../src-main/labs/lab-pack'
import type { ResultsBundle } from '../../../src-main/labs/results/results-bundle'
import type {
  ClassGrading,
  GradebookSaveResponse,
  GradebookZip,
  GradedRow,
  GradeProgress,
  UnusableRow,
} from '../../../src-main/shared/grading-view'
import { MAX_CLASS_BUNDLES } from '../../../src-main/shared/ipc-contract'
import { generateClass } from '../results/class-fixture'
import { memoryStore } from './fake-store'

const LABS = fileURLToPath(new URL('../../../labs', import.meta.url))

let library: PackLibrary
let pack: LabPack
let bundles: ResultsBundle[]

beforeAll(async () => {
  library = new PackLibrary(memoryStore(), { builtIn: LABS, installed: '/nonexistent' })
  await library.ready
  pack = library.get('portwise-basics')
  bundles = generateClass(pack, { learners: 5, seed: 7 })
})

function setup(desktop?: DesktopPort) {
  const events: GradeProgress[] = []
  const info = () => ({ version: '9.9.9', host: 'browser' as const, dataDir: '/d', notices: [] })
  const handlers = createHandlers({
    store: memoryStore(),
    library,
    info,
    desktop,
    emit: (event, payload) => {
      if (event === 'grade:progress') events.push(payload as GradeProgress)
    },
  })
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, payload)
    if (!r.ok) throw new Error(r.error.message)
    return r.value as T
  }
  return { handlers, events, call }
}

const clone = (b: ResultsBundle): ResultsBundle => JSON.parse(JSON.stringify(b)) as ResultsBundle

/** The class: three good bundles, one with a score edited up, one of another version, junk. */
function classFiles() {
  const tampered = clone(bundles[3])
  const attempt = tampered.labs
    .flatMap((l) => (l.final ? [l.attempts[l.final.attempt]] : []))
    .find((a) => a.score < a.maxScore)!
  attempt.score = attempt.maxScore
  const older = clone(bundles[4])
  older.pack.version = '0.9.0'
  return [
    ...bundles.slice(0, 3).map((b, i) => ({ name: `b${i}.json`, text: JSON.stringify(b) })),
    { name: 'edited.json', text: JSON.stringify(tampered) },
    { name: 'older.json', text: JSON.stringify(older) },
    { name: 'notes.json', text: '{"hello": 1}' },
  ]
}

describe('grade:class', () => {
  it('answers a row per bundle: graded with cells and claims, flagged, refused with reasons', async () => {
    const { call, events } = setup()
    const g = await call<ClassGrading>('grade:class', {
      packId: 'portwise-basics',
      run: 'r1',
      bundles: classFiles(),
    })
    expect(g.pack).toMatchObject({ id: 'portwise-basics', version: '1.0.0' })
    expect(g.labs).toHaveLength(pack.labs.length)
    expect(g.rows.map((r) => r.status)).toEqual([
      'graded',
      'graded',
      'graded',
      'graded',
      'unusable',
      'unusable',
    ])
    const good = g.rows[0] as GradedRow
    expect(good.learner).toEqual(bundles[0].learner)
    expect(good.flagKinds).toEqual([])
    expect(good.claimed).toBeCloseTo(good.score)
    expect(good.labs).toHaveLength(pack.labs.length)
    const tried = good.labs.find((l) => l.attempted)!
    const labView = g.labs.find((l) => l.id === tried.labId)!
    expect(tried.objectives).toHaveLength(labView.objectives.length)

    const edited = g.rows[3] as GradedRow
    expect(edited.flagKinds).toContain('score-edited')
    expect(edited.flags.join(' ')).toMatch(/claims .* its rules earn/)
    expect(edited.claimed).toBeGreaterThan(edited.score)

    const older = g.rows[4] as UnusableRow
    expect(older).toMatchObject({ kind: 'other-version', learner: bundles[4].learner })
    expect(older.reason).toBe(
      'This bundle was made with version 0.9.0 of this pack; 1.0.0 is installed.',
    )
    const junk = g.rows[5] as UnusableRow
    expect(junk).toMatchObject({ kind: 'unreadable', learner: null })
    expect(junk.reason).toMatch(/^Not a results bundle Portwise can read: format: must be/)

    expect(g.summary).toMatchObject({ graded: 4, unusable: 2, flagged: 1 })
    expect(g.summary.histogram.reduce((a, b) => a + b, 0)).toBe(4)
    expect(events.at(0)).toEqual({ run: 'r1', done: 0, total: 6 })
    expect(events.at(-1)).toEqual({ run: 'r1', done: 6, total: 6 })
  })

  it('keeps the bundle a learner exported last and shows the other as replaced', async () => {
    const { call } = setup()
    const later = clone(bundles[0])
    later.exportedAt = '2099-01-01T00:00:00.000Z'
    const g = await call<ClassGrading>('grade:class', {
      packId: 'portwise-basics',
      run: 'r2',
      bundles: [
        { name: 'first.json', text: JSON.stringify(bundles[0]) },
        { name: 'again.json', text: JSON.stringify(later) },
      ],
    })
    expect(g.rows[0]).toMatchObject({ status: 'replaced', replacedBy: 'again.json' })
    expect(g.summary.graded).toBe(1)
    // two rows, and the totals say what became of both: graded 1, not graded 0 and nothing for
    // the other left the counts one short of the table
    expect(g.summary).toMatchObject({ graded: 1, unusable: 0, replaced: 1 })
  })

  it('grades in slices, yielding between them, with progress after each', async () => {
    let clock = 0
    const pause = vi.fn(async () => {})
    const seen: number[] = []
    const files = classFiles()
    const grader = await gradeBundles(pack, files, (done) => seen.push(done), {
      sliceMs: 10,
      // every reading of the clock is 10 ms later: a slice per bundle
      now: () => (clock += 10),
      pause,
    })
    expect(grader.entries).toHaveLength(files.length)
    expect(pause).toHaveBeenCalledTimes(files.length - 1)
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('refuses a pack that is not installed, an empty class, too many bundles and a bad run', async () => {
    const { call } = setup()
    const one = [{ name: 'a.json', text: '{}' }]
    await expect(call('grade:class', { packId: 'nope', run: 'r', bundles: one })).rejects.toThrow(
      'pack "nope" is not installed',
    )
    await expect(
      call('grade:class', { packId: 'portwise-basics', run: 'r', bundles: [] }),
    ).rejects.toThrow('at least one bundle')
    const many = Array.from({ length: MAX_CLASS_BUNDLES + 1 }, () => one[0])
    await expect(
      call('grade:class', { packId: 'portwise-basics', run: 'r', bundles: many }),
    ).rejects.toThrow(`at most ${MAX_CLASS_BUNDLES} bundles`)
    await expect(
      call('grade:class', { packId: 'portwise-basics', run: '../x', bundles: one }),
    ).rejects.toThrow('run: must be a short token')
  })
})

describe('grade:export and grade:save', () => {
  async function graded(desktop?: DesktopPort) {
    const s = setup(desktop)
    const g = await s.call<ClassGrading>('grade:class', {
      packId: 'portwise-basics',
      run: 'r',
      bundles: classFiles(),
    })
    return { ...s, g }
  }

  it('zips every gradebook file, one feedback page per graded learner', async () => {
    const { call, g } = await graded()
    const zip = await call<GradebookZip>('grade:export', { gradingId: g.gradingId })
    expect(zip.fileName).toBe('gradebooks-portwise-basics-1.0.0.zip')
    const files = unzipSync(Buffer.from(zip.zipBase64, 'base64'))
    expect(Object.keys(files).sort()).toEqual([...zip.files].sort())
    for (const f of [
      'gradebook.csv',
      'canvas.csv',
      'moodle.csv',
      'xapi-statements.json',
      'class-summary.html',
    ])
      expect(zip.files).toContain(f)
    expect(zip.files.filter((f) => f.startsWith('feedback/'))).toHaveLength(4)
    const plain = strFromU8(files['gradebook.csv'])
    expect(plain).toContain('FLAGGED')
    expect(plain.split('\r\n').find((l) => l.startsWith(bundles[4].learner.id))).toContain(
      ',,,"not graded: this bundle was graded by portwise-basics version 0.9.0',
    )
    expect(strFromU8(files['class-summary.html'])).toContain('older.json')
    expect(JSON.parse(strFromU8(files['xapi-statements.json']))).not.toHaveLength(0)
  })

  it("writes a new folder inside the one main's dialog chose; cancel writes nothing", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'portwise-gradebooks-'))
    const chooseGradebookFolder = vi
      .fn()
      .mockResolvedValueOnce(parent)
      .mockResolvedValueOnce(parent)
      .mockResolvedValueOnce(null)
    const { call, g } = await graded({
      choosePackFile: vi.fn(),
      chooseResultsFile: vi.fn(),
      chooseGradebookFolder,
    })
    const first = await call<GradebookSaveResponse>('grade:save', { gradingId: g.gradingId })
    const again = await call<GradebookSaveResponse>('grade:save', { gradingId: g.gradingId })
    expect(first).toMatchObject({
      status: 'saved',
      folder: join(parent, 'gradebooks-portwise-basics-1.0.0'),
    })
    expect(again).toMatchObject({ folder: join(parent, 'gradebooks-portwise-basics-1.0.0-2') })
    if (first.status !== 'saved') throw new Error('not saved')
    expect(readdirSync(first.folder).sort()).toContain('feedback')
    expect(readFileSync(join(first.folder, 'canvas.csv'), 'utf8')).toContain('Points Possible')
    expect(await call('grade:save', { gradingId: g.gradingId })).toEqual({ status: 'cancelled' })
    expect(readdirSync(parent)).toHaveLength(2)
  })

  it('refuses an unknown grading, and saving without the desktop dialogs', async () => {
    const { call, g } = await graded()
    await expect(
      call('grade:export', { gradingId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow('no longer kept')
    await expect(call('grade:export', { gradingId: 'x' })).rejects.toThrow('gradingId')
    await expect(call('grade:save', { gradingId: g.gradingId })).rejects.toThrow(
      "desktop app's dialogs only",
    )
  })
})
