// Results bundles: built from store rows, read back as untrusted input (errors name file and
// path), regraded to the same scores, and a hand-edited score or another pack version caught.
import { beforeAll, describe, expect, it } from 'vitest'
import type { LabPack } from '../../../src-main/labs/lab-pack'
import { bestAttempt, buildBundle } from '../../../src-main/labs/results/build-bundle'
import { summarizeLabs } from '../../../src-main/storage/lab-summary'
import { isoTime } from '../../../src-main/labs/results/iso-time'
import { BundleError, readBundle } from '../../../src-main/labs/results/read-bundle'
import { regrade } from '../../../src-main/labs/results/regrade'
import type { ResultsBundle } from '../../../src-main/labs/results/results-bundle'
import { decodeSubmission, encodeSubmission } from '../../../src-main/labs/results/submission-text'
import { bundleBytes, generateClass, loadCourse } from './class-fixture'

let pack: LabPack
let bundles: ResultsBundle[]

beforeAll(async () => {
  pack = await loadCourse()
  bundles = generateClass(pack, { learners: 6, seed: 7 })
})

const copy = (b: ResultsBundle) => JSON.parse(JSON.stringify(b)) as ResultsBundle
const bytes = (v: unknown) =>
  new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v))

function readError(value: unknown): BundleError {
  try {
    readBundle(bytes(value), 'alice.json')
  } catch (e) {
    if (e instanceof BundleError) return e
    throw e
  }
  throw new Error('read without error')
}

describe('reading a bundle', () => {
  it('reads what buildBundle writes', () => {
    for (const b of bundles) expect(readBundle(bundleBytes(b), 'x.json')).toEqual(b)
  })

  it('names the file and the path of what is wrong', () => {
    const b = copy(bundles[0])
    ;(b.labs[2].attempts[0] as { score: unknown }).score = 'ten'
    const e = readError(b)
    expect(e.file).toBe('alice.json')
    expect(e.path).toBe('labs[2].attempts[0].score')
    expect(e.message).toMatch(/^alice\.json: labs\[2\]\.attempts\[0\]\.score: must be number/)
  })

  it('refuses a missing learner, an unknown field, the old format and non-JSON', () => {
    const noLearner = copy(bundles[0]) as Partial<ResultsBundle>
    delete noLearner.learner
    expect(readError(noLearner).path).toBe('learner')
    expect(readError({ ...copy(bundles[0]), extra: 1 }).message).toMatch(/extra: unknown field/)
    expect(readError({ format: 'portwise-results/0' }).message).toMatch(/provisional/)
    expect(readError('{ nope').message).toMatch(/alice\.json: is not valid JSON/)
    expect(readError([]).message).toMatch(/format|not a results bundle/)
  })

  it('refuses prototype keys wherever they are', () => {
    const text = JSON.stringify(bundles[0]).replace(
      '"answers":{',
      '"answers":{"__proto__":{"polluted":1},',
    )
    const e = readError(text)
    expect(e.path).toMatch(/answers\.__proto__$/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a final that names no attempt, and a lab twice', () => {
    const b = copy(bundles[0])
    const i = b.labs.findIndex((l) => l.final)
    b.labs[i].final!.attempt = 99
    expect(readError(b).path).toBe(`labs[${i}].final.attempt`)
    const twice = copy(bundles[0])
    twice.labs.push(twice.labs[0])
    expect(readError(twice).message).toMatch(/appears twice/)
  })

  it('refuses a file over the size limit before parsing it', () => {
    const big = new Uint8Array(33 * 1024 * 1024).fill(32)
    expect(() => readBundle(big, 'big.json')).toThrow(/big\.json: .*limit/)
  })
})

describe('regrading', () => {
  it('round trip: export, read, regrade gives every claimed score', () => {
    for (const b of bundles) {
      const r = regrade(pack, readBundle(bundleBytes(b), 'x.json'))
      if (!r.ok) throw new Error(r.error)
      expect(r.flags).toEqual([])
      for (const lab of r.labs) {
        const entry = b.labs.find((l) => l.labId === lab.labId)!
        if (!entry.final) expect(lab.attempted).toBe(false)
        else expect(lab.score).toBe(entry.attempts[entry.final.attempt].score)
        lab.attempts.forEach((a) => expect(a.score).toBe(a.claimed))
      }
    }
  })

  it('flags a score edited by hand and grades the rules instead', () => {
    const b = copy(bundles[0])
    const lab = b.labs.find(
      (l) => l.final && l.attempts[l.final.attempt].score < l.attempts[l.final.attempt].maxScore,
    )!
    const counted = lab.attempts[lab.final!.attempt]
    const real = counted.score
    counted.score = counted.maxScore
    const r = regrade(pack, readBundle(bytes(b), 'x.json'))
    if (!r.ok) throw new Error(r.error)
    expect(r.tampered).toBe(true)
    expect(r.flags.join('\n')).toContain(
      `${lab.labId} attempt ${lab.final!.attempt + 1}: claims ${counted.maxScore} of`,
    )
    expect(r.labs.find((l) => l.labId === lab.labId)!.score).toBe(real)
  })

  it('flags an objective claimed passed that the rules fail, and a final that is not its attempt', () => {
    const b = copy(bundles[1])
    const lab = b.labs.find((l) => l.attempts.some((a) => a.objectives.some((o) => !o.passed)))!
    const o = lab.attempts.flatMap((a) => a.objectives).find((x) => !x.passed)!
    o.passed = true
    const other = b.labs.find((l) => l.final && l !== lab)!
    other.final!.hintsUsed += 1
    const r = regrade(pack, b)
    if (!r.ok) throw new Error(r.error)
    expect(r.flags.some((f) => f.includes(`claims "${o.title}" passed`))).toBe(true)
    expect(r.flags.some((f) => f.startsWith(`${other.labId}: the final submission is not`))).toBe(
      true,
    )
  })

  it('reports a bundle of another pack version or content, never guesses', () => {
    const older = copy(bundles[0])
    older.pack.version = '0.9.0'
    const r = regrade(pack, older)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/graded by portwise-basics version 0\.9\.0, not 1\.0\.0/)
    const edited = copy(bundles[0])
    edited.pack.hash = `sha256:${'0'.repeat(64)}`
    const e = regrade(pack, edited)
    expect(!e.ok && e.error).toMatch(/same version with other files/)
    const other = copy(bundles[0])
    other.pack.id = 'another-course'
    expect(regrade(pack, other).ok).toBe(false)
  })
})

describe('building a bundle from the store', () => {
  it('leaves out attempts of another pack version and picks the best attempt, the later on a tie', () => {
    const lab = pack.labs[0]
    const row = (score: number, at: number, version = pack.manifest.version) => ({
      packVersion: version,
      labId: lab.id,
      rules: encodeSubmission(lab.start, {}),
      objectives: [],
      score,
      maxScore: 20,
      hintsUsed: 0,
      startedAt: at - 1000,
      submittedAt: at,
      predictions: null,
    })
    const { bundle, skipped } = buildBundle(
      pack,
      [row(5, 1000), row(9, 2000, '0.1.0'), row(5, 3000)],
      {
        learner: { name: ' Ada ', id: 'ada@example.org' },
        exportedAt: 0,
        appVersion: '0.1.0',
      },
    )
    expect(skipped).toBe(1)
    expect(bundle.learner).toEqual({ name: 'Ada', id: 'ada@example.org' })
    expect(bundle.labs[0].attempts).toHaveLength(2)
    expect(bundle.labs[0].final!.attempt).toBe(1)
    expect(bundle.labs[1].final).toBeNull()
    expect(bestAttempt([])).toBe(-1)
  })

  it('counts the attempt Home counts: a pass after hints before an earlier higher score that missed an objective', () => {
    // Home said Passed; the bundle's final was the 22/23 that missed one, so every gradebook,
    // report and the class's pass rate said not passed
    const lab = pack.labs[2]
    const objectives = (missed: boolean) =>
      lab.objectives.map((o, i) => ({
        id: o.id,
        passed: !(missed && i === lab.objectives.length - 1),
        earned: missed && i === lab.objectives.length - 1 ? 0 : o.points,
        detail: '',
      }))
    const row = (score: number, at: number, missed: boolean, hintsUsed: number) => ({
      packVersion: pack.manifest.version,
      labId: lab.id,
      rules: encodeSubmission(lab.solution!, {}),
      objectives: objectives(missed),
      score,
      maxScore: 23,
      hintsUsed,
      startedAt: at - 1000,
      submittedAt: at,
      predictions: null,
    })
    const rows = [row(22, 1000, true, 0), row(20, 2000, false, 3)]
    const { bundle } = buildBundle(pack, rows, {
      learner: { name: 'Ada', id: 'ada@example.org' },
      exportedAt: 3000,
      appVersion: '0.1.0',
    })
    expect(bundle.labs[2].final!.attempt).toBe(1)
    const home = summarizeLabs([], rows)[0]
    expect(home).toMatchObject({ status: 'passed', bestScore: bundle.labs[2].attempts[1].score })
  })

  it('reads the submission envelope back, and plain rules text of a one-node lab', () => {
    const lab = pack.labs[0]
    const text = encodeSubmission({ fw1: { kind: 'stateless' } }, { q: 1 })
    expect(decodeSubmission(text, lab)).toEqual({
      rules: { fw1: { kind: 'stateless' } },
      answers: { q: 1 },
    })
    expect(decodeSubmission('{"kind":"stateful"}', lab).rules).toEqual({
      fw1: { kind: 'stateful' },
    })
    expect(
      decodeSubmission('table inet f {}', { dialect: 'nft', editable: ['fw1'] }).rules,
    ).toEqual({ fw1: 'table inet f {}' })
  })

  it('formats times as Date does, without a Date', () => {
    for (const ms of [0, 951_782_400_000, 1_714_550_123_456, 4_102_444_799_999, 1_709_164_800_000])
      expect(isoTime(ms)).toBe(new Date(ms).toISOString())
  })
})
