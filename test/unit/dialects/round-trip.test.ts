// Round trips: printing a rule model and parsing the text gives the same model, for every dialect,
// on random models (fast-check). Runs in Node under Vitest.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAws } from '../../../src-main/dialects/aws-parser'
import { printAws } from '../../../src-main/dialects/aws-printer'
import type { ParseResult, PrintResult } from '../../../src-main/dialects/diagnostic'
import { parseIptables } from '../../../src-main/dialects/iptables-parser'
import { printIptables } from '../../../src-main/dialects/iptables-printer'
import { parseNft } from '../../../src-main/dialects/nft-parser'
import { printNft } from '../../../src-main/dialects/nft-printer'
import type { RuleSet } from '../../../src-main/dialects/ruleset'
import { linuxRuleSet, networkAcl, securityGroup } from './arbitraries'

const text = (r: PrintResult): string => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.text
}
const model = (r: ParseResult): RuleSet => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.ruleSet
}

const RUNS = { numRuns: 300 }

describe('round trips: print then parse gives the same model', () => {
  it('nft', () => {
    fc.assert(
      fc.property(linuxRuleSet(), (m) => {
        expect(model(parseNft(text(printNft(m))))).toEqual(m)
      }),
      RUNS,
    )
  })

  it('iptables (one ICMP type a rule, at most 15 multiport ports)', () => {
    fc.assert(
      fc.property(linuxRuleSet({ icmpMax: 1, portMax: 4 }), (m) => {
        expect(model(parseIptables(text(printIptables(m))))).toEqual(m)
      }),
      RUNS,
    )
  })

  it('AWS network ACL, rule numbers included', () => {
    fc.assert(
      fc.property(networkAcl, (m) => {
        expect(model(parseAws(text(printAws(m))))).toEqual(m)
      }),
      RUNS,
    )
  })

  it('AWS security group', () => {
    fc.assert(
      fc.property(securityGroup, (m) => {
        expect(model(parseAws(text(printAws(m))))).toEqual(m)
      }),
      RUNS,
    )
  })

  it('printed text is a fixed point: print, parse, print gives the same text', () => {
    fc.assert(
      fc.property(linuxRuleSet({ icmpMax: 1, portMax: 4 }), (m) => {
        const nft = text(printNft(m))
        expect(text(printNft(model(parseNft(nft))))).toBe(nft)
        const ipt = text(printIptables(m))
        expect(text(printIptables(model(parseIptables(ipt))))).toBe(ipt)
      }),
      { numRuns: 100 },
    )
  })

  it('across dialects: nft → iptables → nft keeps the model', () => {
    fc.assert(
      fc.property(linuxRuleSet({ icmpMax: 1, portMax: 4 }), (m) => {
        const viaIpt = model(parseIptables(text(printIptables(model(parseNft(text(printNft(m))))))))
        expect(model(parseNft(text(printNft(viaIpt))))).toEqual(m)
      }),
      { numRuns: 100 },
    )
  })

  it('AWS models survive a trip through nft and iptables', () => {
    fc.assert(
      fc.property(fc.oneof(networkAcl, securityGroup), (m) => {
        const { aws, ...rest } = m
        const strip = (s: RuleSet) => ({ ...s, chains: s.chains.map(({ numbers: _n, ...c }) => c) })
        const viaNft = model(parseNft(text(printNft(m))))
        expect(viaNft).toEqual(strip(rest))
        // numbers are an ACL's own: nft keeps the order, AWS numbers 100, 200, … again
        const back = model(parseAws(text(printAws({ ...viaNft, aws }))))
        expect(strip(back)).toEqual(strip(m))
      }),
      { numRuns: 100 },
    )
  })
})
