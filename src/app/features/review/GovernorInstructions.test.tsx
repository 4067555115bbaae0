import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { governorUser as me } from '../../../mocks/people'
import { answer, createFakeApi } from '../../../mocks/api-handlers'
import { postListSchema, type PostSummaryDto } from '../../../shared/api/responses'
import { createQueryClient } from '../../lib/query-client'
import GovernorInstructions from './GovernorInstructions'

const now = new Date().toISOString()
const instruction: PostSummaryDto = {
  id: 'p1',
  title: 'Паводок в Сургуте',
  brief: 'Где пункты временного размещения',
  departmentId: 'health',
  urgent: true,
  channels: ['telegram'],
  plannedAt: null,
  state: 'draft',
  version: 1,
  deadlineAt: null,
  deadlineUnit: null,
  deadlineProvisional: false,
  clockStartedAt: null,
  overdue: false,
  scheduledAt: null,
  awaitingGovernorSince: null,
  publicationTrouble: false,
  byGovernor: true,
  publishedAt: null,
  links: [],
  lastReturn: null,
  createdAt: now,
  updatedAt: now,
}
const server = setupServer(
  ...createFakeApi(me).handlers,
  http.get('*/api/posts', () =>
    answer(postListSchema, { items: [instruction], total: 1, page: 1, pageSize: 50 }),
  ),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

it('his own instruction, not yet sent to a department, is «Передано в ЦСМ», not a draft', async () => {
  render(
    <QueryClientProvider client={createQueryClient({ retryQueries: false })}>
      <GovernorInstructions />
    </QueryClientProvider>,
  )
  expect(await screen.findByText('Паводок в Сургуте')).toBeInTheDocument()
  expect(screen.getByText('Передано в ЦСМ')).toBeInTheDocument()
  expect(screen.getByText('запрос департаменту ЦСМ ещё не отправил')).toBeInTheDocument()
  expect(screen.queryByText('Черновик')).not.toBeInTheDocument()
})
