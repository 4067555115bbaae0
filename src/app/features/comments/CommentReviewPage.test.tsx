import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { checkText } from '../../../domain/quality/check'
import type { CommentDetailDto } from '../../../shared/api/comments-contract'
import type { UserDto } from '../../../shared/api/contract'
import { answer, createFakeApi } from '../../../mocks/api-handlers'
import { commentDetailSchema, qualityCheckAnswerSchema } from '../../../shared/api/responses'
import { createQueryClient } from '../../lib/query-client'
import CommentReviewPage from './CommentReviewPage'

const me: UserDto = {
  id: 'u-smc',
  login: 'smc',
  name: 'Анна Соколова',
  role: 'editor',
  departmentId: null,
  active: true,
  demo: false,
}

// The checker's own rules; a speller that knows every word but one misspelling.
const speller = {
  correct: (w: string) => w.toLowerCase() !== 'заделаим',
  suggest: (w: string) => (w.toLowerCase() === 'заделаим' ? ['заделаем'] : []),
}

const SUBMITTED =
  'Здравствуйте, Мария! Яму у дома № 14 на улице Ленина заделают до 5 декабря: подрядчик ООО «Дорожник» получил задание.'

let comment: CommentDetailDto
const sent: unknown[] = []
const fake = createFakeApi(me)
const server = setupServer(
  ...fake.handlers,
  http.get('*/api/comments/:id', () => answer(commentDetailSchema, comment)),
  http.post('*/api/quality/check', async ({ request }) => {
    const { text, kind } = (await request.json()) as { text: string; kind: 'answer' | 'post' }
    return answer(qualityCheckAnswerSchema, { issues: checkText(text, { kind, speller }) })
  }),
  http.post('*/api/comments/:id/events', async ({ request }) => {
    const body = (await request.json()) as { text: string }
    sent.push(body)
    comment = {
      ...comment,
      state: 'posting',
      version: comment.version + 1,
      answer: { text: body.text, textVersion: 2, interim: false },
      allowedEvents: [],
    }
    return answer(commentDetailSchema, comment)
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
beforeEach(() => {
  sent.length = 0
  localStorage.clear()
  const now = new Date().toISOString()
  comment = {
    id: 'c1',
    network: 'vk',
    authorName: 'Мария Иванова',
    authorUrl: 'https://vk.com/id1',
    text: 'Когда заделают яму у дома 14 на Ленина?',
    leftAt: now,
    registeredAt: now,
    state: 'inReview',
    departmentId: 'health',
    priority: false,
    deadlineAt: null,
    overdue: false,
    clockKind: null,
    clockStartedAt: null,
    replyTrouble: false,
    version: 3,
    thread: { postText: 'Ремонт дорог', postUrl: 'https://vk.com/wall-555_55', earlier: [] },
    answer: { text: SUBMITTED, textVersion: 1, interim: false },
    submitted: { text: SUBMITTED, interim: false },
    approval: null,
    clock: null,
    notes: [],
    dismissal: null,
    interimPostedAt: null,
    answeredAt: null,
    links: [],
    history: [],
    replies: [],
    allowedEvents: ['EDIT_ANSWER', 'RETURN_TO_DEPARTMENT', 'REASSIGN', 'APPROVE_ANSWER'],
  }
})

const renderPage = () =>
  render(
    <QueryClientProvider client={createQueryClient({ retryQueries: false })}>
      <CommentReviewPage id="c1" me={me} />
    </QueryClientProvider>,
  )

it('shows her edits against the department’s text, and approves the text on her screen', async () => {
  renderPage()
  const user = userEvent.setup()
  const box = await screen.findByLabelText('Текст ответа от имени губернатора')
  await user.clear(box)
  await user.type(box, SUBMITTED.replace('до 5 декабря', 'до 3 декабря'))
  const diff = screen.getByTestId('smc-diff')
  expect(diff.querySelector('del')).toHaveTextContent('5')
  expect(diff.querySelector('ins')).toHaveTextContent('3')
  // announced, not colour alone
  expect(diff).toHaveTextContent('[удалено: 5]')
  const approve = screen.getByRole('button', { name: 'Утвердить с моими правками и опубликовать' })
  await waitFor(() => expect(approve).toBeEnabled())
  await user.click(approve)
  await waitFor(() => expect(sent).toHaveLength(1))
  expect(sent[0]).toEqual({
    type: 'APPROVE_ANSWER',
    text: SUBMITTED.replace('до 5 декабря', 'до 3 декабря'),
    textVersion: 1,
    expectedVersion: 3,
  })
})

it('a blocking finding holds approval until she writes why it may go', async () => {
  renderPage()
  const user = userEvent.setup()
  const box = await screen.findByLabelText('Текст ответа от имени губернатора')
  await user.type(box, ' Заделаим.')
  const approve = screen.getByRole('button', { name: 'Утвердить с моими правками и опубликовать' })
  expect(
    await screen.findByText(/В ответе ошибки \(1\): исправьте их или напишите, почему/),
  ).toBeInTheDocument()
  expect(approve).toBeDisabled()
  await user.type(
    screen.getByLabelText(/Почему ответ можно отправить с ошибками проверки/),
    'Так пишется название посёлка',
  )
  await waitFor(() => expect(approve).toBeEnabled())
  await user.click(approve)
  await waitFor(() => expect(sent).toHaveLength(1))
  expect(sent[0]).toMatchObject({
    type: 'APPROVE_ANSWER',
    text: `${SUBMITTED} Заделаим.`,
    override: 'Так пишется название посёлка',
  })
})

it('the history names a department’s person with the department, the SMC’s with «ЦСМ»', async () => {
  const at = new Date().toISOString()
  const entry = { fromState: null, toState: 'withDepartment', at, payload: {} }
  comment = {
    ...comment,
    history: [
      {
        ...entry,
        id: 1,
        event: 'TRIAGE',
        actorName: 'Анна Соколова',
        actorRole: 'editor',
        actorDepartmentId: null,
      },
      {
        ...entry,
        id: 2,
        event: 'SUBMIT_ANSWER',
        actorName: 'Игорь Петров',
        actorRole: 'department',
        actorDepartmentId: 'health',
      },
    ],
  }
  renderPage()
  await waitFor(() => expect(screen.getByText(/Игорь Петров, Депздрав Югры/)).toBeInTheDocument())
  expect(screen.getByText(/Анна Соколова, ЦСМ/)).toBeInTheDocument()
  expect(screen.queryByText(/Игорь Петров, Департамент/)).toBeNull()
})
