import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { checkText } from '../../../domain/quality/check'
import type { CommentDetailDto } from '../../../shared/api/comments-contract'
import { healthContact as me } from '../../../mocks/people'
import { answer, createFakeApi } from '../../../mocks/api-handlers'
import { commentDetailSchema, qualityCheckAnswerSchema } from '../../../shared/api/responses'
import { createQueryClient } from '../../lib/query-client'
import CommentAnswerPage from './CommentAnswerPage'

// The checker's own rules; a speller that knows every word but one misspelling.
const speller = {
  correct: (w: string) => w.toLowerCase() !== 'заделаим',
  suggest: (w: string) => (w.toLowerCase() === 'заделаим' ? ['заделаем'] : []),
}

const GOOD =
  'Здравствуйте, Мария! Яму у дома № 14 на улице Ленина заделают до 5 декабря: подрядчик ООО «Дорожник» получил задание.'

let comment: CommentDetailDto
const submitted: unknown[] = []
const fake = createFakeApi(me)
const server = setupServer(
  ...fake.handlers,
  http.get('*/api/comments/:id', () => answer(commentDetailSchema, comment)),
  http.post('*/api/quality/check', async ({ request }) => {
    const { text, kind } = (await request.json()) as { text: string; kind: 'answer' | 'post' }
    return answer(qualityCheckAnswerSchema, { issues: checkText(text, { kind, speller }) })
  }),
  http.post('*/api/comments/:id/events', async ({ request }) => {
    const body = (await request.json()) as { text: string; interim: boolean }
    submitted.push(body)
    comment = {
      ...comment,
      state: 'inReview',
      version: comment.version + 1,
      answer: { text: body.text, textVersion: 1, interim: body.interim },
      allowedEvents: [],
    }
    return answer(commentDetailSchema, comment)
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
beforeEach(() => {
  submitted.length = 0
  localStorage.clear()
  const now = new Date()
  comment = {
    id: 'c1',
    network: 'vk',
    authorName: 'Мария Иванова',
    authorUrl: 'https://vk.com/id1',
    text: 'Когда заделают яму у дома 14 на Ленина?',
    leftAt: now.toISOString(),
    registeredAt: now.toISOString(),
    state: 'withDepartment',
    departmentId: 'health',
    priority: false,
    deadlineAt: new Date(now.getTime() + 9 * 3_600_000).toISOString(),
    overdue: false,
    clockKind: 'regular',
    clockStartedAt: now.toISOString(),
    replyTrouble: false,
    version: 2,
    thread: { postText: 'Ремонт дорог', postUrl: 'https://vk.com/wall-555_55', earlier: [] },
    answer: { text: '', textVersion: 0, interim: false },
    submitted: null,
    approval: null,
    clock: {
      number: 1,
      kind: 'regular',
      departmentId: 'health',
      startedAt: now.toISOString(),
      dueAt: new Date(now.getTime() + 9 * 3_600_000).toISOString(),
      provisional: false,
      overdueAt: null,
      answeredAt: null,
    },
    notes: [],
    dismissal: null,
    interimPostedAt: null,
    answeredAt: null,
    links: [],
    history: [],
    replies: [],
    allowedEvents: ['SUBMIT_ANSWER'],
  }
})

const renderPage = () =>
  render(
    <QueryClientProvider client={createQueryClient({ retryQueries: false })}>
      <CommentAnswerPage id="c1" me={me} />
    </QueryClientProvider>,
  )

it('marks the checker’s findings as the department types, offers the suggestions, and holds the answer until they are fixed', async () => {
  renderPage()
  const user = userEvent.setup()
  expect(await screen.findByText('Когда заделают яму у дома 14 на Ленина?')).toBeInTheDocument()
  const box = screen.getByLabelText('Текст ответа от имени губернатора')
  const send = screen.getByRole('button', { name: 'Отправить ответ в ЦСМ' })
  expect(send).toBeDisabled()
  expect(screen.getByText('Напишите ответ')).toBeInTheDocument()

  await user.type(box, 'Щас заделаим.')
  const findings = await screen.findByRole('list', { name: 'Замечания проверки' })
  await waitFor(() => expect(findings).toHaveTextContent(/привет/i))
  expect(findings).toHaveTextContent('Ошибка')
  // the words themselves are marked in the text
  const marks = [...screen.getByTestId('marked-text').querySelectorAll('mark')].map(
    (m) => m.textContent,
  )
  expect(marks).toEqual(expect.arrayContaining(['Щас', 'заделаим']))
  expect(send).toBeDisabled()
  expect(screen.getByText(/Исправьте ошибки, отмеченные в тексте: \d/)).toBeInTheDocument()

  // a suggestion replaces the word
  await user.click(screen.getByRole('button', { name: 'Заменить на «заделаем»' }))
  expect(box).toHaveValue('Щас заделаем.')

  // the finished answer is pasted, as people bring it from a document (typing 120 characters one
  // by one only made the test slow on a busy machine)
  await user.clear(box)
  await user.paste(GOOD)
  expect(await screen.findByText('Проверка пройдена: замечаний нет.')).toBeInTheDocument()
  await waitFor(() => expect(send).toBeEnabled())
  await user.click(send)
  expect(await screen.findByText('Ответ на проверке ЦСМ', { selector: 'p' })).toBeInTheDocument()
  expect(submitted).toEqual([
    { type: 'SUBMIT_ANSWER', text: GOOD, interim: false, textVersion: 0, expectedVersion: 2 },
  ])
})

it('the greeting suggestion inserts at the start and deletes nothing; a suggestion can be taken back', async () => {
  renderPage()
  const user = userEvent.setup()
  const box = await screen.findByLabelText('Текст ответа от имени губернатора')
  const typed =
    'Яму у дома № 14 заделают до 5 декабря, работы уже начались. Подрядчик — ООО «Дорожник».'
  await user.type(box, typed)
  await user.click(await screen.findByRole('button', { name: 'Вставить в начало «Здравствуйте!»' }))
  expect(box).toHaveValue(`Здравствуйте! ${typed}`)
  await user.click(screen.getByRole('button', { name: 'Отменить правку' }))
  expect(box).toHaveValue(typed)
  expect(screen.queryByRole('button', { name: 'Отменить правку' })).not.toBeInTheDocument()
})

it('a check cut short by its time bound shows its note, not «Проверка пройдена»', async () => {
  const note = 'Проверка не уложилась в 2 с: показаны замечания, найденные за это время'
  server.use(
    http.post('*/api/quality/check', () => answer(qualityCheckAnswerSchema, { issues: [], note })),
  )
  renderPage()
  const user = userEvent.setup()
  await user.type(await screen.findByLabelText('Текст ответа от имени губернатора'), GOOD)
  expect(await screen.findByText(note)).toBeInTheDocument()
  expect(screen.queryByText('Проверка пройдена: замечаний нет.')).not.toBeInTheDocument()
})

it('an interim answer says so on its button', async () => {
  renderPage()
  const user = userEvent.setup()
  await user.click(await screen.findByRole('checkbox', { name: /Промежуточный ответ/ }))
  expect(
    screen.getByRole('button', { name: 'Отправить промежуточный ответ в ЦСМ' }),
  ).toBeInTheDocument()
})
