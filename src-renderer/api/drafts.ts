// A lab's draft: read it back, save it. Runs in the renderer.
import type { Draft } from '../../src-main/shared/ipc-contract'
import { portwise } from './portwise'

export interface LabRef {
  packId: string
  labId: string
}

export function getDraft(lab: LabRef): Promise<Draft | null> {
  return portwise().draftGet(lab)
}

export function saveDraft(lab: LabRef, text: string): Promise<{ savedAt: number }> {
  return portwise().draftSave({ ...lab, text })
}
