// Script time per second of ticking, for a page with 1,000 countdowns, in real Chromium
// (goal ≤ 4 ms per second). Measured with the DevTools Performance domain's ScriptDuration.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join } from 'node:path'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../tests/setup/chromium'

execFileSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'bench/countdowns/vite.config.ts'],
  { stdio: 'inherit' },
)
const root = 'test-results/bench-countdowns'
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
}
const server = createServer((req, res) => {
  const path = join(root, req.url === '/' ? 'index.html' : req.url!.split('?')[0]!)
  let body: Buffer
  try {
    body = readFileSync(path)
  } catch {
    res.writeHead(404).end()
    return
  }
  res
    .writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
    .end(body)
}).listen(0, '127.0.0.1')
await new Promise((r) => server.once('listening', r))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

const browser = await chromium.launch(chromiumLaunchOptions)
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
await page.goto(url)
await page.waitForFunction(() => document.querySelectorAll('[role=timer]').length === 1000)
await page.waitForTimeout(2000)
const cdp = await page.context().newCDPSession(page)
await cdp.send('Performance.enable')
const metric = async () => {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const get = (n: string) => metrics.find((m) => m.name === n)!.value
  return {
    script: get('ScriptDuration'),
    layout: get('LayoutDuration'),
    style: get('RecalcStyleDuration'),
    t: get('Timestamp'),
  }
}
const a = await metric()
await page.waitForTimeout(10_000)
const b = await metric()
const seconds = b.t - a.t
const perSecond = (x: number) => ((x * 1000) / seconds).toFixed(2)
console.log(`countdowns: 1000, measured over ${seconds.toFixed(1)} s of ticking`)
console.log(`script time: ${perSecond(b.script - a.script)} ms per second (goal ≤ 4 ms)`)
console.log(
  `style recalc: ${perSecond(b.style - a.style)} ms/s, layout: ${perSecond(b.layout - a.layout)} ms/s`,
)
await browser.close()
server.close()
