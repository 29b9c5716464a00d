// `portwise allowed FILE [--against REF] [--interface NAME=CIDR]... [--subnet CIDR] [--from …]`:
// every packet a firewall accepts, per direction, and the rules that never decide; with --against,
// what each rule set allows that the other does not. FILE is a portwise-scenario/1 file (its
// packets are ignored), nft or iptables rules (the forward chain, between the interfaces given) or
// an AWS network ACL or security group (guarding the subnet given). Runs in Node.
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
import { FieldError } from '../engine/field-reader'
import type { FirewallSpec, Interface } from '../engine/firewall'
import { type Cidr, formatCidr, parseCidr } from '../engine/ip'
import { describePacket } from '../engine/packet'
import { readScenario } from '../engine/scenario'
import { DIALECTS, type Dialect, parseRuleSet } from '../dialects/dialect'
import { type Origins, formatDiagnostic } from '../dialects/diagnostic'
import {
  type NamedFirewall,
  awsFirewall,
  forwardChain,
  interfaceUses,
  routerFirewall,
} from '../dialects/firewall-spec'
import { type RuleSet, chainFor } from '../dialects/ruleset'
import { TOPOLOGY_FORMAT } from '../network/topology'
import { problems } from './convert'
import { EXIT_OK, InputError, type Io, parseJsonText, readTextFile } from './io'

export const ALLOWED_USAGE = `usage: portwise allowed FILE [--against REF] [--interface NAME=CIDR]... [--subnet CIDR] [--from nft|iptables|aws]
  FILE, REF: portwise-scenario/1 files; nft or iptables rules, whose forward chain is analysed
  between the interfaces given (--interface lan=10.0.1.0/24 --interface wan=0.0.0.0/0); or an AWS
  network ACL or security group, guarding the subnet or instance given (--subnet 10.0.1.0/24).
  AWS rules --against nft or iptables rules take the router's names for their two sides, when its
  two --interface are 0.0.0.0/0 and the subnet (--interface wan=0.0.0.0/0 --interface lan=10.0.1.0/24)`

const SHOWN: Record<Dialect, string> = { nft: 'nft', iptables: 'iptables', aws: 'AWS' }

/** A firewall ready to analyse, with the first line that says what it is. */
interface Analysed extends NamedFirewall {
  title: string
}

/** What a file holds: a scenario's firewall, or rules that still need their interfaces. */
type Read =
  { source: 'scenario'; spec: FirewallSpec } | { source: Dialect; set: RuleSet; origins: Origins }

interface AllowedArgs {
  file: string
  reference?: string
  /** --interface, in the order given: routeOut's order among equal prefixes */
  interfaces: Interface[]
  subnet?: Cidr
  from?: Dialect
}

/**
 * Which dialect a file's text is, by how it starts: nft files start with table, flush or add,
 * iptables-save's with its *filter table, AWS's JSON holds NetworkAcls or SecurityGroups.
 */
function detectDialect(text: string, json: unknown): Dialect | null {
  const body = text.replace(/^(\s*#.*\n)*\s*/, '')
  if (/^(table|flush|add)\s/.test(body)) return 'nft'
  if (/^\*filter\b/.test(body)) return 'iptables'
  const isRecord = typeof json === 'object' && json !== null && !Array.isArray(json)
  return isRecord && ('NetworkAcls' in json || 'SecurityGroups' in json) ? 'aws' : null
}

async function readSource(file: string, from: Dialect | undefined): Promise<Read> {
  const text = await readTextFile(file)
  let json: unknown
  let notJson: InputError | null = null
  try {
    json = parseJsonText(file, text)
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    notJson = e
  }
  const dialect = from ?? detectDialect(text, json)
  if (dialect) {
    const parsed = parseRuleSet(dialect, text)
    if (!parsed.ok) throw problems(file, `is not a valid ${SHOWN[dialect]} rule set`, parsed.errors)
    return { source: dialect, set: parsed.ruleSet, origins: parsed.origins }
  }
  // "not valid JSON" or "nodes: unknown field" would leave the user guessing what allowed reads
  if (notJson)
    throw new InputError(
      `${notJson.message}; for nft, iptables or AWS rules that start otherwise, name the dialect with --from`,
    )
  const isRecord = typeof json === 'object' && json !== null
  if (isRecord && (json as { format?: unknown }).format === TOPOLOGY_FORMAT)
    throw new InputError(
      `${file}: this is a topology, but allowed reads one firewall: a portwise-scenario/1 file, or nft, iptables or AWS rules; portwise trace runs a topology's flows`,
    )
  try {
    return { source: 'scenario', spec: readScenario(json).firewall }
  } catch (e) {
    if (e instanceof FieldError) throw new InputError(`${file}: ${e.message}`)
    throw e
  }
}

/** --interface and --subnet given where no file uses them: said, rather than ignored. */
function checkOptions(args: AllowedArgs, files: string[], read: Read[]): void {
  const what = (k: number) =>
    read[k].source === 'scenario'
      ? `${files[k]} is a portwise-scenario/1 file, whose firewall lists its interfaces`
      : read[k].source === 'aws'
        ? `${files[k]} holds AWS rules, which guard the subnet given with --subnet CIDR`
        : `${files[k]} holds ${read[k].source} rules, whose interfaces are given with --interface NAME=CIDR`
  const router = read.some((r) => isRouter(r.source))
  if (args.interfaces.length > 0 && !router)
    throw new InputError(`--interface is for nft and iptables rules: ${what(0)}`)
  if (args.subnet && !read.some((r) => r.source === 'aws'))
    throw new InputError(`--subnet is for AWS rules: ${what(0)}`)
}

const isRouter = (source: Read['source']) => source === 'nft' || source === 'iptables'
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
const interfaceList = (spec: FirewallSpec) =>
  spec.interfaces.map((i) => `${i.name} ${formatCidr(i.subnet)}`).join(', ')
const firewallTitle = (spec: FirewallSpec) =>
  `${spec.kind} firewall, policy ${spec.policy}, ${spec.rules.length} rules; ${interfaceList(spec)}`

/** nft or iptables: a router's forward chain between the interfaces given. */
function routerAnalysed(
  file: string,
  read: { set: RuleSet; origins: Origins },
  interfaces: Interface[],
  io: Io,
): Analysed {
  const { rules, absent } = forwardChain(read.set)
  const uses = interfaceUses(rules)
  const named = [...new Set(uses.map((u) => u.name))]
  if (interfaces.length === 0) {
    const example = (named.length ? named : ['lan', 'wan'])
      .map(
        (name, k) =>
          `--interface ${name}=${k === 1 && !named.length ? '0.0.0.0/0' : `10.0.${k + 1}.0/24`}`,
      )
      .join(' ')
    throw new InputError(
      named.length
        ? `${file}: no --interface given: the forward rules name ${named.join(', ')}; give the subnet behind each, e.g. ${example}`
        : `${file}: no --interface given: name each interface of the router with the subnet behind it, e.g. ${example}`,
    )
  }
  const given = interfaces.map((i) => i.name)
  const unknown = uses.filter(
    (u, k) =>
      !given.includes(u.name) &&
      !uses.slice(0, k).some((v) => v.rule === u.rule && v.name === u.name),
  )
  if (unknown.length)
    throw new InputError(
      unknown
        .map((u) =>
          formatDiagnostic(file, {
            message: `forward rule ${u.rule} matches interface "${u.name}", which no --interface gives (given: ${given.join(', ')})`,
            ...read.origins.get(rules[u.rule]),
          }),
        )
        .join('\n'),
    )
  // allowed answers for what a router forwards: say so rather than pass over the other chains
  for (const c of read.set.chains)
    if (c.hook !== 'forward')
      io.err(
        `note: ${formatDiagnostic(file, {
          message: `the ${c.hook} chain (${count(c.rules.length, 'rule')}, policy ${c.policy}) is not analysed: allowed analyses what a router forwards, the forward chain`,
          ...read.origins.get(c),
        })}\n`,
      )
  if (absent)
    io.err(
      `note: ${file}: no forward chain (or an empty one with policy accept): every forwarded packet is accepted, as netfilter accepts at a hook without a chain\n`,
    )
  const fw = routerFirewall(read.set, interfaces)
  return { ...fw, title: firewallTitle(fw.spec) }
}

/**
 * The router's interfaces, when they are the AWS model's two sides: one on 0.0.0.0/0 (everything
 * else) and one on the subnet (--subnet, when given). The AWS rules then take the router's names,
 * so that rules of both dialects compare.
 */
function routerSides(interfaces: Interface[], subnet: Cidr | undefined) {
  const outside = interfaces.find((i) => i.subnet.len === 0)
  const inside = interfaces.find((i) => i !== outside)
  if (interfaces.length !== 2 || !outside || !inside) return null
  if (subnet && formatCidr(subnet) !== formatCidr(inside.subnet)) return null
  return { names: { outside: outside.name, inside: inside.name }, subnet: inside.subnet }
}

/** AWS: the network ACL or security group guarding the subnet given. */
function awsAnalysed(
  file: string,
  set: RuleSet,
  given: Cidr | undefined,
  interfaces: Interface[],
): Analysed {
  const sides = routerSides(interfaces, given)
  const subnet = given ?? sides?.subnet
  if (!subnet)
    throw new InputError(
      `${file}: AWS rules do not say what they guard: give the subnet (network ACL) or instance (security group) with --subnet CIDR, e.g. --subnet 10.0.1.0/24`,
    )
  const fw = awsFirewall(set, subnet, sides?.names)
  const [inbound, outbound] = (['input', 'output'] as const).map(
    (h) => chainFor(set, h)?.rules.length ?? 0,
  )
  const name = set.aws?.name ? ` (${set.aws.name})` : ''
  const id = set.aws?.id ? ` ${set.aws.id}${name}` : name
  const title =
    set.aws?.kind === 'network-acl'
      ? `network ACL${id}, stateless: ${inbound} inbound and ${outbound} outbound rules, then rule * denies`
      : `security group${id}, stateful and allow-only: ${inbound - 1} inbound and ${outbound - 1} outbound rules after rule 0, which allows responses`
  return { ...fw, title: `${title}; ${interfaceList(fw.spec)}` }
}

function analysed(file: string, read: Read, args: AllowedArgs, io: Io): Analysed {
  if (read.source === 'scenario')
    return {
      spec: read.spec,
      ruleName: (i) => `rule ${i}`,
      policyName: () => 'policy',
      title: firewallTitle(read.spec),
    }
  if (read.source === 'aws') return awsAnalysed(file, read.set, args.subnet, args.interfaces)
  return routerAnalysed(file, read, args.interfaces, io)
}

/** A rule, or the policy when null, as the firewall's author knows it. */
const decider = (fw: NamedFirewall, rule: number | null, arrivedOn: string) =>
  rule === null ? fw.policyName(arrivedOn) : fw.ruleName(rule)

function example(spec: FirewallSpec, box: Box): string {
  const ct = sampleCt(box)
  return `e.g. ${describePacket(samplePacket(box, spec))}${ct === null ? '' : ` (ct ${ct})`}`
}

/** Boxes under one heading per direction the firewall sees, in the order of its interfaces. */
function byDirection<B extends Box>(
  fw: NamedFirewall,
  boxes: readonly B[],
  heading: string,
  label: (b: B) => string,
): string[] {
  const names = fw.spec.interfaces.map((i) => i.name)
  const directions = fw.directions ?? names.flatMap((from) => names.map((to) => [from, to]))
  const lines: string[] = []
  const empty: string[] = []
  for (const [from, to] of directions) {
    const here = boxes.filter((b) => b.in === from && b.out === to)
    const direction = `${from} → ${to}`
    if (here.length === 0) {
      empty.push(direction)
      continue
    }
    lines.push(`${heading} ${direction}:`)
    for (const b of here) {
      lines.push(`  ${label(b)}: ${describeBox(b, { firewall: fw.spec, direction: false })}`)
      lines.push(`    ${example(fw.spec, b)}`)
    }
  }
  if (empty.length) lines.push(`nothing ${heading} ${empty.join(', ')}`)
  return lines
}

/** `rule 1`, `rules 1, 2`, `inbound rules 100, 110`: names that share their words before "rule". */
function ruleList(names: string[]): string {
  const groups: { words: string; ids: string[] }[] = []
  for (const name of names) {
    const at = name.lastIndexOf('rule ')
    const words = name.slice(0, at)
    const last = groups.at(-1)
    if (last?.words === words) last.ids.push(name.slice(at + 5))
    else groups.push({ words, ids: [name.slice(at + 5)] })
  }
  return groups
    .map((g) => `${g.words}${g.ids.length === 1 ? 'rule' : 'rules'} ${g.ids.join(', ')}`)
    .join(', ')
}
const decide = (rules: number[]) => (rules.length === 1 ? 'decides' : 'decide')

function finding(fw: NamedFirewall, f: RuleFinding): string {
  const rule = fw.spec.rules[f.rule]
  const what = `${fw.ruleName(f.rule)} (${rule.action})`
  const by = ruleList(f.by.map(fw.ruleName))
  if (f.kind === 'shadowed')
    return f.by.length === 0
      ? `${what} can never match: no routable packet has all its fields`
      : `${what} is shadowed: ${by} ${decide(f.by)} every packet it matches first`
  const policy = fw.policyName(rule.in ?? '')
  const takers = [
    ...(f.by.length ? [by] : []),
    ...(f.byPolicy ? [policy === 'policy' ? 'the policy' : policy] : []),
  ]
  return `${what} is redundant: without it, ${takers.join(' and ')} would do the same to its packets`
}

function formatAllowed(fw: Analysed): string {
  const lines = [fw.title, '']
  const boxes = allowedSet(fw.spec)
  lines.push(...byDirection(fw, boxes, 'allowed', (b) => decider(fw, b.rule, b.in)))
  // A rule its author did not write is not theirs to remove: a security group's rule 0 is
  // redundant beside an egress rule allowing all, and that is no finding.
  const findings = ruleAnalysis(fw.spec).filter((f) => !fw.implied?.(f.rule))
  lines.push(
    '',
    findings.length ? 'rules that never change a verdict:' : 'every rule decides some packets',
  )
  for (const f of findings) lines.push(`  ${finding(fw, f)}`)
  return lines.join('\n') + '\n'
}

function formatDifference(a: NamedFirewall, b: NamedFirewall, aName: string, bName: string) {
  const boxes: DiffBox[] = difference(a.spec, b.spec)
  if (boxes.length === 0) return [`${aName} allows nothing that ${bName} does not`]
  const label = (x: DiffBox) =>
    `${aName} ${decider(a, x.rule, x.in)}, ${bName} ${decider(b, x.otherRule, x.in)}`
  return byDirection(a, boxes, `allowed by ${aName}, not by ${bName},`, label)
}

function readArgs(args: string[]): AllowedArgs {
  const files: string[] = []
  const interfaces: Interface[] = []
  let reference: string | undefined
  let subnet: Cidr | undefined
  let from: Dialect | undefined
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const eq = a.indexOf('=')
    const [key, inline] =
      a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined]
    if (!['--against', '--interface', '--subnet', '--from'].includes(key)) {
      if (a.startsWith('-')) throw new InputError(`unknown option ${a}\n${ALLOWED_USAGE}`)
      files.push(a)
      continue
    }
    const v = inline ?? args[++i]
    if (v === undefined || (inline === undefined && v.startsWith('-')))
      throw new InputError(`${key} needs a value\n${ALLOWED_USAGE}`)
    if (key === '--against') {
      if (reference !== undefined) throw new InputError(`--against is given twice`)
      reference = v
    } else if (key === '--interface') interfaces.push(interfaceOption(v, interfaces))
    else if (key === '--subnet') {
      if (subnet) throw new InputError(`--subnet is given twice`)
      subnet = parseCidr(v) ?? undefined
      if (!subnet) throw new InputError(`--subnet ${v}: not an IPv4 subnet such as 10.0.1.0/24`)
      if (subnet.len === 0)
        throw new InputError(`--subnet ${v}: that is every address, which leaves no outside`)
    } else {
      if (!(DIALECTS as readonly string[]).includes(v))
        throw new InputError(`--from ${v}: not one of ${DIALECTS.join(', ')}\n${ALLOWED_USAGE}`)
      from = v as Dialect
    }
  }
  if (files.length !== 1) throw new InputError(ALLOWED_USAGE)
  return { file: files[0], reference, interfaces, subnet, from }
}

/** `--interface lan=10.0.1.0/24`, checked against the ones before it. */
function interfaceOption(v: string, before: Interface[]): Interface {
  const eq = v.indexOf('=')
  const name = v.slice(0, eq)
  if (eq <= 0 || /\s/.test(name))
    throw new InputError(
      `--interface ${v}: expected NAME=CIDR, the interface and the subnet behind it, e.g. --interface lan=10.0.1.0/24`,
    )
  const subnet = parseCidr(v.slice(eq + 1))
  if (!subnet)
    throw new InputError(
      `--interface ${v}: ${JSON.stringify(v.slice(eq + 1))} is not an IPv4 subnet such as 10.0.1.0/24`,
    )
  const twice = before.find((i) => i.name === name)
  if (twice)
    throw new InputError(
      `--interface ${v}: ${name} is given twice (first as ${name}=${formatCidr(twice.subnet)})`,
    )
  return { name, subnet }
}

export async function allowed(argv: string[], io: Io): Promise<number> {
  const args = readArgs(argv)
  const files = args.reference === undefined ? [args.file] : [args.file, args.reference]
  const read: Read[] = []
  for (const file of files) read.push(await readSource(file, args.from))
  checkOptions(args, files, read)
  const [fw, ref] = files.map((file, k) => analysed(file, read[k], args, io))
  if (ref === undefined) {
    io.out(formatAllowed(fw))
    return EXIT_OK
  }
  const why = incomparable(fw.spec, ref.spec)
  const across = read.some((r) => r.source === 'aws') && read.some((r) => isRouter(r.source))
  if (why !== null && across && fw.spec.kind === ref.spec.kind)
    throw new InputError(
      `${why}: AWS rules guard the --subnet from everything else (0.0.0.0/0), so give the router exactly those two interfaces and the AWS rules take their names, e.g. --interface wan=0.0.0.0/0 --interface lan=${formatCidr(args.subnet ?? { addr: 0x0a000100, len: 24 })}`,
    )
  if (why !== null) throw new InputError(why)
  // AWS rules see only what crosses them (firewall-spec.ts awsFirewall): a router's traffic that
  // stays on one side is no difference between the two, and compared it would look like one.
  const directions = fw.directions ?? ref.directions
  const [a, b] = [fw, ref].map((x) => ({ ...x, directions }))
  const lines = [
    ...formatDifference(a, b, 'FILE', 'REFERENCE'),
    '',
    ...formatDifference(b, a, 'REFERENCE', 'FILE'),
    ...(across
      ? ['', 'traffic that stays on one side never meets the AWS rules, so it is not compared']
      : []),
  ]
  io.out(`FILE ${args.file}, REFERENCE ${args.reference}\n\n${lines.join('\n')}\n`)
  return EXIT_OK
}
