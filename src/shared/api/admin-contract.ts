/**
 * The admin's API beyond users and departments: channel settings, the production calendar
 * import and the one-request calendar save. Shared by the server (validation) and the app.
 */
import { z } from 'zod'
import { calendarSettingsSchema } from '../../domain/calendar/schemas'

export const settableChannels = ['telegram', 'vk', 'ok', 'max'] as const
export type SettableChannel = (typeof settableChannels)[number]

/** Each channel's credentials: the field, its label, and the environment variable that wins. */
export const channelFields = {
  telegram: [
    { key: 'botToken', label: 'Токен бота', env: 'TELEGRAM_BOT_TOKEN' },
    { key: 'chatId', label: 'Канал: @имя или числовой номер', env: 'TELEGRAM_CHAT_ID' },
  ],
  vk: [
    { key: 'accessToken', label: 'Ключ доступа сообщества', env: 'VK_ACCESS_TOKEN' },
    { key: 'groupId', label: 'Номер сообщества', env: 'VK_GROUP_ID' },
  ],
  ok: [
    { key: 'applicationKey', label: 'Публичный ключ приложения', env: 'OK_APPLICATION_KEY' },
    {
      key: 'applicationSecretKey',
      label: 'Секретный ключ приложения',
      env: 'OK_APPLICATION_SECRET_KEY',
    },
    { key: 'accessToken', label: 'Вечный ключ доступа', env: 'OK_ACCESS_TOKEN' },
    { key: 'groupId', label: 'Номер группы', env: 'OK_GROUP_ID' },
  ],
  max: [
    { key: 'botToken', label: 'Токен бота', env: 'MAX_BOT_TOKEN' },
    { key: 'chatId', label: 'Номер канала (chat_id)', env: 'MAX_CHAT_ID' },
  ],
} as const satisfies Record<
  SettableChannel,
  ReadonlyArray<{ key: string; label: string; env: string }>
>

export const channelParamSchema = z.object({
  channel: z.enum(
    settableChannels,
    'Настраиваются только Telegram, ВКонтакте, Одноклассники и MAX',
  ),
})

const credential = z
  .string()
  .trim()
  .min(1, 'Пустое значение: чтобы стереть все поля канала, нажмите «Удалить настройки»')
  .max(500, 'Значение длиннее 500 знаков')
  .regex(/^[\x21-\x7e]+$/, 'Только латинские буквы, цифры и знаки, без пробелов')

/** Write-only: fields left out keep what is stored. At least one field. */
export const channelSettingsSchemas = {
  telegram: z.strictObject({ botToken: credential.optional(), chatId: credential.optional() }),
  vk: z.strictObject({ accessToken: credential.optional(), groupId: credential.optional() }),
  ok: z.strictObject({
    applicationKey: credential.optional(),
    applicationSecretKey: credential.optional(),
    accessToken: credential.optional(),
    groupId: credential.optional(),
  }),
  max: z.strictObject({ botToken: credential.optional(), chatId: credential.optional() }),
} as const
export const anyChannelSettingsSchema = z
  .record(z.string(), credential)
  .refine((r) => Object.keys(r).length > 0, 'Заполните хотя бы одно поле')

export interface ChannelSettingsDto {
  channel: SettableChannel
  /** Which credentials this channel has a value for (never the values). */
  fieldsSet: string[]
  configured: boolean
  /** Where the credentials in use come from; the environment wins over stored settings. */
  source: 'env' | 'settings' | null
  /** The built-in demo channel serves it (a demo database without credentials). */
  demo: boolean
  /** Stored fields, even when the environment overrides them. */
  storedFields: string[]
  updatedAt: string | null
}

export interface ChannelSettingsListDto {
  items: ChannelSettingsDto[]
  /** False when VIZA_SECRET_KEY is not set: credentials cannot be stored. */
  canStore: boolean
}

export interface ChannelCheckDto {
  ok: boolean
  /** What the channel answered, in Russian: the bot and channel names, or the error. */
  message: string
}

// ---- production calendar ----

export const calendarImportSchema = z.object({
  xml: z.string().min(1, 'Выберите файл календаря').max(200_000, 'Файл больше 200 КБ'),
})

export interface CalendarImportPreviewDto {
  year: number
  days: number
  diff: {
    addedDaysOff: Array<{ date: string; was: string; becomes: string; holiday?: string }>
    removedDaysOff: Array<{ date: string; was: string; becomes: string; holiday?: string }>
    shortened: Array<{ date: string; was: string; becomes: string; holiday?: string }>
    noLongerShortened: Array<{ date: string; was: string; becomes: string; holiday?: string }>
    transfers: Array<{ from: string; to: string }>
    same: boolean
  }
  /** Whether the year is already confirmed (official) in Viza. */
  official: boolean
  /** The calendar revision the preview was computed against (apply refuses a stale one). */
  revision: number
}

export const calendarImportApplySchema = calendarImportSchema.extend({
  revision: z.number().int().positive(),
})

/** The whole calendar screen in one request: office hours, overrides, confirmations, policies. */
export const calendarSaveSchema = calendarSettingsSchema.extend({
  revision: z.number().int().positive().optional(),
})

// ---- departments ----

export interface DepartmentOverviewDto {
  id: string
  name: string
  shortName: string
  active: boolean
  /** Active users with the department role attached to it. */
  activeContacts: number
}
