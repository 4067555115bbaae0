/**
 * Which Host headers the server answers (DNS rebinding, issue 9 finding 5). A page on
 * `evil.example` whose name an attacker re-points at this server still sends
 * `Host: evil.example`: only the public URL's host, and loopback names when the server listens
 * on loopback only, are served. Loopback names are allowed with any port (the Vite dev proxy
 * forwards its own), since a rebinding page can never be *named* `localhost`.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase()
  return LOOPBACK_NAMES.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost')
}

export type HostCheck = (hostHeader: string | undefined) => boolean

export function hostCheck(opts: { listenHost: string; publicUrl?: string }): HostCheck {
  const allowed = new Set<string>()
  if (opts.publicUrl) allowed.add(new URL(opts.publicUrl).host.toLowerCase())
  const loopback = isLoopbackHost(opts.listenHost)
  return (header) => {
    if (!header) return false
    const host = header.toLowerCase()
    if (allowed.has(host)) return true
    if (!loopback) return false
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!
    return isLoopbackHost(name)
  }
}
