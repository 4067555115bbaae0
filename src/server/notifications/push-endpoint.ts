import { lookup } from 'node:dns/promises'
import { BlockList, isIP, isIPv4 } from 'node:net'

/**
 * Where a push subscription may point. A subscription's endpoint is an address the browser's
 * push service gave it — but the server is told it by whoever is signed in, and then connects
 * there. So an endpoint is accepted, and later sent to, only when its host is public: never
 * loopback, private, link-local, shared (CGNAT), multicast, documentation or reserved space,
 * whatever way the address is written (`0x7f000001`, `::ffff:127.0.0.1`, `[::1]`) or whatever
 * a host name resolves to. The check is made when the subscription is registered and again
 * at each send, and the send connects to exactly the addresses checked (no second lookup for
 * a rebinding DNS server to answer differently).
 */

/** Resolves a host name to all its addresses (`dns.lookup` with `all`); injected in tests. */
export type HostResolver = (host: string) => Promise<string[]>

export const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)

/** IPv4 space that is not globally reachable (IANA special-purpose registry, RFC 6890). */
const privateV4 = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  privateV4.addSubnet(net, prefix, 'ipv4')

/**
 * IPv6: only global unicast (2000::/3) is public, less the parts of it that are not (below).
 * Everything else — ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64, ::/96 — is not.
 */
const globalV6 = new BlockList()
globalV6.addSubnet('2000::', 3, 'ipv6')
const notGlobalV6 = new BlockList()
for (const [net, prefix] of [
  ['2001::', 23], // IETF protocol assignments (Teredo 2001::/32 among them)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: carries any IPv4 address, private ones too
  ['3fff::', 20], // documentation
] as const)
  notGlobalV6.addSubnet(net, prefix, 'ipv6')

/** The 16 bytes of an IPv6 address (any valid textual form, a trailing dotted quad included). */
function v6Bytes(ip: string): number[] {
  let text = ip.replace(/%.*$/, '') // a zone index (fe80::1%eth0)
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (quad) {
    const [a, b, c, d] = quad[1]!.split('.').map(Number) as [number, number, number, number]
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const groups = (s: string | undefined) => (s ? s.split(':') : [])
  const h = groups(head)
  const t = groups(tail)
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  return all.flatMap((g) => {
    const n = parseInt(g, 16)
    return [n >> 8, n & 0xff]
  })
}

/** An IPv4 address carried inside an IPv6 one: IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96). */
function embeddedV4(bytes: number[]): string | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0)
  const mapped = zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff
  const nat64 = bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b
  return mapped || (nat64 && zeros(4, 12)) ? bytes.slice(12).join('.') : null
}

/** Whether an IP address (v4 or v6, canonical or not) is publicly routable. */
export function isPublicAddress(ip: string): boolean {
  const version = isIP(ip.replace(/%.*$/, ''))
  if (version === 4) return !privateV4.check(ip, 'ipv4')
  if (version !== 6) return false
  const bytes = v6Bytes(ip)
  const v4 = embeddedV4(bytes)
  if (v4) return isPublicAddress(v4)
  const canonical = Array.from({ length: 8 }, (_, i) =>
    ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16),
  ).join(':')
  return globalV6.check(canonical, 'ipv6') && !notGlobalV6.check(canonical, 'ipv6')
}

export type EndpointCheck =
  | { ok: true; host: string; addresses: string[] }
  /** `unresolved`: the name did not resolve (now): DNS may answer later. */
  | { ok: false; reason: string; unresolved?: true }

/** How long a host name may take to resolve before the endpoint is refused. */
const RESOLVE_MS = 5_000

/**
 * Whether a push endpoint may be connected to: `https:`, a host that is a public address or a
 * name resolving only to public addresses. The URL parser has already turned `0x7f000001`,
 * `2130706433` and `0177.0.0.1` into `127.0.0.1`. The messages are the person's (Russian).
 */
export async function checkPushEndpoint(
  endpoint: string,
  resolve: HostResolver,
): Promise<EndpointCheck> {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return { ok: false, reason: 'Адрес подписки не является адресом' }
  }
  if (url.protocol !== 'https:')
    return { ok: false, reason: 'Адрес подписки должен начинаться с https://' }
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  const refused = {
    ok: false as const,
    reason: `Адрес подписки ведёт не в службу push в интернете (${host}): такие адреса не принимаются`,
  }
  if (isIP(host)) return isPublicAddress(host) ? { ok: true, host, addresses: [host] } : refused
  // a single label (intranet) or localhost resolves inside, whatever DNS says today
  if (!host.includes('.') || host === 'localhost' || host.endsWith('.localhost')) return refused
  let addresses: string[]
  try {
    addresses = await withTimeout(resolve(host), RESOLVE_MS)
  } catch {
    addresses = []
  }
  if (!addresses.length)
    return { ok: false, reason: `Адрес службы push не найден (${host})`, unresolved: true }
  return addresses.every(isPublicAddress) ? { ok: true, host, addresses } : refused
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/**
 * A `lookup` for `tls.connect` that answers with the addresses already checked: the
 * connection goes where the check said, however the name resolves a moment later.
 */
export function pinnedLookup(addresses: readonly string[]) {
  return (
    _host: string,
    options: { all?: boolean } | number,
    callback: (
      err: Error | null,
      address: string | Array<{ address: string; family: number }>,
      family?: number,
    ) => void,
  ) => {
    const all = addresses.map((address) => ({ address, family: isIPv4(address) ? 4 : 6 }))
    if (typeof options === 'object' && options.all) callback(null, all)
    else callback(null, all[0]!.address, all[0]!.family)
  }
}
