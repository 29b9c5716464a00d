// Re-classifying after one rule edit: the classifier takes an insert, a replace or a removal in
// place; timed against building it again from scratch, with the answers after the edits checked
// against the reference scan. Runs in Node under `npm run bench` (called from run.ts).
import { performance } from 'node:perf_hooks'
import { Classifier } from '../../src-main/engine/classifier/classifier'
import { firstMatch } from '../../src-main/engine/firewall'
import type { Packet } from '../../src-main/engine/packet'
import type { Rule } from '../../src-main/engine/rule'

export interface EditBenchResult {
  /** medians, milliseconds */
  rebuildMs: number
  insertMs: number
  replaceMs: number
  removeMs: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

export function benchEdit(
  rules: Rule[],
  packets: Packet[],
  out: string,
  edits = 21,
): EditBenchResult {
  const rebuild: number[] = []
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now()
    new Classifier(rules)
    rebuild.push(performance.now() - t0)
  }
  const c = new Classifier(rules)
  const ins: number[] = []
  const rep: number[] = []
  const rem: number[] = []
  for (let k = 0; k < edits; k++) {
    // A rule from elsewhere in the set, moved to a spot in its middle: it changes some answers.
    const at = Math.floor(((k + 1) * rules.length) / (edits + 2))
    const rule = rules[(at * 7 + 13) % rules.length]
    let t0 = performance.now()
    c.insert(at, rule)
    ins.push(performance.now() - t0)
    t0 = performance.now()
    c.replace(at, rules[(at * 3 + 1) % rules.length])
    rep.push(performance.now() - t0)
    if (k === 0) check(c, packets, out)
    t0 = performance.now()
    c.remove(at)
    rem.push(performance.now() - t0)
  }
  check(c, packets, out)
  return {
    rebuildMs: median(rebuild),
    insertMs: median(ins),
    replaceMs: median(rep),
    removeMs: median(rem),
  }
}

function check(c: Classifier, packets: Packet[], out: string): void {
  for (let i = 0; i < packets.length; i++) {
    const ctx = { out, ct: null }
    if (c.classify(packets[i], out, null) !== firstMatch(c.rules, packets[i], ctx))
      throw new Error(
        `edit bench: after edits the classifier disagrees with the scan on packet ${i}`,
      )
  }
}
