// How a node is named and drawn: its accessible name, its first address, the icon path for its
// kind or role. Pure; runs in the renderer.
import type { NodeJson } from '../../src-main/shared/lab-types'

export const NODE_SIZE = 44

export function addresses(n: NodeJson): string[] {
  return n.interfaces.filter((i) => i.address).map((i) => i.address!)
}

/** What the canvas calls a node: its label, else its id (`updates` is drawn as 'update server'). */
export function nodeName(nodes: readonly NodeJson[], id: string): string {
  return nodes.find((n) => n.id === id)?.label ?? id
}

export function kindLabel(n: NodeJson): string {
  if (n.kind !== 'host') return n.kind
  return n.role ? n.role.replace('-', ' ') : 'host'
}

/** "fw1, firewall, 119.18.36.1/24 and 1.3.3.1/24, locked" */
export function accessibleName(n: NodeJson): string {
  const a = addresses(n)
  const parts = [n.label ?? n.id, kindLabel(n)]
  if (a.length) parts.push(a.join(' and '))
  if (n.locked) parts.push('locked')
  return parts.join(', ')
}

/** An icon drawn in a 44×44 box centred on 0,0: shapes of their own per kind, not colour. */
export function iconPath(n: NodeJson): string {
  switch (n.kind) {
    case 'firewall':
      // a brick wall
      return 'M-16,-12h32v24h-32z M-16,-4h32 M-16,4h32 M-6,-12v8 M6,-4v8 M-6,4v8'
    case 'switch':
      // a flat box with two arrows
      return 'M-18,-8h36v16h-36z M-10,-2h14l-3,-3 M10,2h-14l3,3'
    case 'router':
      return 'M0,-16a16,16 0 1,0 0.1,0z M-8,0h16 M0,-8v16'
    default:
      if (n.role === 'client')
        // a monitor on its stand
        return 'M-16,-13h32v20h-32z M-6,12h12 M0,7v5'
      // a server: three stacked units
      return 'M-12,-16h24v10h-24z M-12,-5h24v10h-24z M-12,6h24v10h-24z'
  }
}
