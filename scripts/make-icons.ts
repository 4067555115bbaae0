// Draws the app icons (a white check mark, «виза», on the brand blue) as PNGs without any
// image tool: run `npx tsx scripts/make-icons.ts` after changing the design.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

function crc32(buf: Buffer) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}
function icon(size: number, maskable: boolean) {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  const s = size / 100
  const r = maskable ? 0 : 18 * s
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4
      const cx = Math.min(Math.max(x, r), size - r)
      const cy = Math.min(Math.max(y, r), size - r)
      const inside = Math.hypot(x - cx, y - cy) <= r || r === 0
      const check =
        Math.min(
          distToSegment(x, y, 28 * s, 52 * s, 44 * s, 68 * s),
          distToSegment(x, y, 44 * s, 68 * s, 74 * s, 34 * s),
        ) <
        7 * s
      const [R, G, B] = check ? [255, 255, 255] : [15, 61, 94]
      raw[i] = R
      raw[i + 1] = G
      raw[i + 2] = B
      raw[i + 3] = inside ? 255 : 0
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
writeFileSync('public/icon-192.png', icon(192, false))
writeFileSync('public/icon-512.png', icon(512, false))
writeFileSync('public/icon-maskable-512.png', icon(512, true))
