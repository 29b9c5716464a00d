// The `portwise` command line: dispatches to one module per command. Runs in Node.
import { ALLOWED_USAGE, allowed } from './allowed'
import { CONVERT_USAGE, convert } from './convert'
import { GRADE_USAGE, grade } from './grade'
import { EXIT_BAD_INPUT, InputError, type Io } from './io'
import { PACK_USAGE, pack } from './pack'
import { SIMULATE_USAGE, simulate } from './simulate'
import { TRACE_USAGE, trace } from './trace'

/** Each command, and the usage `portwise COMMAND --help` prints. */
const COMMANDS: Record<
  string,
  { run: (args: string[], io: Io) => Promise<number>; usage: string }
> = {
  simulate: { run: simulate, usage: SIMULATE_USAGE },
  trace: { run: trace, usage: TRACE_USAGE },
  allowed: { run: allowed, usage: ALLOWED_USAGE },
  convert: { run: convert, usage: CONVERT_USAGE },
  pack: { run: pack, usage: PACK_USAGE },
  grade: { run: grade, usage: GRADE_USAGE },
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
  const cmd = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (!cmd) {
    io.err(`portwise: unknown command "${command}"\n${USAGE}`)
    return EXIT_BAD_INPUT
  }
  if (args.includes('--help') || args.includes('-h')) {
    // asked for, so output: stdout and exit 0
    io.out(cmd.usage.endsWith('\n') ? cmd.usage : `${cmd.usage}\n`)
    return 0
  }
  try {
    return await cmd.run(args, io)
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    io.err(e.message + '\n')
    return EXIT_BAD_INPUT
  }
}
