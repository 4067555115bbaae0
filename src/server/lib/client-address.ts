import { BlockList, isIP } from 'node:net'
import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

/** Which peers may tell us the client's address (X-Forwarded-For): the configured proxies only. */
export type ProxyTrust = (address: string) => boolean

/** `VIZA_TRUST_PROXY`: comma-separated addresses and CIDR ranges (`10.0.0.0/8`, `::1`). */
export function parseTrustProxy(value: string | undefined): ProxyTrust {
  const list = new BlockList()
  let any = false
  for (const raw of (value ?? '').split(',')) {
    const item = raw.trim()
    if (!item) continue
    const [address, bits] = item.split('/')
    const family = isIP(address ?? '')
    if (!family) throw new Error(`VIZA_TRUST_PROXY: «${item}» is not an address or a CIDR range`)
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address!, type)
    else {
      const prefix = Number(bits)
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
        throw new Error(`VIZA_TRUST_PROXY: «${item}» has a bad prefix length`)
      list.addSubnet(address!, prefix, type)
    }
    any = true
  }
  if (!any) return () => false
  return (address) => {
    const family = isIP(address)
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4')
  }
}

/** `::ffff:1.2.3.4` is 1.2.3.4. */
const normalize = (address: string) =>
  /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address

/**
 * The address of the client that sent this request: the socket's peer, unless that peer is a
 * trusted proxy — then the nearest X-Forwarded-For hop that is not itself a trusted proxy. A
 * header sent by anyone else is ignored, so a client cannot choose its own address.
 */
export function clientAddress(c: Context, trust: ProxyTrust): string {
  let address = 'unknown'
  try {
    address = normalize(getConnInfo(c).remote.address ?? 'unknown')
  } catch {
    /* not served by @hono/node-server (in-process tests): no socket to ask */
  }
  if (!trust(address)) return address
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => normalize(h.trim()))
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (!isIP(hop)) break
    address = hop
    if (!trust(hop)) break
  }
  return address
}
