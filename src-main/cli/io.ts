// What a CLI command may touch: its output streams and files, injected so tests can run commands
// in-process. Runs in Node.
import { readFile, writeFile } from 'node:fs/promises'

export interface Io {
  out(text: string): void
  err(text: string): void
}

/** Exit statuses: 0 done, 2 bad input or usage (the scenario contract's "bad file"). */
export const EXIT_OK = 0
export const EXIT_BAD_INPUT = 2

/** A command's failure that is the user's input, printed as one line on stderr. */
export class InputError extends Error {}

export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new InputError(
      `${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`,
    )
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  return parseJsonText(file, await readTextFile(file))
}

/** JSON.parse, its error an InputError naming the file. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    // V8 quotes the text around the error, line breaks included: an error stays one line.
    const why = (e as Error).message.replace(/\s+/g, ' ')
    throw new InputError(`${file}: not valid JSON (${why})`)
  }
}

const WRITE_PROBLEMS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  // mkdir of a folder where a file of that name is
  EEXIST: 'a file of that name is there, not a folder',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
}

/** Why a write failed, in words, as an InputError naming the file (not a stack trace). */
export function writeProblem(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code
  const why = (code && WRITE_PROBLEMS[code]) ?? code ?? String(e)
  return new InputError(`${file}: cannot write (${why})`)
}

export async function writeOutputFile(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(file, data)
  } catch (e) {
    throw writeProblem(file, e)
  }
}
