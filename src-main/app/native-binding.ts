// Which better-sqlite3 addon the desktop app loads. node_modules holds the build for Node (tests,
// CLI, browser host), which Electron cannot load (another ABI). `npm start` builds a copy for
// Electron in node_modules/.cache and names it in PORTWISE_SQLITE_BINDING (scripts/start.mjs);
// a packaged app has node_modules rebuilt for Electron by electron-builder and needs nothing.
// Runs in the Electron main process.
import { existsSync } from 'node:fs'

export const BINDING_ENV = 'PORTWISE_SQLITE_BINDING'

/** The addon path to pass as better-sqlite3's `nativeBinding`, or undefined for the default. */
export function sqliteBinding(env: NodeJS.ProcessEnv, packaged: boolean): string | undefined {
  if (packaged) return undefined
  const path = env[BINDING_ENV]
  return path && existsSync(path) ? path : undefined
}

/** What to tell the learner when the addon cannot be loaded in a development checkout. */
export function bindingHelp(error: unknown): string {
  const message = (error as Error)?.message ?? String(error)
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF|not a valid Win32/i.test(
    message,
  )
    ? `The database addon in this checkout is built for Node, not Electron. Start Portwise with \`npm start\`, which builds the Electron copy.\n\n${message}`
    : message
}
