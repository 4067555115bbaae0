/**
 * The HTTP API's contract, shared by the server (validation, OpenAPI), the browser app (types)
 * and the MSW handlers of component tests, so none of them can drift from the others.
 */
import { z } from 'zod'

// Validation messages reach people: in Russian, like the rest of the interface.
z.config(z.locales.ru())
import { calendarSettingsSchema, deadlinePoliciesSchema } from '../../domain/calendar/schemas'
import { channels, type Channel } from '../../domain/channels'
import type {
  MediaRef,
  PostContext,
  PostEventType,
  PostStateValue,
} from '../../domain/post-lifecycle'
import type { CalendarSettings } from '../../domain/calendar'
import { postEventPayloadSchema } from '../../domain/post-lifecycle/events'
import { userRoles, type ActorRole, type UserRole } from '../../domain/roles'

const channelSchema = z.enum(channels)
export const userRoleSchema = z.enum(userRoles)

export const loginSchema = z.object({
  login: z.string().trim().min(1, 'Введите логин').max(100),
  password: z.string().min(1, 'Введите пароль').max(200),
})

/** A link people will open: http(s) only — never `javascript:` or `data:`. */
export const httpUrl = z.url({
  protocol: /^https?$/,
  message: 'Ссылка должна быть адресом (https://…)',
})

const isoInstant = z.iso.datetime({
  offset: true,
  message: 'Время в формате ISO 8601 со смещением',
})

export const createPostSchema = z.object({
  title: z
    .string()
    .trim()
    .min(3, 'Заголовок не короче 3 знаков')
    .max(200, 'Заголовок длиннее 200 знаков'),
  brief: z
    .string()
    .trim()
    .min(1, 'Опишите, какой материал нужен')
    .max(5000, 'Описание длиннее 5000 знаков'),
  departmentId: z.string().min(1).max(64).nullable().optional(),
  urgent: z.boolean().default(false),
  channels: z.array(channelSchema).min(1, 'Выберите хотя бы один канал').max(channels.length),
  plannedAt: isoInstant.nullable().optional(),
})
export type CreatePostInput = z.input<typeof createPostSchema>

/** An event as posted by a client: the payload plus the version the client last saw. */
export const postEventBodySchema = z.intersection(
  postEventPayloadSchema,
  z.object({ expectedVersion: z.number().int().nonnegative() }),
)
export type PostEventBody = z.input<typeof postEventBodySchema>

export const postListQuerySchema = z.object({
  state: z.string().max(200).optional(),
  department: z.string().max(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  urgent: z.enum(['true', 'false']).optional(),
  /** Only the posts this person created (the governor's «Мои поручения»). */
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

/** An optional e-mail (for notifications): empty means none; stored lower-case. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Адрес почты длиннее 254 знаков')
  .refine(
    (v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    'Адрес почты в формате имя@example.ru',
  )
  .transform((v) => v || null)
  .nullable()
  .optional()

/** A change (PATCH) must change something: `{}` is a 400, not an empty UPDATE. */
const somethingToChange = (o: object) => Object.values(o).some((v) => v !== undefined)
const NOTHING_TO_CHANGE = { message: 'Нет изменений: укажите хотя бы одно поле' }

export const createUserSchema = z
  .object({
    login: z
      .string()
      .trim()
      .regex(/^[a-z0-9._-]{3,40}$/i, 'Логин: 3–40 латинских букв, цифр, точек, дефисов'),
    name: z.string().trim().min(2, 'Введите имя').max(200),
    role: userRoleSchema,
    departmentId: z.string().max(64).nullable().optional(),
    email: emailSchema,
    password: z.string().min(8, 'Пароль не короче 8 знаков').max(200),
  })
  .refine((u) => u.role !== 'department' || !!u.departmentId, {
    message: 'Для роли «департамент» укажите департамент',
    path: ['departmentId'],
  })

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    role: userRoleSchema.optional(),
    departmentId: z.string().max(64).nullable().optional(),
    email: emailSchema,
    active: z.boolean().optional(),
  })
  .refine(somethingToChange, NOTHING_TO_CHANGE)

export const resetPasswordSchema = z.object({
  password: z.string().min(8, 'Пароль не короче 8 знаков').max(200),
})

export const departmentInputSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/, 'Код: 2–40 строчных латинских букв, цифр, дефисов'),
  name: z.string().trim().min(3).max(300),
  shortName: z.string().trim().min(2).max(100),
})
export const departmentUpdateSchema = departmentInputSchema
  .omit({ id: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .refine(somethingToChange, NOTHING_TO_CHANGE)

export const calendarUpdateSchema = calendarSettingsSchema.omit({ policies: true })
export const policiesUpdateSchema = deadlinePoliciesSchema

export const testClockSchema = z.union([
  z.object({
    advanceMs: z
      .number()
      .int()
      .min(0)
      .max(400 * 86_400_000),
  }),
  z.object({ at: isoInstant }),
])

// ---- responses ----

export interface UserDto {
  id: string
  login: string
  name: string
  role: UserRole
  departmentId: string | null
  /** Optional, for notifications (absent in older fixtures). */
  email?: string | null
  active: boolean
  demo: boolean
}

export interface DepartmentDto {
  id: string
  name: string
  shortName: string
  active: boolean
  /** An active department-role user is attached: a request to it reaches someone. */
  hasActiveContact: boolean
}

export interface PostSummaryDto {
  id: string
  title: string
  brief: string
  departmentId: string | null
  urgent: boolean
  channels: Channel[]
  plannedAt: string | null
  state: PostStateValue
  version: number
  deadlineAt: string | null
  deadlineUnit: 'workingDays' | 'workingHours' | 'hours' | null
  deadlineProvisional: boolean
  clockStartedAt: string | null
  overdue: boolean
  scheduledAt: string | null
  awaitingGovernorSince: string | null
  /** A channel needs a person (failed, unknown outcome, or a manual channel to confirm). */
  publicationTrouble: boolean
  /** The governor's own instruction (he created it). */
  byGovernor: boolean
  /** When the post went out, and where: the links per channel. */
  publishedAt: string | null
  links: Array<{ channel: string; url: string }>
  /** The last return (by the governor to the SMC, or by the SMC to the department) while it stands. */
  lastReturn: {
    kind: 'returnToEditor' | 'returnToDepartment'
    text: string
    byName: string
    at: string
  } | null
  createdAt: string
  updatedAt: string
}

export interface TextVersionDto {
  number: number
  text: string
  media: MediaRef[]
  authorId: string
  authorName: string
  authorRole: ActorRole
  createdAt: string
}

export interface HistoryEntryDto {
  id: number
  event: PostEventType | 'CREATED'
  actorId: string
  actorName: string
  actorRole: ActorRole
  fromState: PostStateValue | null
  toState: PostStateValue
  version: number
  textVersion: number
  at: string
  payload: Record<string, unknown>
}

/** How a channel is served: real credentials, the built-in demo, by hand, or not configured. */
export type ChannelMode = 'real' | 'demo' | 'manual' | 'notConfigured'

export interface ChannelStatusDto {
  channel: Channel
  mode: ChannelMode
}

/** A post as a built-in demo channel received it. */
export interface DemoChannelPostDto {
  id: number
  channel: Channel
  postId: string
  postTitle: string
  /** In Viza's markup; shown rendered as the channel would show it. */
  text: string
  images: Array<{ id: string; name: string }>
  at: string
}

export interface PublicationDto {
  id: number
  channel: Channel
  mode: ChannelMode
  textVersion: number
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'manual'
  attempts: number
  nextAttemptAt: string | null
  url: string | null
  error: string | null
  /** Whether the server has credentials for the channel. */
  configured: boolean
  /** The channel's own page, to check by eye what is there. */
  channelUrl: string | null
  /** A failed attempt that surely did not take effect: retrying is safe. */
  canRetry: boolean
}

export const confirmPublicationSchema = z.object({
  sent: z.boolean(),
  url: httpUrl.max(2000).optional(),
})

/** A moment in the post's life, tied to the text version it produced. */
export interface TextMilestoneDto {
  textVersion: number
  at: string
  byName: string
}

export interface PostDetailDto extends PostSummaryDto {
  /** The department's last submitted material (text and photos): where every diff starts. */
  departmentMaterial: TextMilestoneDto | null
  /** The text as it last went up to the governor. */
  sentToGovernor: TextMilestoneDto | null
  text: string
  textVersion: number
  context: PostContext
  versions: TextVersionDto[]
  history: HistoryEntryDto[]
  allowedEvents: PostEventType[]
  /** The publication ledger of this post, one row per channel and approved version. */
  publications: PublicationDto[]
}

export interface PostListDto {
  items: PostSummaryDto[]
  total: number
  page: number
  pageSize: number
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown }
}

/** What the server pushes on /api/events, one per history row. */
export interface LiveEventDto {
  id: number
  postId: string
  title: string
  event: HistoryEntryDto['event']
  actorId: string
  actorName: string
  actorRole: ActorRole
  fromState: PostStateValue | null
  toState: PostStateValue
  version: number
}

export interface CalendarDto {
  timeZone: string
  revision: number
  settings: CalendarSettings
}
