// The engine's first match, the compiled classifier the product uses and a whole Firewall equal a
// plain linear scan on real ClassBench 1k rule sets, packet by packet: the shipped traces where
// there is one, a seeded generated trace where there is none.
// Vitest, node; reads ../shared/classbench in place (test/bench/classbench.ts).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Classifier } from '../../../src-main/engine/classifier/classifier'
import { Firewall, firstMatch, martian } from '../../../src-main/engine/firewall'
import type { MatchContext } from '../../../src-main/engine/rule'
import {
  BENCH_INTERFACE,
  CLASSBENCH_DIR,
  benchSpec,
  type Trace,
  generateTrace,
  parseRules,
  parseTrace,
  readClassBench,
  scanTrace,
  toEngineRule,
  toEngineRules,
  toPackets,
  toRuleArrays,
} from '../../bench/classbench'

const SETS: { rules: string; trace?: string }[] = [
  { rules: 'acl_1k.rules', trace: 'acl_1k_trace' },
  { rules: 'fw_1k.rules', trace: 'fw_1k_trace' },
  { rules: 'ipc_1k.rules', trace: 'ipc_1k_trace' },
  { rules: 'acl1_1k.rules' },
  { rules: 'fw1_1k.rules' },
  { rules: 'ipc1_1k.rules' },
]
// The rule sets stay in ../shared (its README: not copied into the repository); a clone with no
// ../shared beside it skips the parity checks, saying so, and keeps the property tests
// (classifier.test.ts) that compare the same two paths on random rule sets.
const HAVE_CLASSBENCH = existsSync(CLASSBENCH_DIR)
if (!HAVE_CLASSBENCH)
  console.warn(
    `NOTICE: the ClassBench parity tests are skipped: ${fileURLToPath(CLASSBENCH_DIR)} is not there (it sits beside the checkout, in ../shared).`,
  )

const SEED = 0x5eed
const GENERATED_PACKETS = 10_000
const ctx: MatchContext = { out: BENCH_INTERFACE, ct: null }

describe('ClassBench parsing', () => {
  it('reads ranges, clears host bits and leaves wildcards out of the engine rule', () => {
    const [r] = parseRules(
      '@10.1.2.3/8\t0.0.0.0/0\t0 : 65535\t80 : 443\t0x06/0xFF\t0x0000/0x0000\t\n',
    )
    expect(r.src).toEqual({ addr: 0x0a000000, len: 8 })
    expect([r.dportLo, r.dportHi, r.protoLo, r.protoHi]).toEqual([80, 443, 6, 6])
    expect(toEngineRule(r)).toEqual({
      action: 'accept',
      proto: 'tcp',
      src: [{ addr: 0x0a000000, len: 8 }],
      dport: [{ lo: 80, hi: 443 }],
    })
  })

  it('takes protocol mask 0x00 as any protocol', () => {
    const [r] = parseRules(
      '@1.2.3.4/32\t5.6.7.8/32\t0 : 65535\t0 : 65535\t0x11/0x00\t0x0000/0x0000\n',
    )
    expect([r.protoLo, r.protoHi]).toEqual([0, 255])
    expect(toEngineRule(r).proto).toBeUndefined()
  })

  it('leaves out rules whose protocol the engine cannot say, keeping their line numbers', () => {
    const text = [
      '@0.0.0.0/0\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x2f/0xFF\t0x0000/0x0000',
      '@0.0.0.0/0\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x01/0xFF\t0x0000/0x0000',
    ].join('\n')
    const set = toEngineRules(parseRules(text))
    expect(set.rules).toEqual([{ action: 'accept', proto: 'icmp' }])
    expect([...set.fileIndex]).toEqual([1])
    expect(set.leftOut).toEqual(new Map([[47, 1]]))
  })
})

/**
 * A rule set and its trace, the engine's rules, and the scan's answer for every packet. The scan
 * runs over every rule of the file, so its answers are file lines.
 */
function load(file: string, traceFile: string | undefined) {
  const rules = parseRules(readClassBench(file))
  const engine = toEngineRules(rules)
  const trace: Trace = traceFile
    ? parseTrace(readClassBench(traceFile))
    : generateTrace(rules, GENERATED_PACKETS, SEED)
  return { engine, trace, packets: toPackets(trace), want: scanTrace(toRuleArrays(rules), trace) }
}

/** The first few packets where a path's answer (an engine rule index, or -1) is not `want`'s. */
function mismatches(
  name: string,
  set: ReturnType<typeof load>,
  answer: (i: number) => number,
  want = set.want,
): string[] {
  const wrong: string[] = []
  for (let i = 0; i < set.packets.length && wrong.length < 5; i++) {
    const k = answer(i)
    const got = k < 0 ? -1 : set.engine.fileIndex[k]
    if (got !== want[i]) wrong.push(`packet ${i}: ${name} ${got}, expected ${want[i]}`)
  }
  return wrong
}

describe.runIf(HAVE_CLASSBENCH)('firstMatch equals the linear scan on ClassBench 1k sets', () => {
  it.each(SETS)('$rules', ({ rules: file, trace: traceFile }) => {
    const set = load(file, traceFile)
    expect(set.trace.length).toBeGreaterThan(1000)
    expect(
      mismatches('engine', set, (i) => firstMatch(set.engine.rules, set.packets[i], ctx)),
    ).toEqual([])
  })
})

describe.runIf(HAVE_CLASSBENCH)(
  'the classifier equals the linear scan on ClassBench 1k sets',
  () => {
    it.each(SETS)('$rules', ({ rules: file, trace: traceFile }) => {
      const set = load(file, traceFile)
      const classifier = new Classifier(set.engine.rules)
      expect(
        mismatches('classifier', set, (i) =>
          classifier.classify(set.packets[i], BENCH_INTERFACE, null),
        ),
      ).toEqual([])
    })
  },
)

describe.runIf(HAVE_CLASSBENCH)(
  'a Firewall equals the linear scan on ClassBench 1k sets, martians dropped by routing first',
  () => {
    it.each(SETS.filter((s) => s.trace))('$rules', ({ rules: file, trace: traceFile }) => {
      const set = load(file, traceFile)
      const { trace } = set
      // The traces hold 0.0.0.0 and 255.255.255.255: Linux routing drops them before any rule.
      const routed = set.packets.map((_, i) => !martian(trace.src[i], trace.dst[i]))
      const want = set.want.map((k, i) => (routed[i] ? k : -1))
      for (const kind of ['stateless', 'stateful'] as const) {
        const fw = new Firewall(benchSpec(kind, set.engine.rules))
        const verdicts: string[] = []
        const wrong = mismatches(
          `${kind} firewall`,
          set,
          (i) => {
            const d = fw.process(set.packets[i])
            // every rule accepts and the policy drops: the verdict follows the deciding rule
            if (d.verdict !== (d.rule === null ? 'drop' : 'accept') && verdicts.length < 5)
              verdicts.push(`${kind} packet ${i}: ${d.verdict} by rule ${d.rule}`)
            return d.rule ?? -1
          },
          want,
        )
        expect(wrong).toEqual([])
        expect(verdicts).toEqual([])
      }
      // Enough routable packets that the rules, not routing, decide most of what was checked.
      expect(routed.filter(Boolean).length).toBeGreaterThan(500)
    })
  },
)
