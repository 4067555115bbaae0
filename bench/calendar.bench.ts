// Deadlines computed per second for random starts over 2025–2027, per rule. Prints figures only.
import { WorkingCalendar, deadlineFor, type DeadlineKind } from '../src/domain/calendar'

const calendar = new WorkingCalendar()
const from = Date.parse('2025-01-01T00:00:00+05:00')
const to = Date.parse('2027-12-31T00:00:00+05:00')
let seed = 42
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
const starts = Array.from({ length: 20_000 }, () => new Date(from + random() * (to - from)))

for (const kind of ['regular', 'urgent', 'comment'] as DeadlineKind[]) {
  for (const s of starts.slice(0, 500)) deadlineFor(calendar, kind, s) // warm-up
  const t0 = performance.now()
  let sink = 0
  for (const s of starts) sink += deadlineFor(calendar, kind, s).dueAt.getTime() & 1
  const ms = performance.now() - t0
  console.log(
    `${kind.padEnd(8)} ${Math.round((starts.length / ms) * 1000)
      .toLocaleString('en-US')
      .padStart(10)} deadlines/s  (${starts.length} in ${ms.toFixed(0)} ms${sink < 0 ? '!' : ''})`,
  )
}
