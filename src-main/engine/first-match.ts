// The reference first-match scan: every rule in order, the first that matches wins (nft.txt). The
// compiled classifier (classifier/) must give the same answer for every packet; this stays the
// definition the tests, the explainer and odd packets fall back on. Pure; runs anywhere.
import type { Packet } from './packet'
import { type MatchContext, type Rule, ruleMatches } from './rule'

/** Index of the first rule the packet matches, or -1. */
export function firstMatch(rules: readonly Rule[], p: Packet, ctx: MatchContext): number {
  for (let i = 0; i < rules.length; i++) if (ruleMatches(rules[i], p, ctx)) return i
  return -1
}
