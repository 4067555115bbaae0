import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
import { defaultSettings } from '../../../domain/notifications/preferences'
import { answer } from '../../../mocks/api-handlers'
import {
  notificationSettingsViewSchema,
  telegramLinkSchema,
  telegramUnlinkedSchema,
  type NotificationSettingsDto,
} from '../../../shared/api/responses'
import NotificationSettingsPage from './NotificationSettingsPage'

const MAX_LINK = 'https://max.ru/viza_notify_bot?start=AbCdEfGhIjKlMnOpQrStUvWx'
const reach = (available: boolean, reaches: boolean) => ({
  available,
  reaches,
  note: !available
    ? 'бот уведомлений на этом сервере не настроен'
    : reaches
      ? 'подключён'
      : 'не подключён',
})
let maxLinked = false
const calls: string[] = []
const view = (): NotificationSettingsDto => ({
  settings: defaultSettings('department'),
  isDefault: true,
  kinds: ['newRequest'],
  channels: {
    email: { available: true, reaches: true, note: 'письма приходят на petrov@example.ru' },
    telegram: reach(false, false),
    max: reach(true, maxLinked),
    push: { available: false, reaches: false, note: 'ни на одном устройстве не разрешены' },
  },
  quietHoursOn: true,
})
const server = setupServer(
  http.get('*/api/notifications/settings', () => answer(notificationSettingsViewSchema, view())),
  http.post('*/api/notifications/max/link', () => {
    calls.push('link')
    return answer(telegramLinkSchema, { url: MAX_LINK, expiresAt: '2026-12-01T10:15:00.000Z' })
  }),
  http.delete('*/api/notifications/max', () => {
    calls.push('unlink')
    maxLinked = false
    return answer(telegramUnlinkedSchema, { unlinked: true })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

it('links MAX with the one-time link, and unlinks it', async () => {
  const open = vi.spyOn(window, 'open').mockImplementation(() => null)
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <NotificationSettingsPage />
    </QueryClientProvider>,
  )
  const max = await screen.findByRole('region', { name: 'MAX' })
  // Telegram is not configured on this server: no button for it
  expect(screen.queryByRole('button', { name: 'Подключить Telegram' })).toBeNull()
  expect(screen.getByText('MAX:').parentElement).toHaveTextContent('MAX: не подключён')
  expect(screen.getByRole('checkbox', { name: 'Новый запрос: MAX' })).toBeChecked()

  await userEvent.click(within(max).getByRole('button', { name: 'Подключить MAX' }))
  expect(await within(max).findByRole('link', { name: MAX_LINK })).toHaveAttribute('href', MAX_LINK)
  expect(max).toHaveTextContent('Откройте ссылку и нажмите в MAX «Начать»')
  expect(open).toHaveBeenCalledWith(MAX_LINK, '_blank', 'noopener')

  // the person pressed «Начать» in MAX; back in Viza they check
  maxLinked = true
  await userEvent.click(within(max).getByRole('button', { name: 'Проверить, подключён ли MAX' }))
  expect(
    await within(max).findByText('MAX подключён: уведомления приходят от бота Визы.'),
  ).toBeInTheDocument()
  await userEvent.click(within(max).getByRole('button', { name: 'Отключить MAX' }))
  expect(await within(max).findByRole('button', { name: 'Подключить MAX' })).toBeInTheDocument()
  expect(calls).toEqual(['link', 'unlink'])
})
