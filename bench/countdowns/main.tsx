// 1,000 countdowns of the real component on one page, ticking on the shared clock.
import { createRoot } from 'react-dom/client'
import { WorkingCalendar } from '../../src/domain/calendar/working-calendar'
import { Countdown } from '../../src/app/components/Countdown'
import '../../src/app/index.css'

const calendar = new WorkingCalendar()
const now = Date.now()
const items = Array.from({ length: 1000 }, (_, i) => {
  const unit =
    i % 3 === 0
      ? ('hours' as const)
      : i % 3 === 1
        ? ('workingDays' as const)
        : ('workingHours' as const)
  const dueAt = new Date(now + ((i % 50) - 5) * 37 * 60_000 + (i % 7) * 1000).toISOString()
  const startedAt = new Date(Date.parse(dueAt) - 26 * 3_600_000).toISOString()
  return { i, unit, dueAt, startedAt }
})

createRoot(document.getElementById('root')!).render(
  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
    {items.map((it) => (
      <Countdown
        key={it.i}
        dueAt={it.dueAt}
        startedAt={it.startedAt}
        unit={it.unit}
        calendar={calendar}
      />
    ))}
  </div>,
)
