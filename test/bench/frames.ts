// How long Home takes to become interactive, and frame times of the network lab's traffic
// animation with hundreds of packets in flight: starts
// the browser host on a fresh data folder, saves a Sandbox network draft whose flows send
// thousands of packets, opens the lab in Chromium (playwright-core) packed close enough that
// 500 or more are on the canvas at once, plays it and reports frame times from
// requestAnimationFrame. Runs under Node (tsx); not part of `npm test`.
//
//   npx tsx test/bench/frames.ts [--seconds 5] [--stagger 0.0025]
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { sandboxNetwork } from '../../src-main/shared/sandbox-network'

const root = fileURLToPath(new URL('../..', import.meta.url))
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const SECONDS = arg('seconds', 5)
const STAGGER = arg('stagger', 0.0025)
const TARGET_MS = 1000 / 60

/** The Sandbox network, stateful and open, with 36 ping flows of 64 echoes each: 4,608 packets. */
function busyNetwork() {
  const t = sandboxNetwork()
  const fw = t.nodes.find((n) => n.id === 'fw1')!
  fw.firewall = { kind: 'stateful', forward: { policy: 'accept', rules: [] } }
  const pairs = [
    ['client', 'server'],
    ['client', 'dns'],
    ['updates', 'server'],
    ['updates', 'dns'],
  ]
  t.flows = Array.from({ length: 36 }, (_, i) => {
    const [from, to] = pairs[i % pairs.length]
    return { name: `ping ${i}`, kind: 'ping' as const, from, to, count: 64 }
  })
  return t
}

function startHost(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['scripts/start.mjs', '--web', '--no-open', '--port', '0', '--data-dir', dataDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m.exec(out)
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') })
    })
    child.on('exit', (code) => reject(new Error(`the host exited (${code})`)))
  })
}

/**
 * The page-side measurement, as source text: tsx would wrap a function's inner arrows in a
 * `__name` helper the page does not have.
 */
const measure = (seconds: number) => `(async () => {
  const canvas = document.querySelector('canvas.topo-canvas')
  const frames = []
  const flying = []
  let last = performance.now()
  const end = last + ${seconds} * 1000
  await new Promise((done) => {
    const tick = (now) => {
      frames.push(now - last)
      flying.push(Number(canvas.dataset.inFlight || 0))
      last = now
      if (now < end) requestAnimationFrame(tick)
      else done()
    }
    requestAnimationFrame(tick)
  })
  return { frames: frames.slice(1), flying }
})()`

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

async function main() {
  const host = await startHost(mkdtempSync(join(tmpdir(), 'portwise-bench-')))
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const [base, token] = host.url.split('?')

    // Home interactive: from navigation to the first lab link being enabled, fresh each time.
    const loads: number[] = []
    for (let i = 0; i < 7; i++) {
      const fresh = await browser.newPage()
      const started = performance.now()
      await fresh.goto(host.url)
      await fresh.getByTestId('lab-item').first().getByRole('link').waitFor()
      loads.push(performance.now() - started)
      await fresh.close()
    }
    loads.sort((a, b) => a - b)
    console.log(
      `home interactive ms (7 loads): median ${percentile(loads, 50).toFixed(0)}, max ${loads.at(-1)!.toFixed(0)} (budget 1000)`,
    )

    await page.goto(`${base}?${token}&stagger=${STAGGER}#/`)
    await page.waitForFunction(() => 'portwise' in window)
    const text = JSON.stringify(busyNetwork())
    await page.evaluate(
      (t) =>
        (
          window as unknown as { portwise: { draftSave: (r: object) => Promise<unknown> } }
        ).portwise.draftSave({
          packId: 'sandbox',
          labId: 'network',
          text: t,
        }),
      text,
    )
    // A new document, so the lab screen reads the busy draft rather than a network it holds.
    await page.goto(`${base}?${token}&stagger=${STAGGER}#/lab`)
    await page.reload()
    await page.getByRole('button', { name: 'Run traffic' }).click()
    await page.getByRole('button', { name: 'Pause' }).waitFor()
    await page.waitForTimeout(1500) // let the first packets fill the links
    const result = (await page.evaluate(measure(SECONDS))) as { frames: number[]; flying: number[] }
    const sorted = [...result.frames].sort((a, b) => a - b)
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length
    const flying = [...result.flying].sort((a, b) => a - b)
    const slow = sorted.filter((f) => f > TARGET_MS * 1.5).length
    console.log(
      `frames: ${sorted.length} in ${SECONDS} s (${(sorted.length / SECONDS).toFixed(1)} fps)`,
    )
    console.log(
      `frame time ms: mean ${mean.toFixed(2)}, p50 ${percentile(sorted, 50).toFixed(2)}, p95 ${percentile(sorted, 95).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)}`,
    )
    console.log(`frames over 25 ms: ${slow}`)
    console.log(
      `packets in flight: min ${flying[0]}, median ${percentile(flying, 50)}, max ${flying.at(-1)}`,
    )
    if (percentile(flying, 50) < 500)
      console.log('note: fewer than 500 in flight; lower --stagger to pack them closer')
  } finally {
    await browser.close()
    host.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
