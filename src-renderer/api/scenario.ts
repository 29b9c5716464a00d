// Running a scenario text through the engine in main. Runs in the renderer.
import type { ScenarioRunResponse } from '../../src-main/shared/ipc-contract'
import { portwise } from './portwise'

export function runScenario(text: string): Promise<ScenarioRunResponse> {
  return portwise().scenarioRun({ text })
}
