// Where Portwise keeps progress when no --data-dir is given: the platform's app-data folder, the
// same folder Electron's app.getPath('userData') gives the desktop app (src-main/app/main.ts sets
// the name), so both hosts share one progress file. Runs in Node.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_FOLDER = 'Portwise'

/** Electron's appData: %APPDATA%, ~/Library/Application Support, or $XDG_CONFIG_HOME / ~/.config. */
export function appDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME || join(home, '.config')
}

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  return join(appDataDir(platform, env, home), APP_FOLDER)
}
