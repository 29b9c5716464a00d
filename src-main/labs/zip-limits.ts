// How much an untrusted pack may hold, checked before anything is inflated or read. Pure.
import { MAX_JSON_BYTES } from './safe-json'

export interface PackLimits {
  /** files (zip entries, folder files) */
  maxFiles: number
  /** one file, uncompressed */
  maxFileBytes: number
  /** one JSON file */
  maxJsonBytes: number
  /** every file together, uncompressed */
  maxTotalBytes: number
}

export const PACK_LIMITS: PackLimits = {
  maxFiles: 1000,
  maxFileBytes: 8 * 1024 * 1024,
  maxJsonBytes: MAX_JSON_BYTES,
  maxTotalBytes: 64 * 1024 * 1024,
}

/** The limit for one file by its name. */
export const fileLimit = (name: string, limits: PackLimits) =>
  name.toLowerCase().endsWith('.json')
    ? Math.min(limits.maxJsonBytes, limits.maxFileBytes)
    : limits.maxFileBytes

export class PackLimitError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(file ? `${file}: ${message}` : message)
    this.name = 'PackLimitError'
  }
}
