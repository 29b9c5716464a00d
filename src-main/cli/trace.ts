// `portwise trace TOPOLOGY.json|LAB_DIR [--solution] [--flow NAME]... [--seed N] [--text]`: the
// trace of a topology's flows as JSON, or as a readable ladder of packets. A lab's folder is traced
// as the grader builds it: its network with the starting rules, or the reference solution.
// Runs in Node.
import { stat } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FieldError } from '../engine/field-reader'
import { formatIpv4 } from '../engine/ip'
import { describePacket, formatTcpFlags } from '../engine/packet'
import { learnerNetwork } from '../labs/grader'
import { formatProblem } from '../labs/lab-pack'
import { formatRuleError } from '../labs/lab-topology'
import { loadPack } from '../labs/loader/pack-loader'
import type { Topology } from '../network/topology'
import { readTopology } from '../network/topology-reader'
import { traceTopology } from '../network/tracer'
import type { Hop, Trace } from '../network/trace'
import { EXIT_OK, InputError, type Io, readJsonFile } from './io'

/** The generator keeps 32 bits of its seed (network/random.ts), as lab.json's seed does. */
const MAX_SEED = 4294967295

export const TRACE_USAGE =
  'usage: portwise trace TOPOLOGY.json|LAB_DIR [--solution] [--flow NAME]... [--seed N] [--text]'

export async function trace(args: string[], io: Io): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        flow: { type: 'string', multiple: true },
        seed: { type: 'string' },
        text: { type: 'boolean' },
        solution: { type: 'boolean' },
      },
    })
  } catch (e) {
    throw new InputError(`${(e as Error).message}\n${TRACE_USAGE}`)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new InputError(TRACE_USAGE)
  // decimal digits only ("", "0x10" and "1e20" were taken as 0, 16 and a seed that the 32-bit
  // generator wraps onto another), and no more than the lab schema allows
  const seed = values.seed === undefined ? 1 : Number(values.seed)
  if (values.seed !== undefined && (!/^\d+$/.test(values.seed) || seed > MAX_SEED))
    throw new InputError(`--seed: "${values.seed}" is not a whole number from 0 to ${MAX_SEED}`)
  const file = positionals[0]
  const lab = (await stat(file).catch(() => null))?.isDirectory()
    ? await labNetwork(file, values.solution === true)
    : null
  if (values.solution && !lab)
    throw new InputError(`--solution: ${file} is not a lab's folder, which holds a solution`)
  let result: Trace
  try {
    const topology = lab ? lab.topology : readTopology(await readJsonFile(file))
    const labSeed = lab && values.seed === undefined ? lab.seed : seed
    result = traceTopology(topology, { seed: labSeed, flows: values.flow })
  } catch (e) {
    if (e instanceof FieldError) throw new InputError(`${file}: ${e.message}`)
    if (e instanceof Error && e.message.startsWith('no flow named')) throw new InputError(e.message)
    throw e
  }
  if (lab && values.text) io.out(`${lab.title}\n\n`)
  io.out(values.text ? ladder(result) : JSON.stringify(result, readableAddresses, 1) + '\n')
  return EXIT_OK
}

/**
 * A lab's network as the grader builds it (labs/grader.ts learnerNetwork), with the starting rules
 * or the reference solution. The lab is read with its pack, the folder above it, so it is checked
 * exactly as `pack validate` checks it.
 */
async function labNetwork(
  dir: string,
  solution: boolean,
): Promise<{ topology: Topology; seed: number; title: string }> {
  const packDir = dirname(resolve(dir))
  const id = basename(resolve(dir))
  if ((await stat(resolve(dir, 'pack.json')).catch(() => null)) !== null)
    throw new InputError(`${dir}: this is a lab pack; give one of its labs' folders`)
  if ((await stat(resolve(dir, 'lab.json')).catch(() => null)) === null)
    throw new InputError(
      `${dir}: a folder, but no lab.json in it (trace reads a topology file or a lab's folder)`,
    )
  const { pack, problems } = await loadPack(packDir)
  if (!pack)
    throw new InputError(
      [
        `${dir}: its pack (${packDir}) does not read:`,
        ...problems.map((p) => '  ' + formatProblem(p)),
      ].join('\n'),
    )
  const lab = pack.labs.find((l) => l.id === id)
  if (!lab) throw new InputError(`${dir}: pack ${pack.manifest.id} has no lab "${id}"`)
  if (solution && !lab.solution)
    throw new InputError(`--solution: lab ${id} has no reference solution`)
  const which = solution ? 'solution' : 'starting rules'
  const { topology, errors } = learnerNetwork(lab, (solution ? lab.solution : lab.start) ?? {})
  if (errors.length)
    throw new InputError(`${dir}: the lab's ${which} do not read: ${formatRuleError(errors[0])}`)
  return { topology, seed: lab.seed, title: `lab ${id} of ${pack.manifest.id}, with its ${which}` }
}

/**
 * The engine keeps addresses as 32-bit numbers and TCP flags as bits; a user reading the JSON (or
 * a script with jq) wants "1.3.3.7" and "SA", as scenario files write them. Packets, quoted
 * headers and conntrack tuples are the objects with numeric src and dst; fields of another
 * protocol (ICMP type -1 on TCP, flags 0 on UDP) are left out.
 */
function readableAddresses(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const v = value as Record<string, unknown>
  if (typeof v.src !== 'number' || typeof v.dst !== 'number' || typeof v.proto !== 'string')
    return value
  const out: Record<string, unknown> = { ...v, src: formatIpv4(v.src), dst: formatIpv4(v.dst) }
  if (out.in === '') delete out.in
  if (v.proto === 'tcp' && typeof v.flags === 'number') out.flags = formatTcpFlags(v.flags)
  if (v.proto !== 'tcp') delete out.flags
  // a packet (it has flags) carries no ports when it is ICMP; a tuple keeps its type/id there
  if (v.proto === 'icmp' && 'flags' in v) {
    delete out.sport
    delete out.dport
  }
  if (v.proto !== 'icmp') {
    delete out.icmpType
    delete out.icmpCode
    delete out.icmpId
  }
  return out
}

function hopText(h: Hop): string {
  const check = h.checks
    .map((c) => `${c.hook}: ${c.reason}${c.ct ? `; ct ${c.ct.reason}` : ''}`)
    .join('; ')
  const via = h.in && h.out ? `${h.in}→${h.out}` : h.in ? `in ${h.in}` : h.out ? `out ${h.out}` : ''
  return `${h.node}${via ? ` (${via}, ${h.direction})` : ''}${check ? ` [${check}]` : ''}`
}

/** The readable ladder: one block per flow, one line per packet, its path and its fate. */
export function ladder(t: Trace): string {
  const lines: string[] = []
  for (const f of t.flows) {
    const ends =
      f.proto === 'icmp' ? `${f.from} → ${f.to}` : `${f.from}:${f.sport} → ${f.to}:${f.dport}`
    // a plain tcp or udp flow's kind is its protocol: "tcp tcp" says it twice
    const what = f.kind === f.proto ? f.kind : `${f.kind} ${f.proto}`
    lines.push(`flow ${f.index} "${f.name}": ${what} ${ends}`)
    for (const seq of f.packets) {
      const p = t.packets[seq]
      const fate = p.fate === 'delivered' ? 'ok  ' : 'FAIL'
      lines.push(
        `  ${fate} t=${p.time.toFixed(3)}s ${p.label.padEnd(16)} ${describePacket(p.packet)}`,
      )
      lines.push(`         ${p.hops.map(hopText).join(' ─▶ ')}`)
      if (p.fate !== 'delivered') lines.push(`         ✗ ${p.summary}`)
    }
    lines.push(`  outcome: ${f.ok ? '✓' : '✗'} ${f.outcome}`)
    if (f.suggestion)
      lines.push(
        `  suggested rule for ${f.suggestion.node} ${f.suggestion.hook}:`,
        `    ${f.suggestion.diff}`,
      )
    lines.push('')
  }
  return lines.join('\n')
}
