// The traffic animation's clock: the schedule of the current trace's packets, the moment shown,
// play/pause, step and speed. The canvas, the ladder, the connection table and the side-by-side
// panes all read this one moment, so they stay in step. Runs in the renderer.
import { defineStore, storeToRefs } from 'pinia'
import { computed, ref, watch } from 'vue'
import { linkPath } from '../lab/paths'
import { duration, lastDone, schedule, stepTimes } from '../lab/timeline'
import { useLabStore } from './lab-store'

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const

/**
 * `?stagger=0.003` in the page's address packs packets closer together, so hundreds are in
 * flight at once: the frame-time benchmark (test/bench/frames.ts) uses it. Learners never do.
 */
function staggerFromAddress(): number | undefined {
  const v = Number(new URLSearchParams(window.location.search).get('stagger'))
  return v > 0 && v < 10 ? v : undefined
}

export const usePlaybackStore = defineStore('playback', () => {
  const { trace, topology, runs } = storeToRefs(useLabStore())
  const time = ref(0)
  const playing = ref(false)
  const speed = ref<number>(1)
  /** the packet whose explanation is open */
  const picked = ref<number | null>(null)
  let frame = 0
  let last = 0

  /** Node ids each packet visits on the canvas, switches included. */
  const paths = computed(() => {
    const t = trace.value
    if (!t) return []
    return t.packets.map((p) => {
      const hops = p.hops.map((h) => h.node)
      const ids: string[] = hops.length ? [hops[0]] : []
      for (let i = 1; i < hops.length; i++)
        ids.push(...linkPath(topology.value, hops[i - 1], hops[i]).slice(1))
      return ids
    })
  })
  const slots = computed(() =>
    schedule(
      paths.value.map((ids, i) => ({
        count: ids.length,
        dropped: trace.value!.packets[i].fate !== 'delivered',
      })),
      staggerFromAddress(),
    ),
  )
  const total = computed(() => duration(slots.value))
  /**
   * The last packet that has arrived or died by now: the moment tables and ladders show. While
   * playing it follows the clock at most five times a second — the lists and ladders it redraws
   * cost far more than a canvas frame, and with hundreds of packets in flight would drop frames.
   */
  const current = ref(-1)
  let shownAt = 0
  const follow = (force: boolean) => {
    const now = performance.now()
    if (!force && now - shownAt < 200) return
    shownAt = now
    current.value = lastDone(slots.value, time.value)
  }
  watch([time, slots], () => follow(!playing.value))
  watch(playing, () => follow(true))

  function tick(now: number) {
    const dt = Math.min(0.1, (now - last) / 1000)
    last = now
    time.value = Math.min(total.value, time.value + dt * speed.value)
    if (time.value >= total.value) playing.value = false
    if (playing.value) frame = requestAnimationFrame(tick)
  }

  function play() {
    if (time.value >= total.value) time.value = 0
    playing.value = true
    last = performance.now()
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(tick)
  }

  function pause() {
    playing.value = false
    cancelAnimationFrame(frame)
  }

  function toggle() {
    if (playing.value) pause()
    else play()
  }

  /**
   * Pauses at the next packet's arrival, or back at the arrival before the packet shown now
   * (from the end, or while a packet is on its way, the previous arrival is still the shown one's).
   */
  function step(direction: 1 | -1) {
    pause()
    const times = stepTimes(slots.value)
    if (direction === 1) {
      time.value = times.find((t) => t > time.value + 1e-6) ?? total.value
      return
    }
    const shown = lastDone(slots.value, time.value)
    const earlier = times.filter((t) => t < time.value - 1e-6 && lastDone(slots.value, t) < shown)
    time.value = earlier.length ? Math.max(...earlier) : 0
  }

  function seek(t: number) {
    time.value = Math.max(0, Math.min(total.value, t))
  }

  // "Run traffic" starts the animation from the beginning.
  watch(runs, () => {
    picked.value = null
    time.value = 0
    play()
  })
  // A new trace (an edit) keeps the moment, within the new length.
  watch(total, (t) => {
    if (time.value > t) time.value = t
  })

  return {
    time,
    playing,
    speed,
    picked,
    paths,
    slots,
    total,
    current,
    play,
    pause,
    toggle,
    step,
    seek,
  }
})
