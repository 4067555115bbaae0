import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest'
import { answer } from '../../mocks/api-handlers'
import type { UserDto } from '../../shared/api/contract'
import {
  errorBodySchema,
  notificationListSchema,
  okSchema,
  pushUnsubscribedSchema,
} from '../../shared/api/responses'
import { App } from '../App'
import { Layout } from '../components/Layout'
import { claimDevice, OWNER_KEY } from './device'
import { OFFLINE_CACHE_KEY } from './offline'
import { keys } from './queries'

const person = (id: string, login: string): UserDto => ({
  id,
  login,
  name: 'Контакт Депздрава',
  role: 'department',
  departmentId: 'health',
  email: null,
  active: true,
  demo: false,
})
const anna = person('u-anna', 'health')

const calls: string[] = []
const server = setupServer(
  http.get('*/api/notifications', () => answer(notificationListSchema, { items: [], unread: 0 })),
  http.delete('*/api/notifications/push/subscriptions', async ({ request }) => {
    calls.push(`server forgets ${((await request.json()) as { endpoint: string }).endpoint}`)
    return answer(pushUnsubscribedSchema, { removed: true })
  }),
  http.delete('*/api/session', () => {
    calls.push('session ends')
    return answer(okSchema, { ok: true })
  }),
  http.get('*/api/me', () =>
    answer(errorBodySchema, { error: { code: 'unauthorized', message: 'Войдите в систему' } }, 401),
  ),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  vi.unstubAllGlobals()
})
afterAll(() => server.close())

/** The browser's push subscription, as Viza's service worker registration would give it. */
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/tablet'
let subscribed: boolean
beforeEach(() => {
  // what jsdom lacks and the header and the live stream use; neither matters here
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  )
  vi.stubGlobal(
    'EventSource',
    class {
      addEventListener() {}
      close() {}
    },
  )
  calls.length = 0
  subscribed = true
  const subscription = {
    endpoint: ENDPOINT,
    unsubscribe: vi.fn(async () => {
      calls.push('browser unsubscribes')
      subscribed = false
      return true
    }),
  }
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: {
      getRegistration: async () => ({
        pushManager: { getSubscription: async () => (subscribed ? subscription : null) },
      }),
    },
  })
})

/** What a day on the tablet leaves: the person, the posts read, a decision waiting, drafts. */
function usedBy(user: UserDto, queryClient: QueryClient) {
  const longAgo = Date.now() - 3_600_000
  queryClient.setQueryData(keys.me, { user, demo: false }, { updatedAt: longAgo })
  for (const [i, key] of [
    keys.postList({}),
    keys.postDetail('p1'),
    keys.postDetail('p2'),
    keys.departments,
    keys.calendar,
    keys.commentCounts(),
  ].entries())
    queryClient.setQueryData(key, { secret: `${user.login} ${i}` }, { updatedAt: longAgo })
  localStorage.setItem(OFFLINE_CACHE_KEY, JSON.stringify({ clientState: { queries: ['…'] } }))
  localStorage.setItem('viza:draft:p1:text', 'Черновик ответа')
  localStorage.setItem(OWNER_KEY, user.id)
}

const vizaKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('viza:'))
const queryKeys = (queryClient: QueryClient) =>
  queryClient
    .getQueryCache()
    .getAll()
    .map((q) => q.queryKey[0])

it('«Выйти» removes this browser’s push subscription on the server and in the browser, and leaves nothing of the person', async () => {
  const queryClient = new QueryClient()
  usedBy(anna, queryClient)
  render(
    <QueryClientProvider client={queryClient}>
      <Layout me={anna} demo={false}>
        <p>Запросы</p>
      </Layout>
    </QueryClientProvider>,
  )
  await userEvent.click(screen.getByRole('button', { name: 'Выйти' }))
  await waitFor(() => expect(calls).toContain('session ends'))
  expect(calls).toEqual(['browser unsubscribes', `server forgets ${ENDPOINT}`, 'session ends'])
  expect(vizaKeys()).toEqual([])
  expect(queryKeys(queryClient)).toEqual(['me'])
  expect(queryClient.getQueryData(keys.me)).toBeNull()
})

it('a session that ended without «Выйти» leaves nothing readable for the next person', async () => {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  usedBy(anna, queryClient) // as restored from the offline cache on opening the tablet
  render(
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>,
  )
  // the server says nobody is signed in: the sign-in form, and nothing of Anna's behind it
  expect(await screen.findByLabelText('Логин')).toBeInTheDocument()
  await waitFor(() => expect(queryKeys(queryClient)).toEqual(['me']))
  expect(vizaKeys()).toEqual([OWNER_KEY])
  // her push subscription stays until someone else signs in here (it may be her own phone)
  expect(calls).toEqual([])
})

it('another person signing in on the same browser starts from nothing, and the last one’s pushes stop', async () => {
  const queryClient = new QueryClient()
  usedBy(anna, queryClient)
  claimDevice(queryClient, 'u-boris')
  expect(queryKeys(queryClient)).toEqual(['me'])
  expect(vizaKeys()).toEqual([OWNER_KEY])
  expect(localStorage.getItem(OWNER_KEY)).toBe('u-boris')
  await waitFor(() => expect(calls).toEqual(['browser unsubscribes']))
  // the same person again: nothing is touched
  queryClient.setQueryData(keys.postDetail('p9'), { mine: true })
  claimDevice(queryClient, 'u-boris')
  expect(queryKeys(queryClient)).toEqual(['me', 'posts'])
})
