// `portwise allowed FILE [--against REFERENCE]`: every packet a firewall accepts, per direction,
// and the rules that never decide; with --against, what each rule set allows that the other does
// not. FILE is a portwise-scenario/1 file (its packets are ignored). Runs in Node.
import {
  type Box,
  type DiffBox,
  type RuleFinding,
  allowedSet,
  describeBox,
  difference,
  incomparable,
  ruleAnalysis,
  sampleCt,
  samplePacket,
} from '../engine/allowed/index'
import { readFile } from 'node:fs/promises'
import { FieldError } from '../engine/field-reader'
import type { FirewallSpec } from '../engine/firewall'
import { formatCidr } from '../engine/ip'
import { describePacket } from '../engine/packet'
import { readScenario } from '../engine/scenario'
import { TOPOLOGY_FORMAT } from '../network/topology'
import { EXIT_OK, InputError, type Io, readJsonFile } from './io'

export const ALLOWED_USAGE =
  'usage: portwise allowed FILE [--against REFERENCE]   (FILE, REFERENCE: portwise-scenario/1 files)'

/**
 * What FILE is when it is not a scenario: nft, iptables or AWS rules, or a topology. Said in so
 * many words, since "not valid JSON" or "nodes: unknown field" leaves the user guessing.
 */
function notAScenario(file: string, text: string, json: unknown): InputError | null {
  const needs =
    "allowed reads a portwise-scenario/1 file (JSON): the firewall's interfaces with the subnet behind each, its policy and its rules (packets may be [])"
  const isRecord = typeof json === 'object' && json !== null && !Array.isArray(json)
  const body = text.replace(/^(\s*#.*\n)*\s*/, '')
  const dialect = /^(table|flush|add)\s/.test(body)
    ? 'nft'
    : /^\*filter\b/.test(body)
      ? 'iptables'
      : isRecord && ('NetworkAcls' in json || 'SecurityGroups' in json)
        ? 'AWS'
        : null
  if (dialect)
    return new InputError(
      `${file}: these are ${dialect} rules, but ${needs}; the analysis needs the subnets, which ${dialect} rules do not say`,
    )
  if (isRecord && (json as { format?: unknown }).format === TOPOLOGY_FORMAT)
    return new InputError(
      `${file}: this is a topology, but ${needs}; portwise trace runs a topology's flows`,
    )
  return null
}

async function readFirewall(file: string): Promise<FirewallSpec> {
  let json: unknown
  try {
    json = await readJsonFile(file)
  } catch (e) {
    // not JSON: rules in a dialect get a message saying so; anything else the JSON error
    const text = await readFile(file, 'utf8').catch(() => '')
    throw notAScenario(file, text, null) ?? e
  }
  const other = notAScenario(file, '', json)
  if (other) throw other
  try {
    return readScenario(json).firewall
  } catch (e) {
    if (e instanceof FieldError) throw new InputError(`${file}: ${e.message}`)
    throw e
  }
}

const decider = (rule: number | null) => (rule === null ? 'policy' : `rule ${rule}`)

function example(spec: FirewallSpec, box: Box): string {
  const ct = sampleCt(box)
  return `e.g. ${describePacket(samplePacket(box, spec))}${ct === null ? '' : ` (ct ${ct})`}`
}

/** Boxes under one heading per direction, in the order the interfaces are listed. */
function byDirection<B extends Box>(
  spec: FirewallSpec,
  boxes: readonly B[],
  heading: string,
  label: (b: B) => string,
): string[] {
  const lines: string[] = []
  const empty: string[] = []
  for (const from of spec.interfaces)
    for (const to of spec.interfaces) {
      const here = boxes.filter((b) => b.in === from.name && b.out === to.name)
      const direction = `${from.name} → ${to.name}`
      if (here.length === 0) {
        empty.push(direction)
        continue
      }
      lines.push(`${heading} ${direction}:`)
      for (const b of here) {
        lines.push(`  ${label(b)}: ${describeBox(b, { firewall: spec, direction: false })}`)
        lines.push(`    ${example(spec, b)}`)
      }
    }
  if (empty.length) lines.push(`nothing ${heading} ${empty.join(', ')}`)
  return lines
}

const ruleList = (rules: number[]) => (rules.length === 1 ? 'rule ' : 'rules ') + rules.join(', ')
const decide = (rules: number[]) => (rules.length === 1 ? 'decides' : 'decide')

function finding(spec: FirewallSpec, f: RuleFinding): string {
  const what = `rule ${f.rule} (${spec.rules[f.rule].action})`
  if (f.kind === 'shadowed')
    return f.by.length === 0
      ? `${what} can never match: no routable packet has all its fields`
      : `${what} is shadowed: ${ruleList(f.by)} ${decide(f.by)} every packet it matches first`
  const takers = [...(f.by.length ? [ruleList(f.by)] : []), ...(f.byPolicy ? ['the policy'] : [])]
  return `${what} is redundant: without it, ${takers.join(' and ')} would do the same to its packets`
}

export function formatAllowed(spec: FirewallSpec): string {
  const interfaces = spec.interfaces.map((i) => `${i.name} ${formatCidr(i.subnet)}`).join(', ')
  const lines = [
    `${spec.kind} firewall, policy ${spec.policy}, ${spec.rules.length} rules; ${interfaces}`,
    '',
  ]
  lines.push(...byDirection(spec, allowedSet(spec), 'allowed', (b) => decider(b.rule)))
  const findings = ruleAnalysis(spec)
  lines.push(
    '',
    findings.length ? 'rules that never change a verdict:' : 'every rule decides some packets',
  )
  for (const f of findings) lines.push(`  ${finding(spec, f)}`)
  return lines.join('\n') + '\n'
}

function formatDifference(
  a: FirewallSpec,
  b: FirewallSpec,
  aName: string,
  bName: string,
): string[] {
  const boxes: DiffBox[] = difference(a, b)
  if (boxes.length === 0) return [`${aName} allows nothing that ${bName} does not`]
  const label = (x: DiffBox) => `${aName} ${decider(x.rule)}, ${bName} ${decider(x.otherRule)}`
  return byDirection(a, boxes, `allowed by ${aName}, not by ${bName},`, label)
}

export async function allowed(args: string[], io: Io): Promise<number> {
  const at = args.indexOf('--against')
  const reference = at >= 0 ? args[at + 1] : undefined
  const files = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args
  if (
    files.length !== 1 ||
    files[0].startsWith('-') ||
    (at >= 0 && (!reference || reference.startsWith('-')))
  )
    throw new InputError(ALLOWED_USAGE)
  const spec = await readFirewall(files[0])
  if (reference === undefined) {
    io.out(formatAllowed(spec))
    return EXIT_OK
  }
  const ref = await readFirewall(reference)
  const why = incomparable(spec, ref)
  if (why !== null) throw new InputError(why)
  const lines = [
    ...formatDifference(spec, ref, 'FILE', 'REFERENCE'),
    '',
    ...formatDifference(ref, spec, 'REFERENCE', 'FILE'),
  ]
  io.out(`FILE ${files[0]}, REFERENCE ${reference}\n\n${lines.join('\n')}\n`)
  return EXIT_OK
}
