import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type {
  ChannelSettingsDto,
  ChannelSettingsListDto,
} from '../../../../shared/api/admin-contract'
import { answer } from '../../../../mocks/api-handlers'
import { channelSettingsListSchema, channelSettingsSchema } from '../../../../shared/api/responses'
import ChannelsAdmin from './ChannelsAdmin'

const item = (channel: ChannelSettingsDto['channel'], over: Partial<ChannelSettingsDto> = {}) =>
  ({
    channel,
    fieldsSet: [],
    configured: false,
    source: null,
    demo: false,
    storedFields: [],
    updatedAt: null,
    unreadable: false,
    ...over,
  }) satisfies ChannelSettingsDto

let list: ChannelSettingsListDto
const on = { configured: true, missing: [] }
const sent: unknown[] = []
const server = setupServer(
  http.get('*/api/admin/channels', () => answer(channelSettingsListSchema, list)),
  http.put('*/api/admin/channels/:channel', async ({ request }) => {
    sent.push(await request.json())
    const saved = item('vk', {
      fieldsSet: ['accessToken', 'groupId'],
      storedFields: ['accessToken', 'groupId'],
      configured: true,
      source: 'settings',
    })
    list = { ...list, items: list.items.map((i) => (i.channel === 'vk' ? saved : i)) }
    return answer(channelSettingsSchema, saved)
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const renderPage = () =>
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <ChannelsAdmin />
    </QueryClientProvider>,
  )

it('without VIZA_SECRET_KEY the fields are disabled and the reason is given', async () => {
  list = { canStore: false, items: [item('telegram'), item('vk'), item('ok')], vkCallback: on }
  renderPage()
  expect(await screen.findByRole('alert')).toHaveTextContent('VIZA_SECRET_KEY')
  const tg = screen.getByRole('region', { name: 'Telegram' })
  expect(within(tg).getByLabelText('Токен бота')).toBeDisabled()
  expect(within(tg).getByRole('button', { name: 'Сохранить ключи' })).toBeDisabled()
})

it('sends only the fields typed, and shows them as saved without their values', async () => {
  list = {
    canStore: true,
    items: [item('telegram', { source: 'env', configured: true }), item('vk'), item('ok')],
    vkCallback: on,
  }
  renderPage()
  expect(
    await screen.findByText(/Действуют переменные окружения TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID/),
  ).toBeInTheDocument()
  const vk = screen.getByRole('region', { name: 'ВКонтакте' })
  expect(within(vk).getByRole('button', { name: 'Проверить подключение' })).toBeDisabled()
  await userEvent.type(within(vk).getByLabelText('Ключ доступа сообщества'), ' vk1.a.secret ')
  await userEvent.type(within(vk).getByLabelText('Номер сообщества'), '555')
  await userEvent.click(within(vk).getByRole('button', { name: 'Сохранить ключи' }))
  expect(await within(vk).findByText('Подключён: данные сохранены здесь')).toBeInTheDocument()
  expect(sent).toEqual([{ accessToken: 'vk1.a.secret', groupId: '555' }])
  expect(within(vk).getByLabelText('Ключ доступа сообщества')).toHaveValue('')
  expect(within(vk).getAllByText('Сохранено. Чтобы заменить, введите новое значение')).toHaveLength(
    2,
  )
  expect(within(vk).getByRole('button', { name: 'Проверить подключение' })).toBeEnabled()
})

it('says when stored keys do not decrypt with this VIZA_SECRET_KEY, and what the VK callback lacks', async () => {
  list = {
    canStore: true,
    items: [
      item('telegram', { unreadable: true, demo: true, storedFields: ['botToken', 'chatId'] }),
      item('vk'),
      item('ok'),
    ],
    vkCallback: { configured: false, missing: ['VK_CALLBACK_SECRET'] },
  }
  renderPage()
  const tg = await screen.findByRole('region', { name: 'Telegram' })
  expect(within(tg).getByRole('alert')).toHaveTextContent(
    'Сохранённые ключи не расшифровываются: ключ шифрования VIZA_SECRET_KEY на сервере не тот',
  )
  expect(within(tg).getByRole('alert')).toHaveTextContent('Пока канал работает как демо-канал')
  const vk = screen.getByRole('region', { name: 'ВКонтакте' })
  expect(within(vk).getByRole('alert')).toHaveTextContent(
    'Callback API не принимает комментарии: не задана переменная окружения VK_CALLBACK_SECRET',
  )
  expect(within(screen.getByRole('region', { name: 'Одноклассники' })).queryByRole('alert')).toBe(
    null,
  )
})
