// The browser host's server: the built renderer over HTTP and the contract's calls over one
// WebSocket, on 127.0.0.1 only, for requests carrying this run's token (request-guard.ts). Calls
// go through the same dispatch as Electron's IPC: same channels, same schemas. Runs in Node.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { dispatch, failure, type Handlers, describeIssues } from '../ipc/dispatch'
import { browserHostMetaPolicy, browserHostPolicy } from '../shared/csp'
import type { EventName, EventPayload } from '../shared/ipc-contract'
import { WIRE_PATH, type WireAnswer, type WireEvent, wireCall } from '../shared/web-wire'
import { type GuardOptions, hostOrigin, refusal, tokenCookie } from './request-guard'
import { contentType, staticFile } from './static-files'
import { MAX_PACK_BYTES } from '../shared/ipc-contract'

export interface HostOptions {
  handlers: Handlers
  /** the built renderer: out/renderer */
  rendererDir: string
  /** 0 or absent: any free port */
  port?: number
  /** absent: 32 random bytes, hex */
  token?: string
  log?: (message: string) => void
}

export interface RunningHost {
  /** `http://127.0.0.1:N/?token=…`: the only address that opens the app */
  url: string
  port: number
  token: string
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void
  close(): Promise<void>
}

/**
 * The largest call is an uploaded lab pack: at most MAX_PACK_BYTES, a third larger as base64, in
 * a small JSON envelope. (A draft is at most 1 MB of text, which JSON escaping can double.)
 */
const MAX_MESSAGE = Math.ceil(MAX_PACK_BYTES / 3) * 4 + 64 * 1024

const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { handlers, rendererDir, log = console.error } = options
  const token = options.token ?? randomBytes(32).toString('hex')
  const guard: GuardOptions = { token, port: 0 }
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE })

  const server = createServer((req, res) => {
    serve(req, res).catch((e: unknown) => {
      log(`portwise host: ${req.url}: ${(e as Error)?.stack ?? String(e)}`)
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end('internal error')
    })
  })

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const why = refusal(req, guard)
    if (why) return plain(res, 403, `Forbidden: ${why}. Open the address the host printed.`)
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed')
    const path = new URL(req.url ?? '/', hostOrigin(guard.port)).pathname
    const file = staticFile(rendererDir, path)
    if (!file) return plain(res, 404, 'Not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return plain(res, 404, 'Not found')
    }
    const policy = browserHostPolicy(guard.port)
    const headers: Record<string, string> = {
      ...securityHeaders(policy),
      'Content-Type': contentType(file),
    }
    if (file.endsWith('index.html')) {
      // The page's own <meta> policy must name the same WebSocket, or the stricter of the two
      // (both apply) would block it; its port is known only now. A <meta> cannot carry
      // frame-ancestors (browsers warn), so it gets the meta form.
      body = Buffer.from(
        body.toString('utf8').replace(META_CSP, `$1${browserHostMetaPolicy(guard.port)}$2`),
      )
      headers['Set-Cookie'] = tokenCookie(guard)
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', hostOrigin(guard.port)).pathname
    // WebSockets ignore the same-origin policy: the Origin header is the whole defence.
    const why = path !== WIRE_PATH ? 'no such endpoint' : refusal(req, guard)
    if (why || req.headers.origin !== hostOrigin(guard.port)) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nForbidden: ${why ?? 'request from another origin'}\r\n`,
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => connected(ws))
  })

  function connected(ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      void answer(ws, isBinary ? null : data.toString())
    })
  }

  async function answer(ws: WebSocket, text: string | null) {
    let message: unknown = undefined
    try {
      message = text === null ? undefined : JSON.parse(text)
    } catch {
      // reported below as a malformed call
    }
    const call = wireCall.safeParse(message)
    const reply: WireAnswer = call.success
      ? {
          id: call.data.id,
          result: await dispatch(handlers, call.data.channel, call.data.payload, log),
        }
      : {
          id: -1,
          result: failure(
            'bad-request',
            `malformed call: ${call.error ? describeIssues(call.error) : 'not JSON'}`,
          ),
        }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // Loopback only: the host is for this machine, never the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  guard.port = (server.address() as AddressInfo).port

  return {
    url: `${hostOrigin(guard.port)}/?token=${token}`,
    port: guard.port,
    token,
    broadcast(event, payload) {
      const text = JSON.stringify({ event, payload } satisfies WireEvent)
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text)
    },
    close() {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

function securityHeaders(policy: string): Record<string, string> {
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    // The token is in the page's address: never send it anywhere in a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  }
}

function plain(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    ...securityHeaders("default-src 'none'"),
  })
  res.end(text + '\n')
}
