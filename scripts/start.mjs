// `npm start` and `npm run web`: the desktop app when the Electron binary is installed, otherwise
// (or with --web) the browser host: build the renderer if it is missing or older than its
// sources, start the host, print its address and open it in the browser when there is a display.
// Runs in Node, outside the app.
//
//   node scripts/start.mjs [--web] [--rebuild] [--no-open] [--port N] [--data-dir DIR]
//
// --web forces the browser host; --rebuild builds the renderer even when it looks current;
// --no-open only prints the address. --port and --data-dir go to the host (src-main/host/args.ts).
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
const OWN_FLAGS = ['--web', '--rebuild', '--no-open']
const argv = process.argv.slice(2)
const flags = new Set(argv.filter((a) => OWN_FLAGS.includes(a)))
const hostArgs = argv.filter((a) => !OWN_FLAGS.includes(a))

/** A package's own file that its `exports` do not list (CLIs), in the project's node_modules. */
function packageFile(name, file) {
  return join(root, 'node_modules', name, file)
}

function electronBinary() {
  try {
    return require('electron') // the binary's path; throws when the download never happened
  } catch {
    return null
  }
}

/** Output on stderr, so stdout carries only the host's address (tests and scripts read it). */
function say(text) {
  console.error(`Portwise: ${text}`)
}

function forward(child) {
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => child.kill(s))
}

// ---- the desktop app ----------------------------------------------------------------------

/**
 * better-sqlite3 is a native addon: node_modules holds the build for Node (tests, CLI, browser
 * host) and is never touched. Electron has another ABI, so the first desktop start builds a copy
 * for it in node_modules/.cache, keyed by Electron version, platform and arch, and the app loads
 * that copy through better-sqlite3's `nativeBinding` option (PORTWISE_SQLITE_BINDING). Packaged
 * apps do not need this: electron-builder rebuilds the addon for Electron (electron-builder.yml).
 */
function electronSqliteBinding() {
  const electronVersion = JSON.parse(
    readFileSync(require.resolve('electron/package.json'), 'utf8'),
  ).version
  const sqliteDir = join(require.resolve('better-sqlite3/package.json'), '..')
  const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version
  const key = `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${process.platform}-${process.arch}`
  const cache = join(root, 'node_modules', '.cache', 'portwise-electron', key)
  const binding = join(cache, 'better_sqlite3.node')
  if (existsSync(binding)) return binding

  say(`building the database addon for Electron ${electronVersion} (once; needs internet access)…`)
  const work = join(cache, 'work')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  // A private copy of the package, so node_modules' Node build is left exactly as it is.
  const oldBuild = join(sqliteDir, 'build')
  cpSync(sqliteDir, work, {
    recursive: true,
    filter: (src) => src !== oldBuild && !src.startsWith(oldBuild + sep),
  })
  const target = [
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    process.arch,
    '--platform',
    process.platform,
  ]
  // First a prebuilt binary from better-sqlite3's releases, then a compile against Electron's headers.
  const attempts = [
    [process.execPath, require.resolve('prebuild-install/bin.js'), ...target, '--verbose'],
    [
      ...nodeGyp(),
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
  ].map((cmd) => [cmd[0], cmd.slice(1)])
  for (const [command, args] of attempts) {
    const run = spawnSync(command, args, { cwd: work, stdio: ['ignore', 'inherit', 'inherit'] })
    const built = join(work, 'build', 'Release', 'better_sqlite3.node')
    if (run.status === 0 && existsSync(built)) {
      cpSync(built, binding)
      rmSync(work, { recursive: true, force: true })
      return binding
    }
  }
  rmSync(work, { recursive: true, force: true })
  return null
}

/** npm's own node-gyp (npm passes its path to scripts), else whatever npx finds. */
function nodeGyp() {
  const bundled = process.env.npm_config_node_gyp
  if (bundled && existsSync(bundled)) return [process.execPath, bundled]
  return [process.platform === 'win32' ? 'npx.cmd' : 'npx', '--yes', 'node-gyp']
}

function startElectron() {
  const binding = electronSqliteBinding()
  if (!binding) {
    say(
      'the database addon could not be built for Electron, so Portwise opens in your browser instead.',
    )
    return startBrowserHost()
  }
  const env = { ...process.env, PORTWISE_SQLITE_BINDING: binding }
  // `electron-vite preview` builds main, preload and renderer, then starts Electron on them.
  const cli = packageFile('electron-vite', 'bin/electron-vite.js')
  forward(
    spawn(process.execPath, [cli, 'preview', ...hostArgs], { cwd: root, stdio: 'inherit', env }),
  )
}

// ---- the browser host ---------------------------------------------------------------------

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function rendererIsCurrent() {
  const page = join(root, 'out', 'renderer', 'index.html')
  if (!existsSync(page)) return false
  const built = statSync(page).mtimeMs
  const sources = [join(root, 'src-renderer'), join(root, 'src-main', 'shared')]
  return sources.every((dir) => newestMtime(dir) <= built)
}

function buildRenderer() {
  say('building the app for the browser…')
  const vite = packageFile('vite', 'bin/vite.js')
  const config = join(root, 'src-renderer', 'vite.config.ts')
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--config', config, '--logLevel', 'warn'],
    {
      cwd: root,
      // Vite's output goes to stderr: stdout is for the address alone.
      stdio: ['ignore', process.stderr, 'inherit'],
    },
  )
  if (run.status !== 0) {
    say('building the renderer failed (see above).')
    process.exit(1)
  }
}

function hasDisplay() {
  if (process.platform === 'win32' || process.platform === 'darwin') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

function openBrowser(url) {
  if (flags.has('--no-open')) return
  if (!hasDisplay()) {
    say('no display here, so no browser was opened: open the address above on this machine.')
    return
  }
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]]
  const child = spawn(command, args, { stdio: 'ignore', detached: true })
  child.on('error', () => say(`could not run ${command}: open the address above in your browser.`))
  child.unref()
  say('opening it in your browser.')
}

function startBrowserHost() {
  if (flags.has('--rebuild') || !rendererIsCurrent()) buildRenderer()
  const host = join(root, 'src-main', 'host', 'main.ts')
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), host, ...hostArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let buffer = ''
  let opened = false
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk)
    if (opened) return
    buffer += chunk.toString()
    const url = /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m.exec(buffer)?.[0]
    if (url) {
      opened = true
      openBrowser(url)
    }
  })
  forward(child)
}

const binary = flags.has('--web') ? null : electronBinary()
if (binary && existsSync(binary)) {
  startElectron()
} else {
  if (!flags.has('--web')) {
    say(
      'the Electron binary is not installed here (its download needs internet access),\n' +
        '          so Portwise opens in your browser instead: the same app, served only to this machine.',
    )
  }
  startBrowserHost()
}
