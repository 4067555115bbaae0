/**
 * The admin's API beyond users and departments: channel settings, the production calendar
 * import and the one-request calendar save. Shared by the server (validation) and the app.
 */
import { z } from 'zod'
import { calendarSettingsSchema } from '../../domain/calendar/schemas'
import { sendingChannels, type SendingChannel } from '../../domain/channels'

/** Channels with credentials the admin can set: every channel Viza sends to. */
export const settableChannels = sendingChannels
export type SettableChannel = SendingChannel

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

// ---- production calendar ----

export const calendarImportSchema = z.object({
  xml: z.string().min(1, 'Выберите файл календаря').max(200_000, 'Файл больше 200 КБ'),
})

export const calendarImportApplySchema = calendarImportSchema.extend({
  revision: z.number().int().positive(),
})

/** The whole calendar screen in one request: office hours, overrides, confirmations, policies. */
export const calendarSaveSchema = calendarSettingsSchema.extend({
  revision: z.number().int().positive().optional(),
})

// ---- departments ----

export type {
  CalendarImportPreviewDto,
  ChannelCheckDto,
  ChannelSettingsDto,
  ChannelSettingsListDto,
  DepartmentOverviewDto,
} from './responses'
