// HTML building blocks for the reports: escaping and one self-contained page shell. No script,
// no external resource, and a Content-Security-Policy that forbids both, so a report opened from
// an email or a shared drive can do nothing but show text. Pure; returns text.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for an element's content or a quoted attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c])

/**
 * Print CSS: black on white, tables that do not split a row across pages, links shown as text.
 * Pass and fail are said in words and symbols (✓ passed / ✗ not passed); colour only repeats it.
 */
const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #999; }
.meta { color: #333; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #ccc; padding: .3rem .4rem; }
td.num, th.num { text-align: right; white-space: nowrap; }
.pass { color: #135e13; font-weight: 600; } .fail { color: #8a1010; font-weight: 600; }
.flags { border: 2px solid #8a1010; padding: .5rem 1rem; }
pre { white-space: pre-wrap; background: #f4f4f4; padding: .4rem .6rem; margin: .3rem 0; font-size: 13px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; color: #000; }
  .pass, .fail { color: #000; } pre { background: none; border: 1px solid #999; }
  tr, pre, .flags { break-inside: avoid; } h2 { break-after: avoid; }
}`

export function htmlPage(title: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`
}

/** `✓ passed` / `✗ not passed`, in words first for screen readers and black-and-white print. */
export const passMark = (passed: boolean) =>
  passed ? '<span class="pass">✓ passed</span>' : '<span class="fail">✗ not passed</span>'
