import { expect, it, vi } from 'vitest'
import type { PostDetailDto, UserDto } from '../../shared/api/contract'
import { alreadyTaken, POST_EVENT, type PostEventVariables } from './offline'
import { keys } from './queries'
import { createQueryClient } from './query-client'

const me = { id: 'u-governor', role: 'governor' } as UserDto
const text = 'Паром через Иртыш пойдёт с 1 мая.'
const approval: PostEventVariables = {
  postId: 'p1',
  payload: { type: 'APPROVE', textVersion: 2, text },
  expectedVersion: 4,
  queuedOffline: true,
}
const entry = (version: number, event: string, actorId: string, textVersion = 2) => ({
  id: version,
  event,
  actorId,
  actorName: '',
  actorRole: 'governor',
  fromState: null,
  toState: 'approved',
  version,
  textVersion,
  at: '2026-12-01T10:00:00.000Z',
  payload: {},
})
/** The post as the server has it now, with the history rows after the version he saw. */
const post = (after: ReturnType<typeof entry>[], now = text) =>
  ({
    id: 'p1',
    title: 'Паромная переправа',
    state: 'approved',
    version: 4 + after.length,
    textVersion: after.at(-1)?.textVersion ?? 2,
    text: now,
    context: {},
    allowedEvents: [],
    updatedAt: '2026-12-01T10:00:00.000Z',
    history: [entry(4, 'SEND_TO_GOVERNOR', 'u-editor'), ...after],
  }) as unknown as PostDetailDto

it('a copy of a decision the server already has is recognised; a change by anyone else is not', () => {
  expect(alreadyTaken(approval, post([entry(5, 'APPROVE', me.id)]), me.id)).toBe(true)
  // the SMC edited the text after he saw it: a real conflict
  expect(alreadyTaken(approval, post([entry(5, 'EDIT_TEXT', 'u-editor', 3)]), me.id)).toBe(false)
  // his approval, but of another text (his other device), since edited
  expect(
    alreadyTaken(
      approval,
      post([entry(5, 'APPROVE', me.id, 3)], 'Паром через Иртыш пойдёт с 2 мая.'),
      me.id,
    ),
  ).toBe(false)
  expect(alreadyTaken(approval, post([]), me.id)).toBe(false)
})

it('a decision sent again after its answer was lost ends as sent, not as a conflict', async () => {
  const current = post([entry(5, 'APPROVE', me.id)])
  vi.spyOn(globalThis, 'fetch').mockResolvedValue(
    new Response(
      JSON.stringify({
        error: {
          code: 'conflict',
          message: 'Пост изменён',
          details: { currentVersion: 5, post: current },
        },
      }),
      { status: 409, headers: { 'content-type': 'application/json' } },
    ),
  )
  const client = createQueryClient({ retryQueries: false })
  client.setQueryData(keys.me, me)
  const answer = await client
    .getMutationCache()
    .build(client, { mutationKey: [POST_EVENT, 'p1'] })
    .execute(approval)
  expect(answer).toMatchObject({ id: 'p1', state: 'approved', version: 5 })

  // another person's change after the version he saw stays a conflict: nothing was approved
  vi.spyOn(globalThis, 'fetch').mockResolvedValue(
    new Response(
      JSON.stringify({
        error: {
          code: 'conflict',
          message: 'Пост изменён',
          details: { currentVersion: 5, post: post([entry(5, 'EDIT_TEXT', 'u-editor', 3)]) },
        },
      }),
      { status: 409, headers: { 'content-type': 'application/json' } },
    ),
  )
  await expect(
    client
      .getMutationCache()
      .build(client, { mutationKey: [POST_EVENT, 'p1'] })
      .execute(approval),
  ).rejects.toMatchObject({ status: 409 })
})
