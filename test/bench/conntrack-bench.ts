// Connection tracking at scale: 1 million TCP connections opened through `Conntrack.track` and
// `confirm`, then looked up in random order (original tuples only, then original and reply tuples
// mixed at random, as a firewall sees both), one at a time and in prefetched bursts, with the
// bytes the table holds per connection.
// Baseline, in the same run: a Map keyed by the tuple as a string (what the table used to be).
// Runs in Node under `npm run bench`.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Conntrack, PREFETCH_BURST } from '../../src-main/engine/conntrack/conntrack'
import { type Packet, TcpFlag } from '../../src-main/engine/packet'
import { mulberry32 } from './classbench'

export interface ConntrackBenchResult {
  connections: number
  /** medians, operations per second */
  insertsPerSecond: number
  /** `track` of a retransmitted SYN: lookup, state machine, result object */
  trackPerSecond: number
  /** the index alone (`connectionOf`), original-direction tuples */
  lookupsPerSecond: number
  /** the same, each lookup the original or the reply tuple at random */
  lookupsBothPerSecond: number
  /** both, in prefetched bursts of PREFETCH_BURST packets (`burstPass`) */
  burstLookupsPerSecond: number
  burstLookupsBothPerSecond: number
  /** lookup passes behind each lookup figure */
  passes: number
  /** slowest and fastest pass of each lookup figure above, as [min, max] */
  spread: {
    lookups: [number, number]
    lookupsBoth: [number, number]
    burstLookups: [number, number]
    burstLookupsBoth: [number, number]
  }
  bytesPerEntry: number
  /** process.memoryUsage().arrayBuffers growth per connection, as a cross-check */
  measuredBytesPerEntry: number
  baselineInsertsPerSecond: number
  baselineLookupsPerSecond: number
  baselineBytesPerEntry: number
  /**
   * The memory under the table, in the same run: random 32-byte reads per second from an array
   * the size of the table's records, each read's address depending on the one before (what a
   * lookup that waits on memory once, with nothing overlapped, would reach), and independent.
   */
  memoryChainedPerSecond: number
  memoryIndependentPerSecond: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)]

/** Connection i: clients 10.x.x.x with ports from 1024 to servers 192.168.0.0/16 port 443. */
function setFlow(p: Packet, i: number, time: number): void {
  p.src = (0x0a000000 + (i >>> 4)) >>> 0
  p.dst = (0xc0a80000 + (i & 0xffff)) >>> 0
  p.sport = 1024 + (i & 0x3fff)
  p.dport = 443
  p.time = time
}

/** Timed passes over the whole table per filled table: the first one also sees the fill's GC. */
const LOOKUP_PASSES = 3

const syn = (): Packet => ({
  in: 'outside',
  src: 0,
  dst: 0,
  proto: 'tcp',
  sport: 0,
  dport: 443,
  flags: TcpFlag.S,
  icmpType: -1,
  icmpCode: 0,
  icmpId: 0,
  time: 0,
})

function fill(n: number): [Conntrack, number] {
  const ct = new Conntrack()
  const p = syn()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    setFlow(p, i, 0)
    ct.confirm(ct.track(p))
  }
  return [ct, performance.now() - t0]
}

/**
 * Milliseconds to look up every connection once, in `order`, by its original tuple or, where
 * `reply` says so, its reply tuple. Each timed loop is a function of its own, so V8 compiles it
 * whole rather than entering it halfway (on-stack replacement), as a caller's loop would be.
 */
function lookupPass(ct: Conntrack, order: Int32Array, reply: Uint8Array): number {
  const p = syn()
  const n = order.length
  let found = 0
  p.time = 1
  const t0 = performance.now()
  for (let k = 0; k < n; k++) {
    // The tuple of connection i, or its reply (setFlow, setReply), written out here: V8's
    // inlining budget then goes to the engine's code, not to the harness.
    const i = order[k]
    const client = (0x0a000000 + (i >>> 4)) >>> 0
    const server = (0xc0a80000 + (i & 0xffff)) >>> 0
    const port = 1024 + (i & 0x3fff)
    const back = reply[k] === 1
    p.src = back ? server : client
    p.dst = back ? client : server
    p.sport = back ? 443 : port
    p.dport = back ? port : 443
    if (ct.connectionOf(p) === i + 1) found++
  }
  const ms = performance.now() - t0
  if (found !== n) throw new Error(`conntrack bench: found ${found} of ${n}`)
  return ms
}

/**
 * The same in bursts of PREFETCH_BURST packets, each burst prefetched first (`Conntrack.prefetch`),
 * as `runScenario` feeds packets to the engine.
 */
function burstPass(ct: Conntrack, order: Int32Array, reply: Uint8Array): number {
  const burst = Array.from({ length: PREFETCH_BURST }, syn)
  const n = order.length
  let found = 0
  const t0 = performance.now()
  for (let from = 0; from < n; from += PREFETCH_BURST) {
    const m = Math.min(PREFETCH_BURST, n - from)
    for (let j = 0; j < m; j++) {
      // as in lookupPass
      const i = order[from + j]
      const client = (0x0a000000 + (i >>> 4)) >>> 0
      const server = (0xc0a80000 + (i & 0xffff)) >>> 0
      const port = 1024 + (i & 0x3fff)
      const back = reply[from + j] === 1
      const p = burst[j]
      p.src = back ? server : client
      p.dst = back ? client : server
      p.sport = back ? 443 : port
      p.dport = back ? port : 443
      p.time = 1
    }
    ct.prefetch(burst, 0, m)
    for (let j = 0; j < m; j++) if (ct.connectionOf(burst[j]) === order[from + j] + 1) found++
  }
  const ms = performance.now() - t0
  if (found !== n) throw new Error(`conntrack bench: found ${found} of ${n} in bursts`)
  return ms
}

/** Milliseconds to `track` a retransmitted SYN of every connection. */
function trackPass(ct: Conntrack, order: Int32Array): number {
  const p = syn()
  const n = order.length
  let fresh = 0
  const t0 = performance.now()
  for (let k = 0; k < n; k++) {
    setFlow(p, order[k], 1)
    if (ct.track(p).pending) fresh++
  }
  const ms = performance.now() - t0
  if (fresh !== 0) throw new Error(`conntrack bench: ${fresh} retransmitted SYNs were not found`)
  return ms
}

/** 0 … n - 1 in a random order (Fisher–Yates). */
function shuffled(n: number, rand: () => number): Int32Array {
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  return order
}

/**
 * Reads per second of one word in each of `n` random records of a `bytes`-byte array: `chained`,
 * each address taken from the word read before, so no two reads overlap; or all independent.
 */
function memoryPass(words: Int32Array, next: Int32Array, chained: boolean): number {
  const n = next.length
  let at = 0
  let sum = 0
  const t0 = performance.now()
  if (chained) for (let k = 0; k < n; k++) at = words[at]
  else for (let k = 0; k < n; k++) sum += words[next[k]]
  const ms = performance.now() - t0
  if (at === -1 || sum === -1) throw new Error('unreachable')
  return n / (ms / 1000)
}

/** The memory figures: an Int32Array as large as the table, records of 8 words visited at random. */
function benchMemory(bytes: number, n: number, rounds: number): [number, number] {
  const records = Math.floor(bytes / 32)
  const words = new Int32Array(records * 8)
  const perm = shuffled(records, mulberry32(0x5eed))
  // One cycle through every record in random order: record perm[i] points at perm[i + 1].
  for (let i = 0; i < records; i++) words[perm[i] * 8] = perm[(i + 1) % records] * 8
  const next = new Int32Array(n)
  for (let k = 0; k < n; k++) next[k] = perm[k % records] * 8
  const chained: number[] = []
  const independent: number[] = []
  for (let r = 0; r < rounds; r++) {
    chained.push(memoryPass(words, next, true))
    independent.push(memoryPass(words, next, false))
  }
  return [median(chained), median(independent)]
}

export function benchConntrack(n = 1_000_000, rounds = 3): ConntrackBenchResult {
  const rand = mulberry32(0xc0ffee)
  const order = shuffled(n, rand)
  const reply = new Uint8Array(n)
  for (let k = 0; k < n; k++) reply[k] = rand() < 0.5 ? 1 : 0
  const originals = new Uint8Array(n)

  const inserts: number[] = []
  const tracks: number[] = []
  const lookups: number[] = []
  const lookupsBoth: number[] = []
  const bursts: number[] = []
  const burstsBoth: number[] = []
  let bytes = 0
  let measured = 0
  fill(50_000) // warm-up
  for (let r = 0; r < rounds; r++) {
    const before = process.memoryUsage().arrayBuffers
    const [ct, insertMs] = fill(n)
    // The first round only: later rounds also see the previous table freed under them.
    if (r === 0) measured = (process.memoryUsage().arrayBuffers - before) / n
    if (ct.size !== n) throw new Error(`conntrack bench: ${ct.size} entries, wanted ${n}`)
    bytes = ct.bytes / n
    inserts.push(n / (insertMs / 1000))
    for (let pass = 0; pass < LOOKUP_PASSES; pass++) {
      lookups.push(n / (lookupPass(ct, order, originals) / 1000))
      lookupsBoth.push(n / (lookupPass(ct, order, reply) / 1000))
      bursts.push(n / (burstPass(ct, order, originals) / 1000))
      burstsBoth.push(n / (burstPass(ct, order, reply) / 1000))
    }
    tracks.push(n / (trackPass(ct, order) / 1000))
  }

  // Baseline: string keys for both directions, as the Map-based table had.
  const baseIns: number[] = []
  const baseLook: number[] = []
  let baseBytes = 0
  for (let r = 0; r < rounds; r++) {
    const heap0 = process.memoryUsage().heapUsed
    const map = new Map<string, { id: number; dir: number }>()
    let t0 = performance.now()
    for (let i = 0; i < n; i++) {
      const src = (0x0a000000 + (i >>> 4)) >>> 0
      const dst = (0xc0a80000 + (i & 0xffff)) >>> 0
      const sport = 1024 + (i & 0x3fff)
      const entry = { id: i + 1, dir: 0 }
      map.set(`t${src},${sport},${dst},443`, entry)
      map.set(`t${dst},443,${src},${sport}`, { id: i + 1, dir: 1 })
    }
    baseIns.push(n / ((performance.now() - t0) / 1000))
    if (r === 0) baseBytes = (process.memoryUsage().heapUsed - heap0) / n
    t0 = performance.now()
    let found = 0
    for (let k = 0; k < n; k++) {
      const i = order[k]
      if (
        map.get(
          `t${(0x0a000000 + (i >>> 4)) >>> 0},${1024 + (i & 0x3fff)},${(0xc0a80000 + (i & 0xffff)) >>> 0},443`,
        )
      )
        found++
    }
    baseLook.push(n / ((performance.now() - t0) / 1000))
    if (found !== n) throw new Error('conntrack baseline lost entries')
  }
  const [memoryChainedPerSecond, memoryIndependentPerSecond] = benchMemory(bytes * n, n, rounds)
  return {
    connections: n,
    memoryChainedPerSecond,
    memoryIndependentPerSecond,
    insertsPerSecond: median(inserts),
    trackPerSecond: median(tracks),
    lookupsPerSecond: median(lookups),
    lookupsBothPerSecond: median(lookupsBoth),
    burstLookupsPerSecond: median(bursts),
    burstLookupsBothPerSecond: median(burstsBoth),
    passes: lookups.length,
    spread: {
      lookups: range(lookups),
      lookupsBoth: range(lookupsBoth),
      burstLookups: range(bursts),
      burstLookupsBoth: range(burstsBoth),
    },
    bytesPerEntry: bytes,
    measuredBytesPerEntry: measured,
    baselineInsertsPerSecond: median(baseIns),
    baselineLookupsPerSecond: median(baseLook),
    baselineBytesPerEntry: baseBytes,
  }
}

/** This process's module loaders (tsx's), for a child running TypeScript: nothing else it was run with. */
function loaderFlags(): string[] {
  const flags: string[] = []
  const argv = process.execArgv
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (/^--(import|require|loader)=/.test(a)) flags.push(a)
    else if (['--import', '--require', '-r', '--loader'].includes(a) && i + 1 < argv.length)
      flags.push(a, argv[++i])
  }
  return flags
}

/**
 * The same in a process of its own, as `npm run bench` runs it: there V8 has seen no other
 * engine's code, whose feedback (other packet shapes through `track`) and compiled callers would
 * otherwise shape how the lookups are compiled (JMH forks a JVM per benchmark for the same reason).
 */
export function benchConntrackAlone(): ConntrackBenchResult {
  const run = spawnSync(
    process.execPath,
    [...loaderFlags(), fileURLToPath(import.meta.url), '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  )
  if (run.status !== 0) throw new Error(`conntrack bench failed: ${run.stderr || run.error}`)
  return JSON.parse(run.stdout) as ConntrackBenchResult
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = benchConntrack()
  console.log(process.argv.includes('--json') ? JSON.stringify(result) : result)
}
