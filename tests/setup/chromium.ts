/**
 * How we start Debian's Chromium (Playwright cannot download browsers here): the path can be
 * overridden with CHROMIUM_PATH; without the background-networking flags Chromium keeps trying
 * to reach Google's hosts, which this network refuses.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
}
