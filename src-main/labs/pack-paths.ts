// Which names a pack's files may have, wherever they come from (a zip's entries, a folder's
// files): relative, '/'-separated, no `..`, nothing a file system would read differently on
// another platform. Pure; runs anywhere.

/** Characters Windows refuses in names, plus control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const BAD_CHARS = /[\u0000-\u001f<>:"|?*\\]/
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i

/** Why `name` cannot be a pack file's path, or null when it can. */
export function badPackPath(name: string): string | null {
  if (name === '') return 'an empty name'
  if (name.length > 200) return 'a name over 200 characters'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path'
  if (name.includes('\\')) return 'a backslash in the name'
  const segments = name.split('/')
  if (segments.some((s) => s === '..')) return 'a path that climbs out with ".."'
  if (segments.some((s) => s === '' || s === '.')) return 'an empty or "." path segment'
  if (segments.some((s) => BAD_CHARS.test(s))) return 'a character file systems refuse'
  if (segments.some((s) => WINDOWS_RESERVED.test(s) || s.endsWith('.') || s.endsWith(' ')))
    return 'a name Windows cannot store'
  if (segments.length > 8) return 'folders nested more than 8 deep'
  return null
}

/**
 * Names that would land on the same file on a case-insensitive file system (macOS, Windows), or
 * a file where another entry needs a folder: the first such clash, or null.
 */
export function clashingPaths(names: readonly string[]): string | null {
  const seen = new Set<string>()
  const folders = new Set<string>()
  for (const name of names) {
    const key = name.toLowerCase()
    if (seen.has(key)) return `${name} is there twice (names differing only in case count as one)`
    seen.add(key)
    const parts = key.split('/')
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'))
  }
  for (const f of folders) if (seen.has(f)) return `${f} is both a file and a folder`
  return null
}
