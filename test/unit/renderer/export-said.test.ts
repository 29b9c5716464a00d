// What Export results says when the files are made (src-renderer/lab/export-said.ts): the desktop
// app's "Saved …" named the attempts left out as the browser's "Downloaded …" did not, and neither
// warned that the files hold no attempt. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { exportSaid } from '../../../src-renderer/lab/export-said'

describe('exportSaid', () => {
  it('names the files and nothing more when attempts are in them', () => {
    expect(
      exportSaid({ where: 'Downloaded r.json, .html and .pdf', attempts: 3, skippedAttempts: 0 }),
    ).toEqual({
      text: 'Downloaded r.json, .html and .pdf.',
      empty: false,
    })
  })

  it('says the attempts another version of the pack graded were left out, on save as on download', () => {
    const saved = exportSaid({
      where: 'Saved /home/a/r.json, /home/a/r.html, /home/a/r.pdf',
      attempts: 2,
      skippedAttempts: 1,
    })
    expect(saved.text).toBe(
      'Saved /home/a/r.json, /home/a/r.html, /home/a/r.pdf. 1 attempt made with another version of the pack was left out.',
    )
    expect(
      exportSaid({ where: 'Downloaded r.json, .html and .pdf', attempts: 2, skippedAttempts: 3 })
        .text,
    ).toContain('3 attempts made with another version of the pack were left out.')
  })

  it('warns when the files hold no attempt: nothing of this pack was submitted', () => {
    const said = exportSaid({
      where: 'Downloaded r.json, .html and .pdf',
      attempts: 0,
      skippedAttempts: 0,
    })
    expect(said.empty).toBe(true)
    expect(said.text).toBe(
      'Downloaded r.json, .html and .pdf. They hold no attempt: no lab of this pack has been submitted yet. Submit a lab, then export again.',
    )
  })

  it('with only attempts at another version, says it is this version that has none', () => {
    expect(
      exportSaid({ where: 'Downloaded r.json, .html and .pdf', attempts: 0, skippedAttempts: 2 })
        .text,
    ).toBe(
      'Downloaded r.json, .html and .pdf. 2 attempts made with another version of the pack were left out. They hold no attempt: no lab of this version of the pack has been submitted yet. Submit a lab, then export again.',
    )
  })
})
