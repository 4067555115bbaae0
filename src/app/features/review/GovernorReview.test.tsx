import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setupServer } from 'msw/node'
import { createQueryClient } from '../../lib/query-client'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { hashContent } from '../../../domain/post-lifecycle/machine'
import { governorUser as me } from '../../../mocks/people'
import { createFakeApi } from '../../../mocks/api-handlers'
import GovernorReview from './GovernorReview'

const editor = { id: 'u-editor', role: 'editor' as const }
const fake = createFakeApi(me)
const server = setupServer(...fake.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function renderReview(id: string) {
  const client = createQueryClient({ retryQueries: false })
  return render(
    <QueryClientProvider client={client}>
      <GovernorReview id={id} me={me} />
    </QueryClientProvider>,
  )
}

const sentUp = [
  { type: 'WRITE_IN_HOUSE', actor: editor },
  { type: 'EDIT_TEXT', text: 'Мост через Обь откроют 20 декабря.', actor: editor },
  { type: 'SEND_TO_GOVERNOR', actor: editor },
] as const

it('one draft for the whole screen: typing changes the button, the diff and what is approved', async () => {
  fake.addPost('g1', 'Мост', [...sentUp])
  renderReview('g1')
  const user = userEvent.setup()
  const box = await screen.findByLabelText(/Текст поста/)
  // Before any edit: «Утвердить», and nothing to show as his edits.
  const approve = await screen.findByRole('button', { name: 'Утвердить' })
  await waitFor(() => expect(approve).toBeEnabled())

  await user.type(box, ' Движение — с 8:00.')

  // Every place that depends on the draft follows the typing, without saving.
  expect(screen.getByRole('button', { name: 'Утвердить с моими правками' })).toBeEnabled()
  const diff = screen.getByRole('heading', { name: 'Ваши правки к тексту ЦСМ' }).parentElement!
  expect(within(diff).getByText(/Движение/, { selector: 'ins' })).toBeInTheDocument()
  expect(screen.getByText(/Telegram, пост: 53/)).toBeInTheDocument()

  // Press the big button without saving: what he sees is what is approved.
  await user.click(screen.getByRole('button', { name: 'Утвердить с моими правками' }))
  const onScreen = 'Мост через Обь откроют 20 декабря. Движение — с 8:00.'
  await waitFor(() => expect(fake.api.posts.get('g1')!.state.value).toBe('approved'))
  const { context } = fake.api.posts.get('g1')!.state
  expect(context.text).toBe(onScreen)
  expect(context.approval!.hash).toBe(hashContent({ text: onScreen, media: [] }))
  expect(fake.api.received.at(-1)).toMatchObject({ type: 'APPROVE', text: onScreen })
})

it('an edit too long for Telegram keeps «Утвердить» visible, disabled, with the reason', async () => {
  fake.addPost('g2', 'Длинный', [...sentUp])
  renderReview('g2')
  const box = await screen.findByLabelText(/Текст поста/)
  await screen.findByRole('button', { name: 'Утвердить' })
  const user = userEvent.setup()
  await user.click(box)
  await user.paste('Ю'.repeat(4100))
  const approve = screen.getByRole('button', { name: 'Утвердить с моими правками' })
  expect(approve).toBeDisabled()
  expect(approve).toHaveAccessibleDescription(/Текст длиннее поста в канале «Telegram».*сократите/)
})
