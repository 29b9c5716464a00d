// `portwise grade` end to end, in-process on a temporary folder: a class of bundles with one
// hand-edited score, one from another pack version and one that is not JSON; every file written,
// the summary printed, the unusable bundles reported and exit status 2.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grade } from '../../../src-main/cli/grade'
import { InputError } from '../../../src-main/cli/io'
import { COURSE, generateClass, loadCourse } from './class-fixture'

let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portwise-grade-'))
  const pack = await loadCourse()
  const bundles = generateClass(pack, { learners: 5, seed: 5 })
  const edited = bundles[1].labs.find((l) => l.final)!
  edited.attempts[edited.final!.attempt].score = 1000
  bundles[2].pack.version = '0.9.0'
  bundles[3].learner.name = '<b>Bold</b>'
  bundles.forEach((b, i) => writeFileSync(join(dir, `b${i}.json`), JSON.stringify(b)))
  writeFileSync(join(dir, 'broken.json'), '{ not json')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function io(tty = false) {
  const out: string[] = []
  const err: string[] = []
  return {
    out: (t: string) => void out.push(t),
    err: (t: string) => void err.push(t),
    errIsTty: tty,
    stdout: out,
    stderr: err,
  }
}

describe('portwise grade', () => {
  it('writes every file, prints the summary and reports the unusable bundles', async () => {
    const o = io()
    const at = (f: string) => join(dir, f)
    const status = await grade(
      [
        dir,
        '--pack',
        COURSE,
        '--csv',
        at('grades.csv'),
        '--canvas',
        at('canvas.csv'),
        '--moodle',
        at('moodle.csv'),
        '--xapi',
        at('xapi.json'),
        '--feedback',
        at('feedback'),
        '--summary',
        at('summary.html'),
      ],
      o,
    )
    expect(status).toBe(2)
    const out = o.stdout.join('')
    expect(out).toContain('4 graded, 1 flagged, 2 unusable')
    expect(out).toContain('score distribution:')
    expect(out).toMatch(/b1\.json .*FLAGGED: .*claims 1000 of/)
    expect(out).toMatch(/b2\.json .*graded by portwise-basics version 0\.9\.0/)
    expect(out).toMatch(/broken\.json: .*not valid JSON/)
    // the file is named once, not again inside the reason
    expect(out).toContain(`${join(dir, 'broken.json')}: not graded: is not valid JSON`)
    // "graded 6 of 6 bundles" here disagreed with "4 graded" in the summary
    expect(o.stderr.join('')).toBe('read 6 of 6 bundles\n')
    expect(readFileSync(at('grades.csv'), 'utf8').split('\r\n')[0]).toBe(
      'student_id,score,max_score,comments',
    )
    expect(readFileSync(at('grades.csv'), 'utf8')).toContain(
      'not graded: this bundle was graded by portwise-basics version 0.9.0',
    )
    expect(readFileSync(at('canvas.csv'), 'utf8')).toMatch(
      /^Student,ID,SIS User ID,SIS Login ID,Section,/,
    )
    expect(readFileSync(at('moodle.csv'), 'utf8')).toMatch(/^(email|idnumber),/)
    expect(JSON.parse(readFileSync(at('xapi.json'), 'utf8')).length).toBeGreaterThan(0)
    expect(readdirSync(at('feedback'))).toHaveLength(4)
    const pages = readdirSync(at('feedback')).map((f) =>
      readFileSync(join(at('feedback'), f), 'utf8'),
    )
    expect(pages.some((p) => p.includes('&lt;b&gt;Bold&lt;/b&gt;'))).toBe(true)
    expect(pages.some((p) => p.includes('Flagged by the regrade'))).toBe(true)
    expect(readFileSync(at('summary.html'), 'utf8')).toContain('<svg')
  })

  it('exits 0 when every bundle is usable, and draws a bar on a terminal', async () => {
    const o = io(true)
    expect(await grade([join(dir, 'b0.json'), join(dir, 'b4.json'), '--pack', COURSE], o)).toBe(0)
    expect(o.stderr.join('')).toMatch(/\rgrading \[#+\] 2\/2\n$/)
  })

  it('a gradebook into a folder that does not exist: one line naming it, not a stack trace', async () => {
    const csv = join(dir, 'no-such-folder', 'grades.csv')
    await expect(
      grade([join(dir, 'b0.json'), '--pack', COURSE, '--csv', csv], io()),
    ).rejects.toThrow(new InputError(`${csv}: cannot write (its folder does not exist)`))
    const feedback = join(dir, 'b0.json', 'pages')
    await expect(
      grade([join(dir, 'b0.json'), '--pack', COURSE, '--feedback', feedback], io()),
    ).rejects.toThrow(
      new InputError(`${feedback}: cannot write (a part of its path is a file, not a folder)`),
    )
  })

  it('a file named twice is one hand-in, not a learner replacing their own bundle', async () => {
    const o = io()
    const b0 = join(dir, 'b0.json')
    expect(await grade([b0, b0, join(dir, 'b4.json'), '--pack', COURSE], o)).toBe(0)
    expect(o.stdout.join('')).not.toContain('replaced by')
    expect(o.stderr.join('')).toBe('read 2 of 2 bundles\n')
  })

  it('a hand-edited bundle replaced by a later one is still flagged', async () => {
    const later = JSON.parse(readFileSync(join(dir, 'b1.json'), 'utf8'))
    later.exportedAt = '2099-01-01T00:00:00.000Z'
    const lab = later.labs.find((l: { final: unknown }) => l.final)
    lab.attempts[lab.final.attempt].score = lab.attempts[lab.final.attempt].objectives.reduce(
      (sum: number, x: { earned: number }) => sum + x.earned,
      0,
    )
    const file = join(dir, 'later', 'b1-again.json')
    mkdirSync(join(dir, 'later'), { recursive: true })
    writeFileSync(file, JSON.stringify(later))
    const o = io()
    await grade([join(dir, 'b1.json'), file, '--pack', COURSE], o)
    expect(o.stdout.join('')).toMatch(
      /b1\.json .*: replaced by .*b1-again\.json, exported later by the same learner; FLAGGED: .*claims 1000 of/,
    )
    // the counts add up to the two files: "1 graded, 0 flagged, 0 unusable" said nothing of one
    expect(o.stdout.join('')).toContain(
      '1 graded, 0 flagged, 0 unusable, 1 replaced by a later bundle of the same learner',
    )
  })

  it('the summary can go in the feedback folder the same run creates', async () => {
    const pages = join(dir, 'pages')
    const args = [join(dir, 'b0.json'), '--pack', COURSE, '--feedback', pages]
    expect(await grade([...args, '--summary', join(pages, 'index.html')], io())).toBe(0)
    expect(readdirSync(pages).sort()).toEqual([expect.stringMatching(/^feedback-/), 'index.html'])
  })

  it('--moodle-id email warns when the learner ids are not email addresses', async () => {
    const numbered = JSON.parse(readFileSync(join(dir, 'b0.json'), 'utf8'))
    numbered.learner.id = 'S100000'
    const file = join(dir, 'numbered', 'b0.json')
    mkdirSync(join(dir, 'numbered'), { recursive: true })
    writeFileSync(file, JSON.stringify(numbered))
    const o = io()
    const args = [file, '--pack', COURSE, '--moodle', join(dir, 'm.csv')]
    expect(await grade([...args, '--moodle-id', 'email'], o)).toBe(0)
    expect(o.stderr.join('')).toContain(
      'warning: --moodle-id email, but 1 learner ids are not email addresses, so Moodle will not match them: S100000\n',
    )
  })

  it('refuses wrong arguments and a pack that does not load', async () => {
    await expect(grade([dir], io())).rejects.toThrow(InputError)
    await expect(grade([dir, '--pack', COURSE, '--bogus'], io())).rejects.toThrow(
      /unknown option --bogus/,
    )
    await expect(grade([dir, '--pack', join(dir, 'nope')], io())).rejects.toThrow(
      /the pack does not load/,
    )
  })

  it('two outputs naming the same file are refused before anything is written', async () => {
    // the xAPI statements overwrote the gradebook, and "wrote x.csv, x.csv" was all it said
    const file = join(dir, 'same', 'x.csv')
    await expect(
      grade(
        [dir, '--pack', COURSE, '--csv', file, '--xapi', join(dir, 'same', '.', 'x.csv')],
        io(),
      ),
    ).rejects.toThrow(
      `--csv and --xapi both name ${join(dir, 'same', '.', 'x.csv')}: give each its own file`,
    )
    expect(existsSync(join(dir, 'same'))).toBe(false)
  })

  it('a feedback folder where a file is says so in words, not EEXIST', async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, 'x')
    await expect(
      grade([join(dir, 'b0.json'), '--pack', COURSE, '--feedback', file], io()),
    ).rejects.toThrow(
      new InputError(`${file}: cannot write (a file of that name is there, not a folder)`),
    )
  })
})
