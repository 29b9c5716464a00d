// The dialects by name: one place that parses and prints any of them, for the CLI and the labs.
// Pure; runs anywhere.
import { parseAws } from './aws-parser'
import { type AwsKind, printAws } from './aws-printer'
import type { Origins, ParseResult, PrintResult } from './diagnostic'
import { parseIptables } from './iptables-parser'
import { printIptables } from './iptables-printer'
import { parseNft } from './nft-parser'
import { printNft } from './nft-printer'
import type { RuleSet } from './ruleset'

export type Dialect = 'nft' | 'iptables' | 'aws'
export const DIALECTS: readonly Dialect[] = ['nft', 'iptables', 'aws']

export function parseRuleSet(dialect: Dialect, text: string): ParseResult {
  if (dialect === 'nft') return parseNft(text)
  if (dialect === 'iptables') return parseIptables(text)
  return parseAws(text)
}

export interface PrintOptions {
  /** where the rules were written, to name lines in errors */
  origins?: Origins
  /** for aws: which object to write (default: as it came, else by statefulness) */
  awsKind?: AwsKind
}

export function printRuleSet(
  dialect: Dialect,
  set: RuleSet,
  options: PrintOptions = {},
): PrintResult {
  if (dialect === 'nft') return printNft(set, options.origins)
  if (dialect === 'iptables') return printIptables(set, options.origins)
  return printAws(set, options.origins, options.awsKind)
}
