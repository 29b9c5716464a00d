// The `portwise` command line: dispatches to one module per command. Runs in Node.
import { ALLOWED_USAGE, allowed } from './allowed'
import { CONVERT_USAGE, convert } from './convert'
import { GRADE_USAGE, grade } from './grade'
import { EXIT_BAD_INPUT, InputError, type Io } from './io'
import { PACK_USAGE, pack } from './pack'
import { SIMULATE_USAGE, simulate } from './simulate'
import { TRACE_USAGE, trace } from './trace'

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  simulate,
  trace,
  allowed,
  convert,
  pack,
  grade,
}

/** What `portwise COMMAND --help` prints. */
const COMMAND_USAGE: Record<string, string> = {
  simulate: SIMULATE_USAGE,
  trace: TRACE_USAGE,
  allowed: ALLOWED_USAGE,
  convert: CONVERT_USAGE,
  pack: PACK_USAGE,
  grade: GRADE_USAGE,
}

const USAGE = `usage: portwise <command> [options]

commands:
  simulate [--explain] FILE   run a portwise-scenario/1 file: the verdict of every packet, as JSON
                              (--explain: one readable line per packet, then the connection table)
  trace TOPOLOGY|LAB_DIR [--solution] [--flow NAME]... [--seed N] [--text]
                              run a topology's flows: every packet, every hop, and each flow's
                              outcome, as JSON (--text: a readable ladder of packets); a lab's
                              folder runs with its starting rules, or its solution
  allowed FILE [--against REF] [--interface NAME=CIDR]... [--subnet CIDR] [--from nft|iptables|aws]
                              every packet the firewall accepts, per direction, as disjoint boxes,
                              and rules that can never change a verdict (shadowed, redundant);
                              FILE, REF: a portwise-scenario/1 file, nft or iptables rules (the
                              forward chain, between the interfaces given) or an AWS network ACL
                              or security group (guarding the subnet given)
  convert --from nft|iptables|aws --to nft|iptables|aws [--aws-kind nacl|sg] FILE|-
                              the rule set in another dialect, a whole file the target tool loads;
                              what the target cannot express is an error naming it
  pack validate DIR|FILE      check a lab pack: schemas, solutions pass, starting states fail,
                              links and images; one problem a line, exit 2 when invalid
  pack build DIR [--out FILE] write the pack as a .labpack file
  grade BUNDLE... --pack PACK [--csv F] [--canvas F] [--moodle F] [--xapi F] [--feedback DIR] [--summary F]
                              regrade learners' result bundles from their rules, flag hand-edited
                              scores, write gradebooks, xAPI statements and feedback pages
`

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...args] = argv
  if (command === undefined) {
    // a usage error: stderr, so `portwise > out.txt` does not file the usage as output
    io.err(USAGE)
    return EXIT_BAD_INPUT
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE)
    return 0
  }
  const run = COMMANDS[command]
  if (!run) {
    io.err(`portwise: unknown command "${command}"\n${USAGE}`)
    return EXIT_BAD_INPUT
  }
  if (args.includes('--help') || args.includes('-h')) {
    // asked for, so output: stdout and exit 0
    const usage = COMMAND_USAGE[command]
    io.out(usage.endsWith('\n') ? usage : `${usage}\n`)
    return 0
  }
  try {
    return await run(args, io)
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    io.err(e.message + '\n')
    return EXIT_BAD_INPUT
  }
}
