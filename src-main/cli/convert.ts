// `portwise convert --from nft|iptables|aws --to nft|iptables|aws [--aws-kind nacl|sg] FILE|-`:
// reads a rule set in one dialect and writes it, whole, in another (src-main/dialects). Runs in Node.
import { readFile } from 'node:fs/promises'
import { DIALECTS, type Dialect, parseRuleSet, printRuleSet } from '../dialects/dialect'
import { type Diagnostic, formatDiagnostic } from '../dialects/diagnostic'
import { EXIT_OK, InputError, type Io } from './io'

export const CONVERT_USAGE =
  'usage: portwise convert --from nft|iptables|aws --to nft|iptables|aws [--aws-kind nacl|sg] FILE|-'

const AWS_KINDS = { nacl: 'network-acl', sg: 'security-group' } as const

export async function convert(args: string[], io: Io): Promise<number> {
  const opts = readArgs(args)
  let text: string
  try {
    // `-` is standard input, so `nft list ruleset | portwise convert … -` works
    text = opts.file === '-' ? await readStdin() : await readFile(opts.file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new InputError(
      `${opts.file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`,
    )
  }
  const parsed = parseRuleSet(opts.from, text)
  // errors name stdin by that name, not "-"
  const name = opts.file === '-' ? 'stdin' : opts.file
  if (!parsed.ok) throw problems(name, `is not a valid ${opts.from} rule set`, parsed.errors)
  const printed = printRuleSet(opts.to, parsed.ruleSet, {
    origins: parsed.origins,
    awsKind: opts.awsKind,
  })
  if (!printed.ok) throw problems(name, `cannot be written as ${opts.to}`, printed.errors)
  // notes (a comment the target has no room for, an implied rule made explicit) go to stderr so
  // that stdout stays a file the target tool loads
  for (const n of printed.notes) io.err(`note: ${formatDiagnostic(name, n)}\n`)
  io.out(printed.text)
  return EXIT_OK
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Every problem, one per line, under a line saying what failed (exit status 2). */
export function problems(file: string, what: string, list: Diagnostic[]): InputError {
  return new InputError(
    [`${file} ${what}:`, ...list.map((d) => '  ' + formatDiagnostic(file, d))].join('\n'),
  )
}

interface ConvertArgs {
  from: Dialect
  to: Dialect
  file: string
  awsKind?: (typeof AWS_KINDS)[keyof typeof AWS_KINDS]
}

function readArgs(args: string[]): ConvertArgs {
  const values: Record<string, string> = {}
  const files: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const eq = a.indexOf('=')
    const [key, inline] =
      a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined]
    if (key === '--from' || key === '--to' || key === '--aws-kind') {
      const v = inline ?? args[++i]
      if (v === undefined) throw new InputError(`${key} needs a value\n${CONVERT_USAGE}`)
      values[key] = v
    } else if (a.startsWith('-') && a !== '-')
      throw new InputError(`unknown option ${a}\n${CONVERT_USAGE}`)
    else files.push(a)
  }
  const dialect = (key: string): Dialect => {
    const v = values[key]
    if (v === undefined) throw new InputError(`${key} is required\n${CONVERT_USAGE}`)
    if (!(DIALECTS as readonly string[]).includes(v))
      throw new InputError(`${key} ${v}: not one of ${DIALECTS.join(', ')}\n${CONVERT_USAGE}`)
    return v as Dialect
  }
  const from = dialect('--from')
  const to = dialect('--to')
  if (files.length !== 1) throw new InputError(CONVERT_USAGE)
  const out: ConvertArgs = { from, to, file: files[0] }
  const kind = values['--aws-kind']
  if (kind !== undefined) {
    if (!(kind in AWS_KINDS))
      throw new InputError(`--aws-kind ${kind}: not nacl or sg\n${CONVERT_USAGE}`)
    if (to !== 'aws') throw new InputError(`--aws-kind is only for --to aws\n${CONVERT_USAGE}`)
    out.awsKind = AWS_KINDS[kind as keyof typeof AWS_KINDS]
  }
  return out
}
