import type { ChannelCheckDto } from '../../shared/api/admin-contract'
import { send, UNTRUSTED_CERTIFICATE } from './adapter'
import { MaxClient, type MaxConfig } from './max'
import { okSignature, type OkConfig } from './ok'
import type { TelegramConfig } from './telegram'
import { VK_API_VERSION, type VkConfig } from './vk'

const CHECK_TIMEOUT_MS = 10_000
/** Network failures in words a person can act on (the raw code stays out of the screen). */
function networkReason(error: string): string {
  if (/ENOTFOUND|EAI_AGAIN/.test(error))
    return 'адрес API не найден — у сервера Визы нет доступа в интернет или к DNS'
  if (UNTRUSTED_CERTIFICATE.includes(error))
    return 'сервер Визы не доверяет сертификату API (для MAX нужен корневой сертификат Минцифры: см. NODE_EXTRA_CA_CERTS в README)'
  if (/ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH/.test(error))
    return 'соединение не установлено — проверьте доступ сервера Визы в интернет'
  return error
}
const unreachable = (name: string, error: string): ChannelCheckDto => ({
  ok: false,
  message: `${name} не отвечает: ${networkReason(error)}`,
})

/** Telegram: getMe (the token is valid) then getChat (the bot sees the channel). */
export async function checkTelegram(config: TelegramConfig): Promise<ChannelCheckDto> {
  const base = `${config.apiBase ?? 'https://api.telegram.org'}/bot${config.botToken}`
  const call = async (method: string, body: Record<string, string>) => {
    const r = await send(
      `${base}/${method}`,
      {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      },
      config.timeoutMs ?? CHECK_TIMEOUT_MS,
    )
    if (!r.ok) return { kind: 'unreachable', error: r.error } as const
    const reply = (await r.res.json().catch(() => null)) as {
      ok?: boolean
      result?: { username?: string; first_name?: string; title?: string; type?: string }
      error_code?: number
      description?: string
    } | null
    return { kind: 'answered', reply, status: r.res.status } as const
  }
  const me = await call('getMe', {})
  if (me.kind === 'unreachable') return unreachable('Telegram', me.error)
  if (!me.reply?.ok)
    return {
      ok: false,
      message:
        me.reply?.error_code === 401 || me.status === 401 || me.status === 404
          ? 'Telegram не принял токен бота: проверьте его у @BotFather'
          : `Telegram ответил ошибкой: ${me.reply?.description ?? `HTTP ${me.status}`}`,
    }
  const bot = me.reply.result?.username ? `@${me.reply.result.username}` : 'бот'
  const chat = await call('getChat', { chat_id: config.chatId })
  if (chat.kind === 'unreachable') return unreachable('Telegram', chat.error)
  if (!chat.reply?.ok)
    return {
      ok: false,
      message: `Токен верный (${bot}), но канал ${config.chatId} не найден или бот не добавлен в него`,
    }
  return {
    ok: true,
    message: `Подключено: ${bot}, канал «${chat.reply.result?.title ?? config.chatId}»`,
  }
}

/** VK: groups.getById for the community, with the community token. */
export async function checkVk(config: VkConfig): Promise<ChannelCheckDto> {
  const r = await send(
    `${config.apiBase ?? 'https://api.vk.com'}/method/groups.getById`,
    {
      method: 'POST',
      body: new URLSearchParams({
        group_id: config.groupId,
        access_token: config.accessToken,
        v: VK_API_VERSION,
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    config.timeoutMs ?? CHECK_TIMEOUT_MS,
  )
  if (!r.ok) return unreachable('ВКонтакте', r.error)
  const reply = (await r.res.json().catch(() => null)) as {
    response?:
      { groups?: Array<{ id: number; name: string }> } | Array<{ id: number; name: string }>
    error?: { error_code: number; error_msg: string }
  } | null
  if (reply?.error)
    return {
      ok: false,
      message:
        reply.error.error_code === 5
          ? 'ВКонтакте не принял ключ доступа: создайте новый в настройках сообщества'
          : `ВКонтакте ответил ошибкой ${reply.error.error_code}: ${reply.error.error_msg}`,
    }
  const groups = Array.isArray(reply?.response) ? reply.response : reply?.response?.groups
  const group = groups?.[0]
  if (!group) return { ok: false, message: `ВКонтакте: сообщество ${config.groupId} не найдено` }
  if (String(group.id) !== config.groupId.replace(/^-/, ''))
    return {
      ok: false,
      message: `Ключ выдан сообществом «${group.name}», а указано сообщество ${config.groupId}`,
    }
  return { ok: true, message: `Подключено: сообщество «${group.name}»` }
}

/** OK: group.getInfo for the group, signed like every OK call. */
export async function checkOk(config: OkConfig): Promise<ChannelCheckDto> {
  const params: Record<string, string> = {
    application_key: config.applicationKey,
    method: 'group.getInfo',
    format: 'json',
    uids: config.groupId,
    fields: 'uid,name',
  }
  const sig = okSignature(params, config.accessToken, config.applicationSecretKey)
  const r = await send(
    `${config.apiBase ?? 'https://api.ok.ru'}/fb.do`,
    {
      method: 'POST',
      body: new URLSearchParams({ ...params, sig, access_token: config.accessToken }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    config.timeoutMs ?? CHECK_TIMEOUT_MS,
  )
  if (!r.ok) return unreachable('Одноклассники', r.error)
  const reply = (await r.res.json().catch(() => null)) as
    Array<{ uid: string; name: string }> | { error_code: number; error_msg: string } | null
  if (reply && !Array.isArray(reply) && 'error_code' in reply) {
    const why: Record<number, string> = {
      101: 'неизвестный публичный ключ приложения',
      102: 'ключ доступа недействителен или истёк',
      104: 'подпись не сошлась: проверьте секретный ключ приложения',
    }
    return {
      ok: false,
      message: `Одноклассники не приняли настройки: ${why[reply.error_code] ?? reply.error_msg}`,
    }
  }
  const group = Array.isArray(reply) ? reply[0] : undefined
  if (!group) return { ok: false, message: `Одноклассники: группа ${config.groupId} не найдена` }
  return { ok: true, message: `Подключено: группа «${group.name}»` }
}

/**
 * MAX: `GET /me` (the token is valid), `GET /chats/{chatId}` (the bot sees the channel), then
 * `GET /chats/{chatId}/members/me` (the bot is the channel's admin with the right to post).
 */
export async function checkMax(
  config: Pick<MaxConfig, 'botToken' | 'chatId' | 'apiBase' | 'timeoutMs'>,
): Promise<ChannelCheckDto> {
  const client = new MaxClient(config.botToken, {
    apiBase: config.apiBase,
    timeoutMs: config.timeoutMs ?? CHECK_TIMEOUT_MS,
  })
  const me = await client.getMe()
  if (!me.ok)
    return me.kind === 'transport'
      ? unreachable('MAX', me.error)
      : {
          ok: false,
          message:
            me.status === 401
              ? 'MAX не принял токен бота: скопируйте его заново на платформе MAX для партнёров (Чат-боты → Настройки)'
              : `MAX ответил ошибкой: ${me.status} ${me.code}: ${me.message}`,
        }
  const bot = me.data.username ? `@${me.data.username}` : `бот «${me.data.first_name}»`
  const chat = await client.getChat(config.chatId)
  if (!chat.ok)
    return chat.kind === 'transport'
      ? unreachable('MAX', chat.error)
      : {
          ok: false,
          message: `Токен верный (${bot}), но канал ${config.chatId} не найден или бот не добавлен в него`,
        }
  const title = chat.data.title ?? config.chatId
  const member = await client.getMyMembership(config.chatId)
  if (!member.ok && member.kind === 'transport') return unreachable('MAX', member.error)
  const rights = member.ok ? member.data.permissions : null
  if (!member.ok || !member.data.is_admin || (rights && !rights.includes('write')))
    return {
      ok: false,
      message: `${bot} видит канал «${title}», но публиковать в нём не может: сделайте бота администратором канала с правом писать сообщения`,
    }
  return { ok: true, message: `Подключено: ${bot}, канал «${title}»` }
}
