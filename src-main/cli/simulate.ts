// `portwise simulate [--explain] FILE`: runs a portwise-scenario/1 file (../shared/spec/scenario.md).
// Runs in Node.
import { explainDecision, formatConntrackTable, formatExplanation } from '../engine/explain'
import { FieldError } from '../engine/field-reader'
import { readScenario, runScenario } from '../engine/scenario'
import { EXIT_OK, InputError, type Io, readJsonFile } from './io'

export const SIMULATE_USAGE = 'usage: portwise simulate [--explain] FILE'

export async function simulate(args: string[], io: Io): Promise<number> {
  const explain = args.includes('--explain')
  const files = args.filter((a) => a !== '--explain')
  if (files.length !== 1 || files[0].startsWith('-')) throw new InputError(SIMULATE_USAGE)
  const json = await readJsonFile(files[0])
  let scenario
  try {
    scenario = readScenario(json)
  } catch (e) {
    if (e instanceof FieldError) throw new InputError(e.message)
    throw e
  }
  const run = runScenario(scenario)
  if (!explain) {
    const lines = run.results.map((r) => '  ' + JSON.stringify(r))
    io.out(`{ "results": [\n${lines.join(',\n')}\n] }\n`)
    return EXIT_OK
  }
  const lines = scenario.packets.map((p, i) =>
    formatExplanation(
      i,
      p,
      run.decisions[i],
      explainDecision(scenario.firewall, p, run.decisions[i]),
    ),
  )
  if (scenario.firewall.kind === 'stateful') {
    const now = scenario.packets.at(-1)?.time ?? 0
    lines.push('', formatConntrackTable(run.firewall.conntrack.list(now)))
  } else {
    lines.push('', 'stateless firewall: no connection table')
  }
  io.out(lines.join('\n') + '\n')
  return EXIT_OK
}
