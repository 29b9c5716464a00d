// The `rules:parse` and `rules:print` services: nft text to rule rows and back, sets split into
// rows, and problems at a line and column or a path. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { parseRulesText, printRulesText } from '../../../src-main/ipc/rules-service'

const NFT = `table inet filter {
  chain forward {
    type filter hook forward priority filter; policy drop;
    iifname "outside" ip daddr 1.3.3.7 tcp dport https accept
    tcp dport { 80, 443 } accept comment "web"
  }
}
`

describe('rules:parse', () => {
  it('reads nft into rows, one per set member, with their lines', () => {
    expect(parseRulesText('nft', NFT)).toEqual({
      status: 'parsed',
      stateful: false,
      chains: {
        forward: {
          policy: 'drop',
          rules: [
            { action: 'accept', in: 'outside', proto: 'tcp', dst: '1.3.3.7', dport: 443 },
            { action: 'accept', proto: 'tcp', dport: 80, comment: 'web' },
            { action: 'accept', proto: 'tcp', dport: 443, comment: 'web' },
          ],
        },
      },
      lines: { forward: [4, 5, 5] },
    })
  })

  it('reports problems at their line and column', () => {
    const r = parseRulesText('nft', NFT.replace('dport https', 'dport 99999'))
    expect(r).toMatchObject({
      status: 'invalid',
      diagnostics: [
        { line: 4, column: expect.any(Number), message: expect.stringContaining('99999') },
      ],
    })
  })
})

describe('rules:print', () => {
  it('prints rows as nft, and reads back the same rows', () => {
    const filter = {
      kind: 'stateful' as const,
      forward: {
        policy: 'drop' as const,
        rules: [
          { action: 'accept' as const, ct: ['established', 'related'] },
          { action: 'accept' as const, in: 'outside', proto: 'tcp' as const, dport: '1024-65535' },
        ],
      },
    }
    const printed = printRulesText('nft', ['outside', 'inside'], filter)
    expect(printed.status).toBe('printed')
    const text = printed.status === 'printed' ? printed.text : ''
    expect(text).toContain('ct state established,related accept')
    expect(parseRulesText('nft', text)).toMatchObject({
      status: 'parsed',
      chains: { forward: filter.forward },
    })
  })

  it('names the path of a bad cell', () => {
    const filter = {
      kind: 'stateless' as const,
      forward: {
        policy: 'drop' as const,
        rules: [{ action: 'accept' as const, proto: 'tcp' as const, dport: 'http' }],
      },
    }
    expect(printRulesText('nft', ['outside'], filter)).toMatchObject({
      status: 'invalid',
      field: 'forward.rules[0].dport',
    })
  })
})
