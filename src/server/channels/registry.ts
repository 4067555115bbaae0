import { eq, sql } from 'drizzle-orm'
import type { Channel } from '../../domain/channels'
import {
  channelFields,
  settableChannels,
  type ChannelCheckDto,
  type ChannelSettingsDto,
  type SettableChannel,
} from '../../shared/api/admin-contract'
import type { Db, Tx } from '../db/client'
import { channelSettings } from '../db/schema'
import type { Clock } from '../lib/clock'
import { ApiError } from '../lib/errors'
import type { Logger } from '../lib/log'
import type { ChannelAdapter } from './adapter'
import { checkMax, checkOk, checkTelegram, checkVk } from './check'
import { demoAdapter, DemoFaults } from './demo'
import { manualAdapter } from './index'
import { maxAdapter } from './max'
import { okAdapter } from './ok'
import { SecretBox } from './secrets'
import { telegramAdapter } from './telegram'
import { vkAdapter } from './vk'

/** NOTIFY channel: stored channel settings changed; every process reloads them. */
export const CHANNELS_CHANNEL = 'viza_channels'

type Credentials = Record<string, string>

const complete = (channel: SettableChannel, c: Credentials | null | undefined): boolean =>
  !!c && channelFields[channel].every((f) => !!c[f.key])

function fromEnv(channel: SettableChannel, env: NodeJS.ProcessEnv): Credentials {
  const out: Credentials = {}
  for (const f of channelFields[channel]) if (env[f.env]) out[f.key] = env[f.env]!
  return out
}

function realAdapter(channel: SettableChannel, c: Credentials): ChannelAdapter {
  if (channel === 'telegram') return telegramAdapter({ botToken: c.botToken!, chatId: c.chatId! })
  if (channel === 'vk') return vkAdapter({ accessToken: c.accessToken!, groupId: c.groupId! })
  if (channel === 'max') return maxAdapter({ botToken: c.botToken!, chatId: c.chatId! })
  return okAdapter({
    applicationKey: c.applicationKey!,
    applicationSecretKey: c.applicationSecretKey!,
    accessToken: c.accessToken!,
    groupId: c.groupId!,
  })
}

const notConfigured = (channel: SettableChannel): ChannelAdapter =>
  ({ telegram: telegramAdapter, vk: vkAdapter, ok: okAdapter, max: maxAdapter })[channel](null)

/**
 * The channel adapters in use, resolved per channel: complete credentials in the environment,
 * else complete credentials the admin stored (encrypted), else the built-in demo channel on a
 * demo database, else "not configured". `adapters` is one object shared with the post service
 * and the publisher and updated in place, so new credentials take effect at the next attempt
 * without a restart; other processes reload on the `viza_channels` NOTIFY.
 */
export class ChannelRegistry {
  readonly adapters: Record<Channel, ChannelAdapter>
  private stored = new Map<SettableChannel, { values: Credentials; updatedAt: Date }>()
  readonly box: SecretBox | null
  /** Faults the demo channels play on demand (test mode only: `POST /api/test/demo-faults`). */
  readonly demoFaults = new DemoFaults()

  constructor(
    private readonly opts: {
      env?: NodeJS.ProcessEnv
      demo: { db: Db; clock: Clock } | null
      log: Logger
      /** Given adapters (tests) are used as they are: settings are stored but not applied. */
      fixed?: Record<Channel, ChannelAdapter>
    },
  ) {
    const env = opts.env ?? process.env
    this.box = SecretBox.fromEnv(env)
    // Until `reload` reads the stored settings: the environment, else demo or not configured.
    this.adapters = opts.fixed ?? ({ manual: manualAdapter } as Record<Channel, ChannelAdapter>)
    this.rebuild()
  }

  private get env() {
    return this.opts.env ?? process.env
  }

  /** Reads the stored settings and rebuilds the adapters. */
  async reload(db: Db | Tx): Promise<void> {
    const rows = await db.select().from(channelSettings)
    this.stored.clear()
    this.unreadable.clear()
    for (const row of rows) {
      try {
        if (!this.box) throw new Error('no key')
        const values = JSON.parse(this.box.open(row.secret, row.channel)) as Credentials
        this.stored.set(row.channel, { values, updatedAt: row.updatedAt })
      } catch {
        // never the value; a changed or missing VIZA_SECRET_KEY is the usual cause
        this.unreadable.set(row.channel, row.updatedAt)
      }
    }
    if (this.unreadable.size)
      this.opts.log.error(
        this.box
          ? 'stored channel settings do not decrypt: VIZA_SECRET_KEY is not the key they were saved with'
          : 'stored channel settings cannot be read: VIZA_SECRET_KEY is not set (or shorter than 16 characters)',
        {
          channels: [...this.unreadable.keys()],
          fallback: this.opts.demo ? 'demo' : 'notConfigured',
        },
      )
    this.rebuild()
  }

  /** Channels whose stored settings do not decrypt with this VIZA_SECRET_KEY (or none is set). */
  private readonly unreadable = new Map<SettableChannel, Date>()

  private rebuild() {
    if (this.opts.fixed) return
    for (const channel of settableChannels) {
      const { source, credentials } = this.resolve(channel)
      this.adapters[channel] =
        source && credentials
          ? realAdapter(channel, credentials)
          : this.opts.demo
            ? demoAdapter(channel, this.opts.demo.db, this.opts.demo.clock, this.demoFaults)
            : notConfigured(channel)
    }
    this.adapters.manual = manualAdapter
  }

  /** Which credentials are in force for a channel, and where they come from. */
  resolve(channel: SettableChannel): {
    source: 'env' | 'settings' | null
    credentials: Credentials | null
  } {
    const env = fromEnv(channel, this.env)
    if (complete(channel, env)) return { source: 'env', credentials: env }
    const stored = this.stored.get(channel)?.values
    if (complete(channel, stored)) return { source: 'settings', credentials: stored! }
    return { source: null, credentials: null }
  }

  status(): ChannelSettingsDto[] {
    return settableChannels.map((channel) => {
      const { source } = this.resolve(channel)
      const env = fromEnv(channel, this.env)
      const stored = this.stored.get(channel)
      const storedFields = channelFields[channel]
        .map((f) => f.key)
        .filter((k) => !!stored?.values[k])
      const adapter = this.adapters[channel]
      return {
        channel,
        fieldsSet:
          source === 'env'
            ? channelFields[channel].map((f) => f.key).filter((k) => !!env[k])
            : storedFields,
        configured: !!adapter?.configured,
        source,
        demo: !!adapter?.demo,
        storedFields,
        updatedAt: (stored?.updatedAt ?? this.unreadable.get(channel))?.toISOString() ?? null,
        unreadable: this.unreadable.has(channel),
      }
    })
  }

  /**
   * Stores the given fields over what is stored (inside the caller's transaction), and notifies
   * every process. Returns the field names now stored.
   */
  async save(tx: Tx, channel: SettableChannel, values: Credentials, actorId: string, now: Date) {
    if (!this.box)
      throw new ApiError(
        409,
        'secret_key_missing',
        'Настройки каналов нельзя сохранить: на сервере не задан ключ шифрования VIZA_SECRET_KEY. ' +
          'Попросите администратора сервера задать его (не короче 16 знаков) и перезапустить Визу',
      )
    const known = new Set<string>(channelFields[channel].map((f) => f.key))
    const unknown = Object.keys(values).filter((k) => !known.has(k))
    if (unknown.length)
      throw new ApiError(422, 'unknown_field', `У этого канала нет полей: ${unknown.join(', ')}`)
    const [row] = await tx
      .select()
      .from(channelSettings)
      .where(eq(channelSettings.channel, channel))
      .for('update')
    let current: Credentials = {}
    if (row) {
      try {
        current = JSON.parse(this.box.open(row.secret, channel)) as Credentials
      } catch {
        current = {} // unreadable with this key: replaced by what is entered now
      }
    }
    const merged = { ...current, ...values }
    const fields = Object.keys(merged)
      .filter((k) => merged[k])
      .sort()
    const secret = this.box.seal(JSON.stringify(merged), channel)
    await tx
      .insert(channelSettings)
      .values({ channel, secret, fields, updatedBy: actorId, updatedAt: now })
      .onConflictDoUpdate({
        target: channelSettings.channel,
        set: { secret, fields, updatedBy: actorId, updatedAt: now },
      })
    await tx.execute(sql`select pg_notify(${CHANNELS_CHANNEL}, ${channel})`)
    return fields
  }

  async remove(tx: Tx, channel: SettableChannel) {
    const rows = await tx
      .delete(channelSettings)
      .where(eq(channelSettings.channel, channel))
      .returning({ channel: channelSettings.channel })
    await tx.execute(sql`select pg_notify(${CHANNELS_CHANNEL}, ${channel})`)
    return rows.length > 0
  }

  /** «Проверить подключение»: asks the real API with the credentials in force. */
  async check(channel: SettableChannel): Promise<ChannelCheckDto> {
    const { credentials } = this.resolve(channel)
    if (!credentials)
      return {
        ok: false,
        message: 'Заполнены не все поля: проверять нечего',
      }
    const c = credentials
    if (channel === 'telegram') return checkTelegram({ botToken: c.botToken!, chatId: c.chatId! })
    if (channel === 'vk') return checkVk({ accessToken: c.accessToken!, groupId: c.groupId! })
    if (channel === 'max') return checkMax({ botToken: c.botToken!, chatId: c.chatId! })
    return checkOk({
      applicationKey: c.applicationKey!,
      applicationSecretKey: c.applicationSecretKey!,
      accessToken: c.accessToken!,
      groupId: c.groupId!,
    })
  }
}
