import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setupServer } from 'msw/node'
import { createQueryClient } from '../lib/query-client'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { PostDetailDto, UserDto } from '../../shared/api/contract'
import { createFakeApi } from '../../mocks/api-handlers'
import { client as api, read } from '../lib/api'
import { usePostDraft } from '../lib/drafts'
import { postDetailQuery } from '../lib/queries'
import { TextEditor } from './TextEditor'

const me: UserDto = {
  id: 'u-editor',
  login: 'smc',
  name: 'Редактор',
  role: 'editor',
  departmentId: null,
  active: true,
  demo: false,
}
const editor = { id: me.id, role: 'editor' as const }
const fake = createFakeApi(me)
const server = setupServer(...fake.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

/** The editor as a screen uses it: the screen owns the one draft and passes it down. */
function Screen({ id }: { id: string }) {
  const { data } = useQuery(postDetailQuery(id))
  return data ? <WithDraft detail={data} /> : null
}
function WithDraft({ detail }: { detail: PostDetailDto }) {
  const draft = usePostDraft(detail, me)
  return <TextEditor detail={detail} draft={draft} canEdit saveLabel="Сохранить текст" />
}

async function renderEditor(id: string) {
  const client = createQueryClient({ retryQueries: false })
  const detail = await read(api.posts[':id'].$get({ param: { id } }))
  client.setQueryData(['posts', 'detail', id], detail)
  const view = render(
    <QueryClientProvider client={client}>
      <Screen id={id} />
    </QueryClientProvider>,
  )
  return { client, view, detail }
}

it('saves a text with the version it was written on', async () => {
  fake.addPost('p1', 'Пост', [{ type: 'WRITE_IN_HOUSE', actor: editor }])
  await renderEditor('p1')
  await screen.findByLabelText('Текст поста')
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Текст поста'), 'Первый вариант')
  await user.click(screen.getByRole('button', { name: 'Сохранить текст' }))
  await waitFor(() => expect(fake.api.posts.get('p1')!.state.context.text).toBe('Первый вариант'))
  expect(localStorage.getItem(`viza:draft:p1:${me.id}`)).toBeNull()
})

it('on a 409 keeps what the person typed and shows the other version', async () => {
  fake.addPost('p2', 'Пост', [{ type: 'WRITE_IN_HOUSE', actor: editor }])
  await renderEditor('p2')
  await screen.findByLabelText('Текст поста')
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Текст поста'), 'Мой текст')
  fake.api.bumpVersion('p2', 'Чужой текст') // someone else saves first
  await user.click(screen.getByRole('button', { name: 'Сохранить текст' }))
  const alert = await screen.findByRole('alert')
  expect(alert).toHaveTextContent('изменил другой участник')
  expect(alert).toHaveTextContent('Чужой')
  expect(screen.getByLabelText('Текст поста')).toHaveValue('Мой текст')
  expect(JSON.parse(localStorage.getItem(`viza:draft:p2:${me.id}`)!).text).toBe('Мой текст')
  await user.click(screen.getByRole('button', { name: 'Сохранить мой текст поверх' }))
  await waitFor(() => expect(fake.api.posts.get('p2')!.state.context.text).toBe('Мой текст'))
})

it('keeps a typed draft across a remount (a reload of the page)', async () => {
  fake.addPost('p3', 'Пост', [{ type: 'WRITE_IN_HOUSE', actor: editor }])
  const first = await renderEditor('p3')
  await screen.findByLabelText('Текст поста')
  await userEvent.setup().type(screen.getByLabelText('Текст поста'), 'Не потерять')
  first.view.unmount()
  await renderEditor('p3')
  await screen.findByLabelText('Текст поста')
  expect(screen.getByLabelText('Текст поста')).toHaveValue('Не потерять')
})
