// The Instructor screen's calls: regrade a class's bundles against a pack (with progress events),
// and export the gradebook files as a zip (browser) or into a folder main's dialog chooses
// (desktop app). Thin wrappers over window.portwise. Runs in the renderer.
import type {
  ClassGrading,
  GradebookSaveResponse,
  GradebookZip,
  GradeProgress,
} from '../../src-main/shared/grading-view'
import { portwise } from './portwise'

export interface BundleFile {
  name: string
  text: string
}

export const gradeClass = (packId: string, run: string, bundles: BundleFile[]) =>
  portwise().gradeClass({ packId, run, bundles }) satisfies Promise<ClassGrading>
export const exportGradebooks = (gradingId: string): Promise<GradebookZip> =>
  portwise().gradeExport({ gradingId })
export const saveGradebooks = (gradingId: string): Promise<GradebookSaveResponse> =>
  portwise().gradeSave({ gradingId })
export const onGradeProgress = (listener: (p: GradeProgress) => void) =>
  portwise().onGradeProgress(listener)
