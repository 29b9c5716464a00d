// What Open a lab pack… says (src-renderer/lab/install-said.ts) and the version order main uses to
// tell an update from a step back (src-main/ipc/pack-installer.ts): an old .labpack opened again
// replaced a newer course under the word "Installed". Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { compareVersions } from '../../../src-main/ipc/pack-installer'
import type { PackInstalled } from '../../../src-main/shared/ipc-contract'
import { installSaid } from '../../../src-renderer/lab/install-said'

const pack = (p: Partial<PackInstalled>): PackInstalled => ({
  id: 'basics',
  version: '1.1.0',
  title: 'Basics',
  outcome: 'installed',
  labs: 2,
  ...p,
})

describe('installSaid', () => {
  it('a new pack is installed; the same one again is already installed', () => {
    expect(installSaid(pack({}))).toBe('Installed “Basics” 1.1.0: 2 labs below.')
    expect(installSaid(pack({ outcome: 'unchanged' }))).toBe('“Basics” 1.1.0 is already installed.')
  })

  it('names the version an update replaced', () => {
    expect(
      installSaid(pack({ outcome: 'updated', replaced: { version: '1.0.0', newer: false } })),
    ).toBe('Updated “Basics” from 1.0.0 to 1.1.0: 2 labs below.')
  })

  it('says plainly that an older version replaced a newer one, and what that does to exports', () => {
    const said = installSaid(
      pack({ version: '0.9.0', outcome: 'updated', replaced: { version: '1.1.0', newer: true } }),
    )
    expect(said).toBe(
      'Replaced “Basics” 1.1.0 with 0.9.0, an older version: 2 labs below. Attempts made with 1.1.0 are left out of Export results until it is installed again.',
    )
  })
})

describe('compareVersions', () => {
  it('orders major, minor and patch as numbers, and a release above its pre-releases', () => {
    const sorted = ['1.10.0', '1.2.0', '0.9.0', '1.2.0-beta', '1.2.0-alpha', '2.0.0', '1.2.1']
    expect([...sorted].sort(compareVersions)).toEqual([
      '0.9.0',
      '1.2.0-alpha',
      '1.2.0-beta',
      '1.2.0',
      '1.2.1',
      '1.10.0',
      '2.0.0',
    ])
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0)
  })
})
