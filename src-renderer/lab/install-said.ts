// What Open a lab pack… says once a pack is in: installed, already there, or which version it
// replaced — said plainly when that one was newer (an old .labpack opened again would otherwise
// swap a learner's course for an older one under the word "Installed"). Pure; runs in the renderer.
import type { PackInstalled } from '../../src-main/shared/ipc-contract'

export function installSaid(p: PackInstalled): string {
  const labs = `${p.labs} lab${p.labs === 1 ? '' : 's'} below`
  if (p.outcome === 'unchanged') return `“${p.title}” ${p.version} is already installed.`
  if (p.outcome === 'updated' && p.replaced) {
    if (p.replaced.newer)
      return `Replaced “${p.title}” ${p.replaced.version} with ${p.version}, an older version: ${labs}. Attempts made with ${p.replaced.version} are left out of Export results until it is installed again.`
    return `Updated “${p.title}” from ${p.replaced.version} to ${p.version}: ${labs}.`
  }
  return `Installed “${p.title}” ${p.version}: ${labs}.`
}
