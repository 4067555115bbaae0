import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { answer } from '../../../mocks/api-handlers'
import type { WeeklySummaryDto } from '../../../shared/api/analytics-contract'
import { errorBodySchema, weeklySummarySchema } from '../../../shared/api/responses'
import { exportUrl } from './queries'
import WeeklySummary from './WeeklySummary'

const row = (shortName: string, onTime: number, late: number) => ({
  departmentId: shortName.toLowerCase(),
  shortName,
  received: onTime + late,
  onTime,
  late,
  onTimeRate: onTime / (onTime + late),
})

let summary: WeeklySummaryDto | null
const server = setupServer(
  http.get('*/api/analytics/weekly', () =>
    summary
      ? answer(weeklySummarySchema, summary)
      : answer(
          errorBodySchema,
          { error: { code: 'forbidden', message: 'Недостаточно прав для этого действия' } },
          403,
        ),
  ),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const renderSummary = () =>
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <WeeklySummary />
    </QueryClientProvider>,
  )

it('shows last week’s best and worst with their on-time rate', async () => {
  summary = {
    period: { from: '2026-11-16', to: '2026-11-22' },
    best: [row('Депздрав', 4, 0), row('Депобразования', 3, 1)],
    worst: [row('Дептранс', 1, 3)],
    ranked: 3,
    comments: {
      registered: 40,
      onTime: 34,
      late: 4,
      onTimeRate: 34 / 38,
      overdue: 3,
      latest: [row('Дептранс', 5, 3), row('Депздрав', 9, 1)],
    },
  }
  renderSummary()
  const best = await screen.findByRole('region', { name: 'Лучше всех' })
  expect(
    within(best)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
  ).toEqual([expect.stringContaining('Депздрав'), expect.stringContaining('Депобразования')])
  expect(within(best).getByText('в срок 3 из 4')).toBeInTheDocument()
  const worst = screen.getByRole('region', { name: 'Хуже всех' })
  expect(worst).toHaveTextContent('Дептранс')
  expect(worst).toHaveTextContent('в срок 1 из 4')
  expect(screen.getByText(/с 16 ноября по 22 ноября/)).toBeInTheDocument()
  const comments = screen.getByRole('region', { name: 'Ответы на комментарии жителей' })
  expect(comments).toHaveTextContent('В срок — 89,5 % (34 из 38), просрочек — 3')
  expect(
    within(comments)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
  ).toEqual([expect.stringContaining('Дептранс'), expect.stringContaining('Депздрав')])
})

it('says so when nothing was decided last week', async () => {
  summary = {
    period: { from: '2026-11-16', to: '2026-11-22' },
    best: [],
    worst: [],
    ranked: 0,
    comments: { registered: 0, onTime: 0, late: 0, onTimeRate: null, overdue: 0, latest: [] },
  }
  renderSummary()
  expect(await screen.findByText(/не было запросов/)).toBeInTheDocument()
  expect(screen.getByText(/не было комментариев/)).toBeInTheDocument()
  expect(screen.queryByRole('region', { name: 'Лучше всех' })).toBeNull()
})

it('shows the server’s message when the summary is refused', async () => {
  summary = null
  renderSummary()
  expect(await screen.findByRole('alert')).toHaveTextContent('Недостаточно прав')
})

it('the download address comes from the typed client, without an empty department', () => {
  const url = new URL(exportUrl({ from: '2026-11-01', to: '2026-11-30', department: '' }, 'xlsx'))
  expect(url.origin).toBe(window.location.origin)
  expect(url.pathname).toBe('/api/analytics/departments/export')
  expect(Object.fromEntries(url.searchParams)).toEqual({
    from: '2026-11-01',
    to: '2026-11-30',
    format: 'xlsx',
  })
  const one = new URL(exportUrl({ from: '2026-11-01', to: '2026-11-30', department: 'dz' }, 'csv'))
  expect(one.searchParams.get('department')).toBe('dz')
  expect(one.searchParams.get('format')).toBe('csv')
})
