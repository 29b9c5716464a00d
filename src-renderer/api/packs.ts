// Lab packs and their labs: the listing with progress, opening a lab, grading, hints,
// predictions, tracing with the learner's rules, submitting, installing a pack and exporting
// results. Thin wrappers over window.portwise. Runs in the renderer.
import type {
  PackInstalled,
  ResultsExportResponse,
  ResultsSaveResponse,
} from '../../src-main/shared/ipc-contract'
import type { FilterKind, TopologyTraceResponse } from '../../src-main/shared/lab-types'
import type { LabGrade, LabOpened, PackListing } from '../../src-main/shared/lab-view'
import type { LabRef } from './drafts'
import { portwise } from './portwise'

/** The learner's work on a lab: firewalls by editable id, answers by question id. */
export interface LabWork {
  rules: Record<string, unknown>
  answers: Record<string, unknown>
}

export interface Prediction {
  pass?: boolean
  rule?: { node: string; index: number | null }
}

export const listLabs = (): Promise<PackListing[]> => portwise().labList()
export const openLab = (lab: LabRef): Promise<LabOpened> => portwise().labOpen(lab)
export const gradeLab = (lab: LabRef, work: LabWork): Promise<LabGrade> =>
  portwise().labGrade({ ...lab, ...work })
export const revealHint = (lab: LabRef): Promise<{ hints: string[] }> => portwise().labHint(lab)
export const predict = (lab: LabRef, objectiveId: string, prediction: Prediction) =>
  portwise().labPredict({ ...lab, objectiveId, prediction })
export const submitLab = (
  lab: LabRef,
  work: LabWork,
  startedAt: number,
): Promise<{ id: number; grade: LabGrade }> => portwise().labSubmit({ ...lab, ...work, startedAt })
export const traceLab = (
  lab: LabRef,
  rules: Record<string, unknown>,
  flows?: string[],
  kind?: FilterKind,
): Promise<TopologyTraceResponse> => portwise().labTrace({ ...lab, rules, flows, kind })

export const installPack = (name: string, bytesBase64: string): Promise<PackInstalled> =>
  portwise().packInstall({ name, bytesBase64 })
export const choosePack = (): Promise<PackInstalled | null> => portwise().packChoose()

export interface Learner {
  packId: string
  learnerName: string
  learnerId: string
}
export const exportResults = (r: Learner): Promise<ResultsExportResponse> =>
  portwise().resultsExport(r)
export const saveResults = (r: Learner): Promise<ResultsSaveResponse> => portwise().resultsSave(r)

export const onPackInstalled = (listener: (p: PackInstalled) => void) =>
  portwise().onPackInstalled(listener)
export const onExportRequested = (listener: () => void) =>
  portwise().onResultsExportRequested(() => listener())
