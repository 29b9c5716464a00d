// The readable report as a PDF: the same content as report-html.ts, as text (selectable,
// searchable, readable by a screen reader) laid out line by line on A4 with pdf-lib's standard
// Helvetica. Pure: pdf-lib runs anywhere; no clock (no creation date, so equal input gives equal
// bytes) and no file access.
//
// The standard fonts encode WinAnsi only (Latin-1 plus a few), so other characters are written as
// their nearest ASCII (→ as ->) or as `?`: a name in another script reads rightly in the HTML
// report, which is why both are exported. Embedding a Unicode font would need one shipped with the
// app; none is today.
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib'
import { formatNumber as n } from './csv'
import type { ReportModel } from './report-model'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 50
const FALLBACK: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '✓': '[pass]',
  '✗': '[fail]',
  '−': '-',
  '≤': '<=',
  '≥': '>=',
  '⚠': '!',
}

class Layout {
  private page!: PDFPage
  private y = 0
  private readonly encodable: Set<number>

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly mono: PDFFont,
  ) {
    this.encodable = new Set(font.getCharacterSet())
    this.newPage()
  }

  private newPage() {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN
  }

  /** Characters the standard fonts cannot encode, replaced (see the header). */
  clean(text: string): string {
    let out = ''
    for (const ch of text.replace(/\t/g, '  ')) {
      if (this.encodable.has(ch.codePointAt(0)!)) out += ch
      else out += FALLBACK[ch] ?? (ch === '\n' ? ' ' : '?')
    }
    return out
  }

  /** Breaks a paragraph into lines that fit, at spaces (or anywhere, for a long token). */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = []
    let line = ''
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      line = word
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--
        lines.push(line.slice(0, cut))
        line = line.slice(cut)
      }
    }
    lines.push(line)
    return lines
  }

  text(
    raw: string,
    options: { size?: number; bold?: boolean; mono?: boolean; indent?: number; gap?: number } = {},
  ) {
    const size = options.size ?? 10
    const font = options.mono ? this.mono : options.bold ? this.bold : this.font
    const indent = options.indent ?? 0
    const width = A4[0] - 2 * MARGIN - indent
    const leading = size * 1.35
    this.y -= options.gap ?? 0
    for (const para of this.clean(raw).split('\n'))
      for (const line of this.wrap(para, font, size, width)) {
        if (this.y - leading < MARGIN) this.newPage()
        this.y -= leading
        this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: rgb(0, 0, 0) })
      }
  }
}

export async function reportPdf(m: ReportModel): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.setTitle(m.title)
  doc.setCreator('Portwise')
  doc.setProducer('Portwise (pdf-lib)')
  doc.setLanguage(m.language)
  const [font, bold, mono] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.Courier),
  ])
  const out = new Layout(doc, font, bold, mono)
  out.text(m.title, { size: 16, bold: true })
  out.text(`Learner: ${m.learnerName} (${m.learnerId})`, { gap: 6 })
  out.text(`Pack: ${m.pack}`)
  out.text(`Exported: ${m.exportedAt}`)
  out.text(
    `Total: ${n(m.score)} / ${n(m.maxScore)}, ${m.passedLabs} of ${m.labs.length} labs passed (every objective met).`,
    { bold: true, gap: 4 },
  )
  if (m.flags.length) {
    out.text(
      `FLAGGED BY THE REGRADE (${m.flags.length}): the bundle's claims differ from what its rules earn; scores shown are regraded.`,
      { bold: true, gap: 6 },
    )
    for (const f of m.flags) out.text(`- ${f}`, { indent: 10 })
  }
  m.labs.forEach((l, i) => {
    const state = l.attempted ? (l.passed ? 'PASSED' : 'NOT PASSED') : 'NOT ATTEMPTED'
    out.text(`Lab ${i + 1}: ${l.title} - ${state}`, { size: 13, bold: true, gap: 12 })
    if (!l.attempted) {
      out.text(`No attempt was submitted. Score 0 / ${n(l.maxScore)}.`)
      return
    }
    out.text(
      `Score ${n(l.score)} / ${n(l.maxScore)}; ${l.attempts} attempt${l.attempts === 1 ? '' : 's'}; ${l.hintsUsed} hint${l.hintsUsed === 1 ? '' : 's'} used${l.hintPenalty ? ` (-${n(l.hintPenalty)})` : ''}`,
    )
    for (const err of l.errors) out.text(err, { indent: 10 })
    for (const f of l.flags) out.text(`FLAGGED: ${f}`, { bold: true, indent: 10 })
    for (const o of l.objectives) {
      out.text(`${o.passed ? '[pass]' : '[fail]'} ${o.title} - ${n(o.earned)} / ${n(o.points)}`, {
        bold: !o.passed,
        gap: 4,
        indent: 10,
      })
      out.text(o.detail, { indent: 24, size: 9 })
      if (o.trace) {
        out.text(`Trace: ${o.trace.flow}`, { indent: 24, size: 8, mono: true })
        for (const p of o.trace.packets) out.text(`  ${p}`, { indent: 24, size: 8, mono: true })
        if (o.trace.suggestion)
          out.text(`Suggested rule: ${o.trace.suggestion}`, { indent: 24, size: 8, mono: true })
      }
    }
  })
  return doc.save()
}
