// Lab instructions and hints in Markdown, from an untrusted pack: rendered by markdown-it with
// raw HTML off and only safe links, images only from the pack's own files; and checked for
// `pack validate`, which warns about what rendering strips. Pure; runs anywhere. (The renderer
// process sanitises the HTML once more with DOMPurify before showing it.)
import MarkdownIt, { type Token } from 'markdown-it'
import type { PackFiles, PackProblem } from './lab-pack'

/** Schemes a link may use; everything else (javascript:, data:, vbscript:, file:…) is dropped. */
const SAFE_SCHEMES = ['http:', 'https:', 'mailto:']
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp']

const schemeOf = (url: string): string | null => {
  // Browsers ignore control characters and spaces inside a scheme (`java\tscript:`); so must we.
  // eslint-disable-next-line no-control-regex
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''))
  return m ? m[1].toLowerCase() + ':' : null
}

/**
 * The pack file a relative URL names, seen from `fromFile`; null when it leaves the pack or is
 * not relative. Query and fragment are ignored.
 */
export function resolvePackPath(fromFile: string, url: string): string | null {
  if (schemeOf(url) !== null || url.startsWith('/') || url.startsWith('\\')) return null
  let path = url.split('#')[0].split('?')[0]
  try {
    path = decodeURIComponent(path)
  } catch {
    return null
  }
  if (path === '' || path.includes('\\')) return null
  const parts = fromFile.split('/').slice(0, -1)
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length === 0) return null
      parts.pop()
    } else parts.push(seg)
  }
  return parts.join('/')
}

const isImageFile = (path: string) =>
  IMAGE_EXTENSIONS.includes(path.split('.').pop()?.toLowerCase() ?? '')

export interface RenderOptions {
  /** the Markdown file's path in the pack, to resolve relative links and images */
  file: string
  files: PackFiles
  /** the URL the renderer shows a pack image by (a custom protocol, a data URL); default: as written */
  imageUrl?: (path: string) => string
}

/** Instructions as HTML: no raw HTML, no unsafe link, no image from outside the pack. */
export function renderMarkdown(text: string, options: RenderOptions): string {
  const md = new MarkdownIt({ html: false, linkify: false })
  md.validateLink = (url) => {
    const scheme = schemeOf(url)
    return scheme === null ? true : SAFE_SCHEMES.includes(scheme)
  }
  const image = md.renderer.rules.image
  md.renderer.rules.image = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]
    const src = String(token.attrGet('src') ?? '')
    const path = resolvePackPath(options.file, src)
    if (path === null || !options.files.has(path) || !isImageFile(path))
      return md.utils.escapeHtml(token.content) // the alt text instead of an image we will not load
    token.attrSet('src', options.imageUrl ? options.imageUrl(path) : src)
    return image ? image(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
  }
  return md.render(text)
}

function* inlineTokens(tokens: Token[]): Generator<Token> {
  for (const t of tokens) {
    yield t
    if (t.children) yield* inlineTokens(t.children)
  }
}

/**
 * What `pack validate` says about a Markdown file: warnings for what rendering strips (raw HTML,
 * scripts, unsafe links), errors for links and images to files the pack does not have.
 */
export function markdownProblems(text: string, file: string, files: PackFiles): PackProblem[] {
  const problems: PackProblem[] = []
  const warn = (message: string) => problems.push({ severity: 'warning', file, path: '', message })
  const error = (message: string) => problems.push({ severity: 'error', file, path: '', message })
  // A parser that keeps everything, so we see what the rendering one drops.
  const md = new MarkdownIt({ html: true, linkify: false })
  md.validateLink = () => true
  const tokens = md.parse(text, {})
  const line = (t: Token) => (t.map ? `line ${t.map[0] + 1}: ` : '')
  let lastLine = ''
  for (const t of inlineTokens(tokens)) {
    if (t.map) lastLine = line(t)
    if (t.type === 'html_block' || t.type === 'html_inline') {
      const script = /<\s*script/i.test(t.content)
      const snippet = t.content.trim().replace(/\s+/g, ' ').slice(0, 40)
      warn(`${line(t) || lastLine}${script ? 'a script' : 'raw HTML'} (${snippet}) is not rendered`)
      if (/\bon[a-z]+\s*=/i.test(t.content) || /javascript:/i.test(t.content))
        warn(
          `${line(t) || lastLine}the HTML carries script (an event handler or javascript: URL), which never runs`,
        )
    } else if (t.type === 'link_open' || t.type === 'image') {
      const url = String(t.attrGet(t.type === 'image' ? 'src' : 'href') ?? '')
      const what = t.type === 'image' ? 'image' : 'link'
      const scheme = schemeOf(url)
      if (scheme !== null) {
        if (t.type === 'image')
          error(`${lastLine}image "${url.slice(0, 60)}" is not a file of the pack (images must be)`)
        else if (!SAFE_SCHEMES.includes(scheme))
          warn(`${lastLine}${scheme} link "${url.slice(0, 40)}" is removed`)
        continue
      }
      if (url.startsWith('#')) continue
      const path = resolvePackPath(file, url)
      if (path === null) error(`${lastLine}${what} "${url.slice(0, 60)}" points outside the pack`)
      else if (!files.has(path))
        error(
          `${lastLine}${what} "${url.slice(0, 60)}" names ${path}, which the pack does not have`,
        )
      else if (t.type === 'image' && !isImageFile(path))
        error(`${lastLine}image ${path} is not a ${IMAGE_EXTENSIONS.join(', ')} file`)
    }
  }
  return problems
}
