// Runs after `npm install` (Node, outside the app). package.json's `allowScripts` stops npm from
// running Electron's own install step, which downloads its binary and fails the whole install on a
// machine without internet. We run that step here instead and let it fail politely: the app then
// runs in the browser host (`npm start` says so) and every test still runs.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let installer
try {
  installer = require.resolve('electron/install.js')
} catch {
  process.exit(0) // production install without devDependencies: nothing to fetch
}
const electronDir = installer.replace(/install\.js$/, '')
if (existsSync(electronDir + 'path.txt')) process.exit(0) // binary already there

const run = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 300_000 })
if (run.status === 0 && existsSync(electronDir + 'path.txt')) {
  console.log('portwise: Electron binary installed.')
} else {
  console.log(
    'portwise: the Electron binary could not be downloaded (no internet access?).\n' +
      '          Everything else is installed: `npm start` will open Portwise in your browser instead,\n' +
      '          and `npm test` runs all tests. Run `npm install` again when online for the desktop app.',
  )
}
