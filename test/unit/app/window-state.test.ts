// Remembered window bounds, fitted back onto the displays that exist now. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, fitBounds, parseBounds } from '../../../src-main/app/window-state'

const screen = { x: 0, y: 0, width: 1920, height: 1040 }
const right = { x: 1920, y: 0, width: 1280, height: 1000 }

describe('window bounds', () => {
  it('opens at the default size the first time, shrunk to a smaller primary display', () => {
    expect(fitBounds(null, [screen])).toEqual(DEFAULT_SIZE)
    const laptop = { x: 0, y: 0, width: 1366, height: 728 }
    expect(fitBounds(null, [laptop, screen])).toEqual({ width: DEFAULT_SIZE.width, height: 728 })
    // Wide enough for a stateful firewall's rule table and a scrollbar (rule-table-fit.spec.ts).
    expect(DEFAULT_SIZE.width).toBeGreaterThanOrEqual(1300)
  })

  it('reopens where it was', () => {
    const b = { x: 100, y: 50, width: 1000, height: 700, maximized: false }
    expect(fitBounds(b, [screen, right])).toEqual(b)
    expect(fitBounds({ ...b, x: 2000 }, [screen, right])).toEqual({ ...b, x: 2000 })
  })

  it('comes back on screen when its monitor is gone, and shrinks to fit', () => {
    expect(fitBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [screen])).toEqual({
      width: 1000,
      height: 700,
      maximized: undefined,
    })
    expect(fitBounds({ x: 1800, y: 0, width: 3000, height: 2000 }, [screen])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
      maximized: undefined,
    })
  })

  it('ignores a stored value that is not bounds', () => {
    expect(parseBounds({ width: 'wide' })).toBeNull()
    expect(parseBounds(null)).toBeNull()
    expect(parseBounds({ x: 1, y: 2, width: 800, height: 600 })).toEqual({
      x: 1,
      y: 2,
      width: 800,
      height: 600,
    })
  })
})
