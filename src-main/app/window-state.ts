// Remembering the main window's size and position between runs: read from and written to the
// `window.bounds` setting, and fitted back onto a display that still exists (a monitor may have
// been unplugged since). Runs in the Electron main process (pure parts tested in Node).
import { z } from 'zod'

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

export interface Area {
  x: number
  y: number
  width: number
  height: number
}

export const WINDOW_SETTING = 'window.bounds'
/**
 * The first window's size: wide enough for a stateful firewall's rule table (every column and its
 * Remove button, test/e2e/rule-table-fit.spec.ts) beside a page scrollbar; smaller screens get
 * their primary display's work area.
 */
export const DEFAULT_SIZE = { width: 1320, height: 860 }

const saved = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20000),
  height: z.number().int().min(200).max(20000),
  maximized: z.boolean().optional(),
})

/** A stored value, if it is a sane bounds record (the setting is plain JSON anyone may have written). */
export function parseBounds(value: unknown): WindowBounds | null {
  const r = saved.safeParse(value)
  return r.success ? r.data : null
}

/**
 * Where to open: the saved bounds when at least a 100 × 50 corner of the window (enough to grab
 * its title bar) lies on one of `displays` (their work areas, the primary first), shrunk to fit
 * that display; otherwise the saved size, or the default shrunk to the primary display, centred
 * by the OS (no x and y).
 */
export function fitBounds(bounds: WindowBounds | null, displays: readonly Area[]): WindowBounds {
  if (!bounds) {
    const primary = displays[0] ?? DEFAULT_SIZE
    return {
      width: Math.min(DEFAULT_SIZE.width, primary.width),
      height: Math.min(DEFAULT_SIZE.height, primary.height),
    }
  }
  const { x, y } = bounds
  if (x === undefined || y === undefined)
    return { width: bounds.width, height: bounds.height, maximized: bounds.maximized }
  const home = displays.find((d) =>
    overlap(d, { x, y, width: bounds.width, height: bounds.height }),
  )
  if (!home)
    return {
      width: Math.min(bounds.width, DEFAULT_SIZE.width),
      height: Math.min(bounds.height, DEFAULT_SIZE.height),
      maximized: bounds.maximized,
    }
  const width = Math.min(bounds.width, home.width)
  const height = Math.min(bounds.height, home.height)
  return {
    x: clamp(x, home.x, home.x + home.width - width),
    y: clamp(y, home.y, home.y + home.height - height),
    width,
    height,
    maximized: bounds.maximized,
  }
}

function overlap(a: Area, b: Area): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w >= 100 && h >= 50
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(v, hi))
}
