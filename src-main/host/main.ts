// `npm run web -- [--port N] [--data-dir DIR]`: the browser host. Opens the progress database,
// serves the built renderer and the contract's calls on 127.0.0.1, and prints the address (token
// included) on a line of its own on stdout; everything else goes to stderr. Runs in Node (tsx).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Emit } from '../ipc/handlers'
import { openServices } from '../ipc/open-services'
import { parseHostArgs, UsageError } from './args'
import { defaultDataDir } from './data-dir'
import { startHost } from './server'

const root = fileURLToPath(new URL('../..', import.meta.url))
const rendererDir = join(root, 'out', 'renderer')

async function main(argv: string[]): Promise<void> {
  let args
  try {
    args = parseHostArgs(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    console.error(`portwise: ${e.message}`)
    process.exit(2)
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(
      'portwise: the renderer is not built (out/renderer): `npm run web` and `npm start` build it.',
    )
    process.exit(1)
  }
  const dataDir = args.dataDir ?? process.env.PORTWISE_DATA_DIR ?? defaultDataDir()
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string
  }
  // Events go to every connected page; the server exists only after the services it serves.
  let broadcast: Emit = () => {}
  const services = openServices({
    dataDir,
    host: 'browser',
    version,
    labsDir: join(root, 'labs'),
    emit: (e, p) => broadcast(e, p),
  })
  for (const n of services.notices) console.error(`portwise: ${n.text}`)
  const host = await startHost({ handlers: services.handlers, rendererDir, port: args.port })
  broadcast = host.broadcast
  console.error(`portwise: browser host for this machine only; progress kept in ${dataDir}`)
  console.log(host.url)
  const stop = async () => {
    await host.close()
    services.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

await main(process.argv.slice(2))
