/**
 * The HTTP API's requests, shared by the server (validation, the OpenAPI document), the browser
 * app (types, and the few schemas its forms check) and the MSW handlers of component tests, so
 * none of them can drift from the others. What it answers is in `responses.ts`.
 */
import { z } from 'zod'

// Validation messages reach people: in Russian, like the rest of the interface.
z.config(z.locales.ru())
import { calendarSettingsSchema, deadlinePoliciesSchema } from '../../domain/calendar/schemas'
import { channels } from '../../domain/channels'
import { postEventPayloadSchema } from '../../domain/post-lifecycle/events'
import { userRoles } from '../../domain/roles'

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
  /** `frozen`: the clock stands at `at` until it is set or advanced again. */
  z.object({ at: isoInstant, frozen: z.boolean().optional() }),
])

export const confirmPublicationSchema = z.object({
  sent: z.boolean(),
  url: httpUrl.max(2000).optional(),
})

// ---- responses: the schemas live in responses.ts (server and tests only); the types here ----

export type {
  ApiErrorBody,
  CalendarDto,
  ChannelMode,
  ChannelStatusDto,
  DemoChannelPostDto,
  DepartmentDto,
  HistoryEntryDto,
  LiveEventDto,
  PostDetailDto,
  PostEventAnswerDto,
  PostListDto,
  PostSummaryDto,
  PublicationDto,
  TextMilestoneDto,
  TextVersionDto,
  TextVersionInfoDto,
  UserDto,
} from './responses'
