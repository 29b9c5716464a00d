// `npm run bench`: packets per second of the engine paths on ClassBench data, each against a
// plain typed-array linear scan timed in the same rounds, with every answer checked against that
// scan; then one-rule edits, connection tracking at 1 M connections and end-to-end grading replay.
// Runs under Node (tsx); not part of `npm test`. Exits 1 when any answer differs.
import os from 'node:os'
import { benchGrade } from './grade-bench'
import { FRAME_MS, benchLiveGrading } from './live-grading-bench'
import { performance } from 'node:perf_hooks'
import { Classifier } from '../../src-main/engine/classifier/classifier'
import { Firewall, firstMatch, martian } from '../../src-main/engine/firewall'
import type { Packet } from '../../src-main/engine/packet'
import type { MatchContext, Rule } from '../../src-main/engine/rule'
import { benchAllowed } from './allowed-bench'
import { PREFETCH_BURST } from '../../src-main/engine/conntrack/conntrack'
import { benchConntrackAlone } from './conntrack-bench'
import { type EditBenchResult, benchEdit } from './edit-bench'
import { benchGrading } from './grading-bench'
import { benchNetwork } from './network-bench'
import {
  BENCH_INTERFACE,
  type Trace,
  benchSpec,
  generateTrace,
  parseRules,
  parseTrace,
  readClassBench,
  scanTrace,
  toEngineRules,
  toPackets,
  toRuleArrays,
} from './classbench'

/** Timed rounds per path; the median is printed. A warm-up round (also verified) comes first. */
const ROUNDS = 7
/** A measurement repeats the trace until it lasts this long, so a timer tick is not the figure. */
const MIN_MEASURE_MS = 60
/**
 * Packets per set. The 1k traces are used whole (6–13k packets once the protocols the engine
 * cannot carry are left out); generated 1k traces have 10 packets per rule, as ClassBench's own.
 * A 10k set costs ~10× more per packet, so its packets are capped (fw_10k_trace: its first 5000
 * kept packets of 93880) to keep the whole bench near 1½ minutes here and under 3 on a slower box.
 */
const PACKETS_1K = 10_000
const PACKETS_10K = 5_000
const MAX_TRACE_PACKETS = 20_000
/** Seed of the generated traces: fixed, so every run and machine sees the same packets. */
const SEED = 0x5eed

interface SetSpec {
  name: string
  rules: string
  trace?: string
  packets: number
}

const SETS: SetSpec[] = [
  { name: 'acl_1k', rules: 'acl_1k.rules', trace: 'acl_1k_trace', packets: MAX_TRACE_PACKETS },
  { name: 'fw_1k', rules: 'fw_1k.rules', trace: 'fw_1k_trace', packets: MAX_TRACE_PACKETS },
  { name: 'ipc_1k', rules: 'ipc_1k.rules', trace: 'ipc_1k_trace', packets: MAX_TRACE_PACKETS },
  { name: 'acl1_1k', rules: 'acl1_1k.rules', packets: PACKETS_1K },
  { name: 'fw1_1k', rules: 'fw1_1k.rules', packets: PACKETS_1K },
  { name: 'ipc1_1k', rules: 'ipc1_1k.rules', packets: PACKETS_1K },
  { name: 'acl1_10k', rules: 'acl1_10k.rules', packets: PACKETS_10K },
  { name: 'fw1_10k', rules: 'fw1_10k.rules', packets: PACKETS_10K },
  { name: 'ipc1_10k', rules: 'ipc1_10k.rules', packets: PACKETS_10K },
  { name: 'fw_10k', rules: 'fw_10k.rules', trace: 'fw_10k_trace', packets: PACKETS_10K },
]

const PATHS = ['baseline', 'firstMatch', 'classifier', 'stateless', 'stateful'] as const
type PathName = (typeof PATHS)[number]

interface Path {
  name: PathName
  /** ms to build what the path needs from the parsed rules (beyond the shared parse) */
  buildMs: number
  /** answers every packet once: the first matching rule's index, or -1 */
  run(out: Int32Array): void
  /** the packets it answers, as indices into the trace, when not all of them (see benchSet) */
  only?: Int32Array
}

interface Row {
  set: SetSpec
  rules: number
  engineRules: number
  packets: number
  traceNote: string
  buildMs: Record<PathName | 'parse' | 'trace' | 'packets', number>
  pps: Record<PathName, number>
  /** median over rounds of path pps / baseline pps of the same round */
  ratio: Record<PathName, number>
  /** tuple tables of the classifier */
  tables: number
  /** one-rule edits (10k sets only) */
  edit?: EditBenchResult
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const value = f()
  return [value, performance.now() - t0]
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function firewallPath(
  name: 'stateless' | 'stateful',
  rules: Rule[],
  packets: Packet[],
  only: Int32Array,
): Path {
  const [spec, buildMs] = time(() => benchSpec(name, rules))
  const answer = (fw: Firewall, out: Int32Array) => {
    for (let i = 0; i < packets.length; i++) {
      const d = fw.process(packets[i])
      // The verdict must follow the rule (all accept) or the policy (drop); -2 flags a mismatch.
      out[i] = d.verdict === (d.rule === null ? 'drop' : 'accept') ? (d.rule ?? -1) : -2
    }
  }
  if (name === 'stateless') {
    const fw = new Firewall(spec)
    return { name, buildMs, run: (out) => answer(fw, out), only }
  }
  // An empty connection table for every pass, so each pass sees the trace as the first traffic.
  const fw = new Firewall(spec)
  return {
    name,
    buildMs,
    run: (out) => {
      fw.conntrack.clear()
      answer(fw, out)
    },
    only,
  }
}

function verify(set: string, p: Path, got: Int32Array, want: Int32Array, t: Trace): void {
  const bad: string[] = []
  const n = p.only ? p.only.length : want.length
  for (let k = 0; k < n && bad.length < 5; k++) {
    const i = p.only ? p.only[k] : k
    if (got[k] !== want[i])
      bad.push(
        `  packet ${i} (${t.src[i]} ${t.dst[i]} ${t.sport[i]} ${t.dport[i]} proto ${t.proto[i]}): ` +
          `${p.name} says ${got[k]}, the linear scan ${want[i]}`,
      )
  }
  if (bad.length)
    throw new Error(`${set}: ${p.name} disagrees with the baseline\n${bad.join('\n')}`)
}

function benchSet(set: SetSpec): Row {
  const [rules, parseMs] = time(() => parseRules(readClassBench(set.rules)))
  const [engine, engineMs] = time(() => toEngineRules(rules))
  // The timed baseline scans the same rules the engine holds; the full-file scan is the check.
  const [arrays, arraysMs] = time(() => toRuleArrays([...engine.fileIndex].map((i) => rules[i])))
  const allArrays = toRuleArrays(rules)

  const [trace, traceMs] = time(() =>
    set.trace
      ? parseTrace(readClassBench(set.trace), set.packets)
      : generateTrace(rules, set.packets, SEED),
  )
  const [packets, packetsMs] = time(() => toPackets(trace))
  const n = trace.length

  // Ground truth, untimed: the scan over every rule of the file, answers as file lines.
  const truth = scanTrace(allArrays, trace)
  const want = new Int32Array(n)
  const fromFile = new Map<number, number>()
  engine.fileIndex.forEach((line, k) => fromFile.set(line, k))
  for (let i = 0; i < n; i++) {
    const k = truth[i] < 0 ? -1 : fromFile.get(truth[i])
    if (k === undefined) throw new Error(`${set.name}: packet ${i} matches a rule the engine lacks`)
    want[i] = k
  }

  // A Firewall answers the routable packets: a martian (0.0.0.0, 255.255.255.255, loopback,
  // multicast) is dropped by routing before any rule, as Linux does (firewall.ts `martian`), and
  // ClassBench traces are full of them (the corners of wildcard ranges). Timing those would time
  // routing, not classification, so the Firewall columns run the rest.
  const routable = Int32Array.from(
    Array.from({ length: n }, (_, i) => i).filter((i) => !martian(trace.src[i], trace.dst[i])),
  )
  const routablePackets = Array.from(routable, (i) => packets[i])

  const ctx: MatchContext = { out: BENCH_INTERFACE, ct: null }
  const [classifier, classifierMs] = time(() => new Classifier(engine.rules))
  const paths: Path[] = [
    { name: 'baseline', buildMs: arraysMs, run: (out) => scanTrace(arrays, trace, out) },
    {
      name: 'firstMatch',
      buildMs: engineMs,
      run: (out) => {
        for (let i = 0; i < n; i++) out[i] = firstMatch(engine.rules, packets[i], ctx)
      },
    },
    {
      name: 'classifier',
      buildMs: 0,
      run: (out) => {
        for (let i = 0; i < n; i++) out[i] = classifier.classify(packets[i], BENCH_INTERFACE, null)
      },
    },
    firewallPath('stateless', engine.rules, routablePackets, routable),
    firewallPath('stateful', engine.rules, routablePackets, routable),
  ]
  paths[2].buildMs = classifierMs
  for (const p of paths.slice(1)) p.buildMs += p.name === 'firstMatch' ? 0 : engineMs

  // Warm-up round: lets V8 optimise, verifies, and sizes the repeats of each measurement.
  const out = new Int32Array(n)
  const reps = {} as Record<PathName, number>
  for (const p of paths) {
    out.fill(-3)
    const [, ms] = time(() => p.run(out))
    verify(set.name, p, out, want, trace)
    reps[p.name] = Math.max(1, Math.ceil(MIN_MEASURE_MS / Math.max(ms, 0.01)))
  }

  const pps = {} as Record<PathName, number[]>
  for (const p of PATHS) pps[p] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of paths) {
      let ms = 0
      for (let r = 0; r < reps[p.name]; r++) {
        out.fill(-3)
        const t0 = performance.now()
        p.run(out)
        ms += performance.now() - t0
        verify(set.name, p, out, want, trace) // every answer of every pass, outside the clock
      }
      pps[p.name].push(((p.only?.length ?? n) * reps[p.name]) / (ms / 1000))
    }
  }

  const ratio = {} as Record<PathName, number>
  const medPps = {} as Record<PathName, number>
  for (const p of PATHS) {
    medPps[p] = median(pps[p])
    ratio[p] = median(pps[p].map((v, round) => v / pps.baseline[round]))
  }

  const leftOutRules = [...engine.leftOut].map(([proto, c]) => `${c}×proto ${proto}`).join(', ')
  const leftOutPackets = [...trace.leftOut].map(([proto, c]) => `${c}×proto ${proto}`).join(', ')
  const notes = [
    set.trace
      ? `trace ${set.trace}: ${n} of ${trace.lines} packets` +
        (leftOutPackets ? ` (left out ${leftOutPackets})` : '')
      : `generated trace, seed ${SEED}, ${n} packets`,
    leftOutRules ? `rules left out of the engine: ${leftOutRules}` : '',
    `matched: ${want.filter((k) => k >= 0).length}/${n}`,
    `Firewall columns: the ${routable.length} routable packets`,
  ]
  return {
    set,
    rules: rules.length,
    engineRules: engine.rules.length,
    packets: n,
    traceNote: notes.filter(Boolean).join('; '),
    buildMs: {
      parse: parseMs,
      trace: traceMs,
      packets: packetsMs,
      baseline: paths[0].buildMs,
      firstMatch: paths[1].buildMs,
      classifier: classifierMs,
      stateless: paths[3].buildMs,
      stateful: paths[4].buildMs,
    },
    pps: medPps,
    ratio,
    tables: classifier.tableCount,
    edit:
      engine.rules.length >= 5000 ? benchEdit(engine.rules, packets, BENCH_INTERFACE) : undefined,
  }
}

function fmtPps(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} k`
  return v.toFixed(0)
}
const fmtMs = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1))
const fmtRatio = (v: number) => (v >= 0.1 ? v.toFixed(2) : v.toFixed(3))

function main(): void {
  const cpus = os.cpus()
  console.log('# Portwise engine bench (ClassBench)')
  console.log('')
  console.log(`- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`)
  console.log(
    `- Node ${process.version} (V8 ${process.versions.v8}), ${os.platform()} ${os.arch()}`,
  )
  // Other work on the box skews absolute figures (the same-round ratios less so): say how busy.
  console.log(
    `- load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  console.log(
    `- ${ROUNDS} timed rounds per figure (median), each ≥ ${MIN_MEASURE_MS} ms; ratio = path pps ÷ baseline pps of the same round (median)`,
  )
  console.log('')

  const rows: Row[] = []
  const started = performance.now()
  for (const set of SETS) {
    const row = benchSet(set)
    rows.push(row)
    console.log(
      `${set.name}: ${row.rules} rules (${row.engineRules} in the engine); ${row.traceNote} — ok`,
    )
  }
  console.log('')
  console.log('Packets per second (median) and ratio to the typed-array linear scan:')
  console.log('')
  console.log(
    '| set | rules | packets | linear scan (baseline) | firstMatch | classifier | Firewall stateless | Firewall stateful |',
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    const cell = (p: PathName) => `${fmtPps(r.pps[p])} (${fmtRatio(r.ratio[p])}×)`
    console.log(
      `| ${r.set.name} | ${r.rules} | ${r.packets}${r.set.trace ? '' : ' gen'} | ${fmtPps(r.pps.baseline)} | ${cell('firstMatch')} | **${cell('classifier')}** | ${cell('stateless')} | ${cell('stateful')} |`,
    )
  }
  console.log('')
  // The classifier's scaling: 1k sets against 10k sets of the same families (medians of sets).
  const small = rows.filter((r) => r.rules < 5000)
  const large = rows.filter((r) => r.rules >= 5000)
  const med = (rs: Row[]) => median(rs.map((r) => r.pps.classifier))
  console.log(
    `Classifier: median ${fmtPps(med(small))} pps over the ${small.length} 1k sets (min ${fmtPps(Math.min(...small.map((r) => r.pps.classifier)))}), ` +
      `${fmtPps(med(large))} over the ${large.length} 10k sets (min ${fmtPps(Math.min(...large.map((r) => r.pps.classifier)))}): ` +
      `1k→10k drop ${(med(small) / med(large)).toFixed(2)}×; tables ${rows.map((r) => r.tables).join('/')}.`,
  )
  console.log('')
  console.log(
    'One-rule edits on the 10k sets (median ms; answers re-checked against the scan after the edits):',
  )
  console.log('')
  console.log('| set | rules | full build | insert | replace | remove |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
  for (const r of large) {
    const e = r.edit!
    console.log(
      `| ${r.set.name} | ${r.engineRules} | ${fmtMs(e.rebuildMs)} | ${fmtMs(e.insertMs)} | ${fmtMs(e.replaceMs)} | ${fmtMs(e.removeMs)} |`,
    )
  }
  console.log('')
  console.log('Build times (ms): shared parse and trace, then what each path needs on top:')
  console.log('')
  console.log(
    '| set | parse .rules | trace | Packet[] | typed arrays (baseline) | Rule[] (firstMatch) | classifier (from Rule[]) | Rule[] + spec (stateless) | Rule[] + spec (stateful) |',
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    const b = r.buildMs
    console.log(
      `| ${r.set.name} | ${fmtMs(b.parse)} | ${fmtMs(b.trace)} | ${fmtMs(b.packets)} | ${fmtMs(b.baseline)} | ${fmtMs(b.firstMatch)} | ${fmtMs(b.classifier)} | ${fmtMs(b.stateless)} | ${fmtMs(b.stateful)} |`,
    )
  }
  console.log('')
  const ct = benchConntrackAlone()
  console.log(
    `Connection tracking, ${ct.connections / 1e6} M TCP connections, in a process of its own (medians: 3 fills, 3 lookup passes each, spread below; random lookup order):`,
  )
  console.log('')
  console.log(
    `| | inserts/s (track + confirm) | lookups/s, one at a time: original tuples; original or reply at random | lookups/s in prefetched bursts of ${PREFETCH_BURST}, as runScenario: the same two | track/s (lookup + state machine) | bytes per connection |`,
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
  console.log(
    `| typed-array table | ${fmtPps(ct.insertsPerSecond)} | ${fmtPps(ct.lookupsPerSecond)}; ${fmtPps(ct.lookupsBothPerSecond)} | ${fmtPps(ct.burstLookupsPerSecond)}; ${fmtPps(ct.burstLookupsBothPerSecond)} | ${fmtPps(ct.trackPerSecond)} | ${ct.bytesPerEntry.toFixed(1)} (arrayBuffers grew ${ct.measuredBytesPerEntry.toFixed(1)}) |`,
  )
  console.log(
    `| baseline: Map of string keys | ${fmtPps(ct.baselineInsertsPerSecond)} | ${fmtPps(ct.baselineLookupsPerSecond)} | | | ${ct.baselineBytesPerEntry > 0 ? `${ct.baselineBytesPerEntry.toFixed(0)} (heap growth, first round)` : 'not measurable (GC ran)'} |`,
  )
  console.log(
    `| ratio | ${fmtRatio(ct.insertsPerSecond / ct.baselineInsertsPerSecond)}× | ${fmtRatio(ct.lookupsPerSecond / ct.baselineLookupsPerSecond)}× | ${fmtRatio(ct.burstLookupsPerSecond / ct.baselineLookupsPerSecond)}× | | |`,
  )
  console.log('')
  const sp = ct.spread
  const span = ([lo, hi]: [number, number]) => `${fmtPps(lo)}–${fmtPps(hi)}`
  console.log(
    `Spread over the ${ct.passes} passes of each lookup figure (slowest–fastest): in bursts ${span(sp.burstLookups)}; ${span(sp.burstLookupsBoth)}; one at a time ${span(sp.lookups)}; ${span(sp.lookupsBoth)}.`,
  )
  console.log('')
  console.log(
    `The memory under it, same run: random reads from an array as large as the table, ${fmtPps(ct.memoryChainedPerSecond)}/s when each waits for the one before (a lookup that overlaps no other: lookups one at a time ran at ${fmtRatio(ct.lookupsPerSecond / ct.memoryChainedPerSecond)}× that, in bursts at ${fmtRatio(ct.burstLookupsPerSecond / ct.memoryChainedPerSecond)}×), ${fmtPps(ct.memoryIndependentPerSecond)}/s when independent.`,
  )
  console.log('')
  const g = benchGrading()
  console.log(
    'Grading replay (generated flows → routing → conntrack → classifier → confirm, no explanations):',
  )
  console.log('')
  console.log(
    '| rules | flows | packets | packets/s | baseline: same pipeline with firstMatch | ratio |',
  )
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |')
  console.log(
    `| ${g.rules} | ${g.flows} | ${g.packets} | ${fmtPps(g.packetsPerSecond)} | ${fmtPps(g.baselinePacketsPerSecond)} | ${fmtRatio(g.ratio)}× |`,
  )
  console.log('')
  const net = benchNetwork()
  console.log('Tracing a topology (every packet, every hop, with explanations):')
  console.log('')
  console.log(
    '| topology | flows | packets | median | packets/s | baseline: 2 rules per firewall | ratio |',
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  console.log(
    `| ${net.nodes} nodes, ${net.firewalls} firewalls × ${net.rulesPerFirewall} rules | ${net.flows} | ${net.packets} | ${fmtMs(net.medianMs)} ms | ${(net.packetsPerSecond / 1000).toFixed(1)} k | ${fmtMs(net.baselineMs)} ms | ${fmtRatio(net.baselineMs / net.medianMs)} |`,
  )
  console.log('')
  const acl = benchAllowed()
  console.log('Exact allowed-set analysis (realistic stateful ACL, three interfaces):')
  console.log('')
  console.log(
    '| rules | allowed set | rule analysis (shadowed, redundant) | boxes | baseline: 100 rules | ratio |',
  )
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |')
  console.log(
    `| ${acl.rules} | ${fmtMs(acl.allowedMs)} ms | ${fmtMs(acl.analysisMs)} ms | ${acl.boxes} | ${fmtMs(acl.baselineAllowedMs)} ms | ${fmtRatio(acl.baselineAllowedMs / acl.allowedMs)} |`,
  )
  console.log('')
  console.log(
    `All answers of every path equal the linear scan. Load average at end: ${os.loadavg()[0].toFixed(2)}. ` +
      `Total ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  )
}

/** The built-in course: live grading per lab, and an instructor regrading a class. */
async function courseBenches(): Promise<void> {
  const live = await benchLiveGrading()
  console.log(
    'Live grading of the built-in course (every objective, every flow traced), median of 15:',
  )
  console.log('')
  console.log('| lab | ms per grade | share of one frame (16.7 ms) |')
  console.log('| --- | ---: | ---: |')
  for (const lab of live.labs)
    console.log(`| ${lab.id} | ${fmtMs(lab.medianMs)} | ${fmtRatio(lab.medianMs / FRAME_MS)} |`)
  console.log('')
  const grade = await benchGrade()
  console.log(
    'Regrading a class of result bundles of the built-in course (read, regrade, every gradebook):',
  )
  console.log('')
  console.log(
    '| bundles | attempts | regrade and gradebooks | feedback pages | one unique bundle |',
  )
  console.log('| ---: | ---: | ---: | ---: | ---: |')
  console.log(
    `| ${grade.bundles} | ${grade.attempts} | ${(grade.gradeMs / 1000).toFixed(1)} s | ${(grade.feedbackMs / 1000).toFixed(1)} s | ${fmtMs(grade.uniqueMsPerBundle)} ms |`,
  )
  console.log('')
}

try {
  main()
  await courseBenches()
} catch (e) {
  console.error('')
  console.error('BENCH FAILED:', e instanceof Error ? e.message : e)
  process.exit(1)
}
