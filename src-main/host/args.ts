// The browser host's command line: `--port N` and `--data-dir DIR`, both optional, `--opt=value`
// accepted too. Runs in Node.
import { resolve } from 'node:path'

export const HOST_USAGE = 'usage: npm run web -- [--port N] [--data-dir DIR]'

export interface HostArgs {
  /** 0: any free port */
  port: number
  dataDir: string | null
}

export class UsageError extends Error {}

export function parseHostArgs(argv: readonly string[], cwd: string = process.cwd()): HostArgs {
  const args: HostArgs = { port: 0, dataDir: null }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? splitInline(argv[i]) : [argv[i], undefined]
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n${HOST_USAGE}`)
      return v
    }
    if (flag === '--port') {
      const v = value()
      const port = /^\d{1,5}$/.test(v) ? Number(v) : NaN
      if (!(port >= 0 && port <= 65535))
        throw new UsageError(`--port: "${v}" is not a port (0-65535)`)
      args.port = port
    } else if (flag === '--data-dir') {
      args.dataDir = resolve(cwd, value())
    } else {
      throw new UsageError(`unknown argument "${argv[i]}"\n${HOST_USAGE}`)
    }
  }
  return args
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=')
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)]
}
