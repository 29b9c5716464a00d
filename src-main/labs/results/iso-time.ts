// Milliseconds since the epoch as ISO 8601 (`2024-05-01T09:30:00.000Z`) without a Date: the pure
// core takes time as a number and touches no clock (STYLE.md), so it formats it by arithmetic.
// Pure; runs anywhere.

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * Same text as `new Date(ms).toISOString()` for years 0…9999. Days to a civil date after
 * Howard Hinnant's `civil_from_days` (chrono-Compatible Low-Level Date Algorithms).
 */
export function isoTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${ms}`)
  const t = Math.floor(ms)
  const days = Math.floor(t / 86_400_000)
  const inDay = t - days * 86_400_000
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const h = Math.floor(inDay / 3_600_000)
  const m = Math.floor((inDay % 3_600_000) / 60_000)
  const s = Math.floor((inDay % 60_000) / 1000)
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}.${pad(inDay % 1000, 3)}Z`
}

/** `2024-05-01T09:30:00.000Z` → `2024-05-01 09:30 UTC`, for people. */
export const readableTime = (iso: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso
