// Coalescing calls to main that follow every keystroke (live grading): at most one request in
// flight and at most one started per animation frame; calls made meanwhile fold into one more run
// with the newest state once the answer is in. Runs in the renderer.

export interface Coalesced {
  /** asks for a run; cheap to call on every change */
  request(): void
  /** forgets anything scheduled (the screen is closing) */
  cancel(): void
}

export function coalesce(run: () => Promise<void>): Coalesced {
  let frame = 0
  let inFlight = false
  let again = false
  let cancelled = false

  const start = async () => {
    frame = 0
    if (cancelled) return
    if (inFlight) {
      again = true
      return
    }
    inFlight = true
    again = false
    try {
      await run()
    } finally {
      inFlight = false
      if (again && !cancelled) request()
    }
  }

  function request() {
    cancelled = false
    if (inFlight) {
      again = true
      return
    }
    if (!frame) frame = requestAnimationFrame(() => void start())
  }

  return {
    request,
    cancel() {
      cancelled = true
      again = false
      cancelAnimationFrame(frame)
      frame = 0
    },
  }
}
