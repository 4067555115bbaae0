// Lighthouse 12 on the signed-in governor's queue: mobile throttling (Lighthouse's simulated
// slow 4G and 4× CPU), his tablet's 1024×1366 viewport, Debian's chromium, headless, no network
// beyond the local server. Signs in first and sends the session cookie with every request.
// Prints the performance score and the metrics (goal: score ≥ 0.95, LCP ≤ 2.5 s).
import { startBuiltServer } from './built-server'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Flags } from 'lighthouse'

const dir = mkdtempSync(join(tmpdir(), 'viza-lighthouse-'))
const RUNS = Number(process.env.VIZA_LIGHTHOUSE_RUNS ?? 3)

const server = await startBuiltServer({ VIZA_DATA_DIR: dir })
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
})
try {
  const signIn = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'governor', password: 'viza-demo' }),
  })
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`)
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!
  const flags: Flags = {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    formFactor: 'mobile',
    screenEmulation: {
      mobile: true,
      width: 1024,
      height: 1366,
      deviceScaleFactor: 2,
      disabled: false,
    },
    // Lighthouse's default mobile throttling (simulated): 150 ms RTT, 1.6 Mbit/s, 4× CPU.
    throttlingMethod: 'simulate',
    extraHeaders: { Cookie: cookie },
  }
  const scores: number[] = []
  const lcps: number[] = []
  for (let run = 1; run <= RUNS; run++) {
    const result = await lighthouse(`${server.url}/`, flags)
    const lhr = result!.lhr
    const metric = (id: string) => lhr.audits[id]?.numericValue ?? NaN
    if (lhr.runtimeError)
      console.log(
        `run ${run}: Lighthouse failed: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`,
      )
    for (const warning of lhr.runWarnings) console.log(`run ${run}: ${warning}`)
    const score = lhr.categories.performance!.score ?? 0
    // A run Lighthouse could not record (NO_NAVSTART now and then here) is no figure at all.
    if (!lhr.runtimeError) {
      scores.push(score)
      lcps.push(metric('largest-contentful-paint'))
    }
    console.log(
      `run ${run}: performance ${score.toFixed(2)}; FCP ${(metric('first-contentful-paint') / 1000).toFixed(2)} s, ` +
        `LCP ${(metric('largest-contentful-paint') / 1000).toFixed(2)} s, TBT ${metric('total-blocking-time').toFixed(0)} ms, ` +
        `CLS ${metric('cumulative-layout-shift').toFixed(3)}, SI ${(metric('speed-index') / 1000).toFixed(2)} s` +
        (lhr.finalDisplayedUrl.endsWith('/') ? '' : ` (ended on ${lhr.finalDisplayedUrl})`),
    )
    if (run === RUNS && process.env.VIZA_LIGHTHOUSE_DETAILS) {
      for (const id of [
        'render-blocking-resources',
        'network-requests',
        'largest-contentful-paint-element',
        'critical-request-chains',
        'long-tasks',
        'bootup-time',
        'mainthread-work-breakdown',
      ]) {
        console.log(id, JSON.stringify(lhr.audits[id]?.details ?? null).slice(0, 3000))
      }
    }
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b)
    const mid = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
  console.log(
    `median of ${scores.length} recorded runs of ${RUNS}: performance ${median(scores).toFixed(2)} (goal ≥ 0.95), ` +
      `LCP ${(median(lcps) / 1000).toFixed(2)} s (goal ≤ 2.5 s)`,
  )
} finally {
  await chrome.kill()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
}
