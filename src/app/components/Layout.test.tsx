import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { healthContact as contact } from '../../mocks/people'
import { createFakeApi } from '../../mocks/api-handlers'
import { createQueryClient } from '../lib/query-client'
import { WhoIsSignedIn } from './Layout'

const server = setupServer(...createFakeApi(contact).handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

it('the header names a department’s contact with the department, not the role', async () => {
  render(
    <QueryClientProvider client={createQueryClient({ retryQueries: false })}>
      <WhoIsSignedIn me={contact} />
    </QueryClientProvider>,
  )
  expect(await screen.findByText('Ольга Миронова, Депздрав Югры')).toBeInTheDocument()
  expect(screen.queryByText('Ольга Миронова, Департамент')).not.toBeInTheDocument()
})
