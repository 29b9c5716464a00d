// pack validate's checks beyond reading: solutions pass, starts fail, Markdown is safe and its
// links and images are there.
import { describe, expect, it } from 'vitest'
import { formatProblem } from '../../../src-main/labs/lab-pack'
import { markdownProblems, renderMarkdown } from '../../../src-main/labs/markdown'
import { validatePack } from '../../../src-main/labs/validate'
import { edited, fixtureFiles } from './pack-fixture'

const LAB = 'open-https/lab.json'
const lines = (files: Map<string, Uint8Array>) => validatePack(files).problems.map(formatProblem)

describe('validatePack', () => {
  it('the test pack is valid, with no warning', () => {
    expect(lines(fixtureFiles())).toEqual([])
  })

  it('a solution that fails an objective is an error naming it', () => {
    const files = edited(LAB, (v) => v.solution.fw1.forward.rules.pop())
    expect(lines(files)).toContain(
      `${LAB}: objectives[0]: the solution fails "The client browses the server over HTTPS": browse: timed out after 127 s: the SYN-ACK was dropped by fw1 forward policy (no rule allows source port 443 to 32768–60999: fw1 is stateless, so the response to the ephemeral port of client needs its own rule)`,
    )
  })

  it('a start that already passes is an error', () => {
    const files = edited(LAB, (v) => (v.start = v.solution))
    expect(lines(files)).toEqual([`${LAB}: start: the starting rules already pass every objective`])
  })

  it('a schema error in one lab does not hide a failing solution in another', () => {
    const files = edited(LAB, (v) => (v.objectives[0].points = 'ten'))
    const other = 'stateful-services/lab.json'
    const broken = edited(other, (v) => (v.start = v.solution))
    files.set(other, broken.get(other)!)
    expect(lines(files)).toEqual([
      `${LAB}: objectives[0].points: must be integer`,
      `${other}: start: the starting rules already pass every objective`,
    ])
    expect(validatePack(files).pack).toBeNull()
  })

  it("a mistake in pack.json does not hide the labs' problems when its list of labs is sound", () => {
    const files = edited('pack.json', (v) => (v.colour = 'red'))
    files.set(LAB, edited(LAB, (v) => (v.start = v.solution)).get(LAB)!)
    expect(lines(files)).toEqual([
      'pack.json: colour: unknown field (expected one of $schema, format, id, version, title, description, author, license, language, labs, scoring)',
      `${LAB}: start: the starting rules already pass every objective`,
    ])
    expect(validatePack(files).pack).toBeNull()
    const noList = edited('pack.json', (v) => (v.labs = 'open-https'))
    expect(lines(noList)).toEqual(['pack.json: labs: must be array'])
  })

  it('raw HTML over several lines is quoted on one line: one problem a line', () => {
    const files = fixtureFiles()
    const md = '# Hi\n\n<div onclick="x()">hi</div>\n[a](b.md)\n'
    files.set('stateful-services/instructions.md', new TextEncoder().encode(md))
    const warnings = lines(files).filter((l) => l.startsWith('warning'))
    expect(warnings[0]).toBe(
      'warning: stateful-services/instructions.md: line 3: raw HTML (<div onclick="x()">hi</div> [a](b.md)) is not rendered',
    )
    for (const w of warnings) expect(w).not.toContain('\n')
  })

  it('a lab without a solution is a warning', () => {
    expect(lines(edited(LAB, (v) => delete v.solution))).toEqual([
      `warning: ${LAB}: solution: no reference solution, so nothing shows the lab can be passed`,
    ])
  })

  it('a missing image, a broken link and unsafe Markdown', () => {
    const files = fixtureFiles()
    files.delete('open-https/images/topology.png')
    const md =
      '# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](other.md) ![r](https://example.com/a.png)\n\n<img src=x onerror=alert(1)>\n'
    files.set('stateful-services/instructions.md', new TextEncoder().encode(md))
    expect(lines(files)).toEqual([
      'open-https/instructions.md: line 3: image "images/topology.png" names open-https/images/topology.png, which the pack does not have',
      'stateful-services/instructions.md: line 5: link "other.md" names stateful-services/other.md, which the pack does not have',
      'stateful-services/instructions.md: line 5: image "https://example.com/a.png" is not a file of the pack (images must be)',
      'warning: stateful-services/instructions.md: line 3: a script (<script>alert(1)</script>) is not rendered',
      'warning: stateful-services/instructions.md: line 5: javascript: link "javascript:alert(1)" is removed',
      'warning: stateful-services/instructions.md: line 7: raw HTML (<img src=x onerror=alert(1)>) is not rendered',
      'warning: stateful-services/instructions.md: line 7: the HTML carries script (an event handler or javascript: URL), which never runs',
    ])
  })

  it('hints are checked as Markdown too', () => {
    const files = edited(LAB, (v) => (v.hints[0].text = 'see [here](vbscript:msgbox)'))
    expect(lines(files)).toEqual([
      `warning: ${LAB}: hints[0].text: line 1: vbscript: link "vbscript:msgbox" is removed`,
    ])
  })
})

describe('renderMarkdown', () => {
  const files = fixtureFiles()
  const render = (md: string) =>
    renderMarkdown(md, {
      file: 'open-https/instructions.md',
      files,
      imageUrl: (p) => `pack://test/${p}`,
    })

  it('never renders raw HTML, scripts or unsafe links', () => {
    const html = render(
      '<script>alert(1)</script>\n\n<b onclick="x()">b</b> [a](javascript:alert(1)) [d](data:text/html,x) [v](VBScript:x) [j](java\tscript:x) <javascript:alert(1)>',
    )
    expect(html).not.toMatch(/<script|<b |href="javascript|href="data|href="vbscript|href="java/i)
    expect(html).toContain('&lt;script&gt;')
  })

  it('keeps safe links and the pack images, drops others to their alt text', () => {
    const html = render(
      '[web](https://example.com) [next](../stateful-services/instructions.md) ![net](images/topology.png) ![remote](https://example.com/x.png) ![up](../../x.png)',
    )
    expect(html).toContain('href="https://example.com"')
    expect(html).toContain('href="../stateful-services/instructions.md"')
    expect(html).toContain('<img src="pack://test/open-https/images/topology.png" alt="net">')
    expect(html).not.toContain('example.com/x.png')
    expect(html).toContain('remote')
    expect(html).not.toContain('x.png"')
  })

  it('markdownProblems finds nothing in clean text', () => {
    expect(
      markdownProblems(
        '# Title\n\nText with `code` and [a link](https://example.com).',
        'a/b.md',
        files,
      ),
    ).toEqual([])
  })
})
