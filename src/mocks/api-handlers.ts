/**
 * MSW handlers for component tests: an in-memory Viza API that speaks the real contract. Request
 * bodies are parsed with the same zod schemas the server uses, events go through the same
 * post-lifecycle machine, and every answer goes through `answer()`: typed by the response schema
 * the server declares for that route (`src/shared/api/responses.ts`) and parsed with it, so a
 * handler that drifts from the server fails the typecheck or the test.
 */
import { http, HttpResponse, type JsonBodyType } from 'msw'
import type { z } from 'zod'
import { DEFAULT_CALENDAR_SETTINGS, WorkingCalendar } from '../domain/calendar'
import {
  allowedEvents,
  applyEvent,
  createPostMachine,
  initialPostState,
  lifecycleDepsFor,
  type PostEvent,
  type PostEventPayload,
  type StoredPostState,
} from '../domain/post-lifecycle'
import type { Actor } from '../domain/roles'
import type { PostDetailDto, UserDto } from '../shared/api/contract'
import { postEventBodySchema } from '../shared/api/contract'
import {
  calendarSchema,
  conflictBodySchema,
  departmentListSchema,
  errorBodySchema,
  meSchema,
  postDetailSchema,
  postEventAnswerSchema,
} from '../shared/api/responses'

/** An answer as the server declares it for the route: checked against that schema. */
export function answer<S extends z.ZodType<JsonBodyType>>(
  schema: S,
  body: z.input<S>,
  status = 200,
) {
  return HttpResponse.json(schema.parse(body), { status })
}
const notFound = () =>
  answer(
    errorBodySchema,
    { error: { code: 'not_found', message: 'Пост не найден или у вас нет к нему доступа' } },
    404,
  )

const calendar = new WorkingCalendar()
const machine = createPostMachine(lifecycleDepsFor(calendar))

export interface FakeApi {
  me: UserDto
  /** Every event payload the screens sent, in order. */
  received: PostEventPayload[]
  posts: Map<
    string,
    {
      state: StoredPostState
      version: number
      title: string
      brief: string
      channels: PostDetailDto['channels']
    }
  >
  /** Simulates another person's change: the next event gets a 409. */
  bumpVersion(id: string, text: string): void
}

export function createFakeApi(me: UserDto) {
  const api: FakeApi = {
    me,
    posts: new Map(),
    received: [],
    bumpVersion(id, text) {
      const p = api.posts.get(id)!
      const actor: Actor = { id: 'someone-else', role: me.role, departmentId: me.departmentId }
      const v = applyEvent(machine, p.state, {
        type: 'EDIT_TEXT',
        text,
        actor,
        now: new Date().toISOString(),
      })
      if (v.ok) {
        p.state = v.state
        p.version += 1
      }
    },
  }
  const actor = (): Actor => ({ id: me.id, role: me.role, departmentId: me.departmentId })

  const detail = (id: string): PostDetailDto => {
    const p = api.posts.get(id)!
    return {
      id,
      title: p.title,
      brief: p.brief,
      departmentId: p.state.context.departmentId,
      urgent: p.state.context.urgent,
      channels: p.channels,
      plannedAt: null,
      state: p.state.value,
      version: p.version,
      deadlineAt: p.state.context.clock?.dueAt ?? null,
      deadlineUnit: p.state.context.clock ? 'workingDays' : null,
      deadlineProvisional: false,
      clockStartedAt: p.state.context.clock?.startedAt ?? null,
      overdue: false,
      scheduledAt: null,
      awaitingGovernorSince: null,
      departmentMaterial: null,
      byGovernor: false,
      publishedAt: p.state.context.publishedAt,
      links: p.state.context.links,
      lastReturn: null,
      sentToGovernor: null,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      text: p.state.context.text,
      textVersion: p.state.context.textVersion,
      context: p.state.context,
      versions: [],
      history: [],
      allowedEvents: allowedEvents(machine, p.state, actor()),
      publications: [],
      publicationTrouble: false,
    }
  }

  const addPost = (id: string, title: string, setup: Array<Omit<PostEvent, 'now'>> = []) => {
    let state = initialPostState(machine, {
      departmentId: 'health',
      urgent: false,
      channels: ['telegram', 'vk'],
    })
    let version = 1
    for (const e of setup) {
      const v = applyEvent(machine, state, { ...e, now: new Date().toISOString() } as PostEvent)
      if (!v.ok) throw new Error(`fake setup: ${e.type} refused`)
      state = v.state
      version += 1
    }
    api.posts.set(id, { state, version, title, brief: 'Что нужно', channels: ['telegram', 'vk'] })
  }

  const handlers = [
    http.get('*/api/me', () => answer(meSchema, { user: me, demo: false })),
    http.get('*/api/calendar', () =>
      answer(calendarSchema, {
        timeZone: 'Asia/Yekaterinburg',
        revision: 1,
        settings: DEFAULT_CALENDAR_SETTINGS,
      }),
    ),
    http.get('*/api/departments', () =>
      answer(departmentListSchema, {
        items: [
          {
            id: 'health',
            name: 'Департамент здравоохранения',
            shortName: 'Депздрав Югры',
            active: true,
            hasActiveContact: true,
          },
        ],
      }),
    ),
    http.get('*/api/posts/:id', ({ params }) =>
      api.posts.has(String(params.id))
        ? answer(postDetailSchema, detail(String(params.id)))
        : notFound(),
    ),
    http.post('*/api/posts/:id/events', async ({ params, request }) => {
      const id = String(params.id)
      const p = api.posts.get(id)
      if (!p) return notFound()
      const parsed = postEventBodySchema.safeParse(await request.json())
      if (!parsed.success)
        return answer(
          errorBodySchema,
          { error: { code: 'validation_failed', message: 'Некорректные данные' } },
          400,
        )
      const { expectedVersion, ...payload } = parsed.data
      api.received.push(payload as PostEventPayload)
      if (expectedVersion !== p.version) {
        return answer(
          conflictBodySchema,
          {
            error: {
              code: 'version_conflict',
              message: 'Пост уже изменил другой участник: посмотрите, что изменилось',
              details: { currentVersion: p.version, post: detail(id) },
            },
          },
          409,
        )
      }
      const v = applyEvent(machine, p.state, {
        ...payload,
        actor: actor(),
        now: new Date().toISOString(),
      } as PostEvent)
      if (!v.ok)
        return answer(
          errorBodySchema,
          { error: { code: v.reason, message: 'Действие сейчас недоступно' } },
          v.reason === 'forbidden' ? 403 : 422,
        )
      p.state = v.state
      p.version += 1
      // As the server: the new state and next actions, not the whole post.
      const d = detail(id)
      return answer(postEventAnswerSchema, {
        id,
        state: d.state,
        version: d.version,
        textVersion: d.textVersion,
        text: d.text,
        context: d.context,
        allowedEvents: d.allowedEvents,
        updatedAt: d.updatedAt,
      })
    }),
  ]
  return { api, handlers, addPost }
}
