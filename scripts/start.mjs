// `npm start`: the desktop app when the Electron binary is installed, otherwise a clear message
// and the browser host. Runs in Node.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    return require('electron') // the binary's path; throws when the download never happened
  } catch {
    return null
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s))
}

const binary = electronBinary()
if (binary && existsSync(binary)) {
  run(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'preview'])
} else {
  const host = new URL('../src-main/host/main.ts', import.meta.url)
  console.log(
    'Portwise: the Electron binary is not installed here (its download needs internet access),\n' +
      '          so Portwise opens in your browser instead: the same app, served only to this machine.',
  )
  if (!existsSync(host)) {
    console.log('Portwise: the browser host is not built yet in this version; `npx portwise --help` lists what works.')
    process.exit(1)
  }
  run(process.execPath, [require.resolve('tsx/cli'), fileURLToPath(host), ...process.argv.slice(2)])
}
