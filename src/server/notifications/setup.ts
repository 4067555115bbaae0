import type { Db } from '../db/client'
import type { Clock } from '../lib/clock'
import type { Logger } from '../lib/log'
import { emailSender } from './email'
import type { Sender } from './sender'
import { NotificationSignals } from './signals'
import { NotificationWorker } from './worker'
import type { TelegramNotifyBot } from './telegram'
import { MaxNotifyBot } from './max'
import { messengerSender } from './messenger'
import { pushSender, vapidKeys, vapidSubject, type VapidKeys } from './push'
import { checkPushEndpoint, systemResolver, type HostResolver } from './push-endpoint'

export interface NotificationConfig {
  /** `VIZA_SMTP_URL`; without it there is no e-mail channel. */
  smtpUrl?: string
  /** `VIZA_MAIL_FROM`. */
  mailFrom?: string
  /** Tests: accept the local SMTP server's self-signed certificate. */
  smtpAllowSelfSigned?: boolean
  /** `VIZA_NOTIFY_QUIET_HOURS=off` turns quiet hours off for the whole server. */
  quietHours?: boolean
  /** How often the worker looks for due deliveries besides being woken (`VIZA_NOTIFY_MS`). */
  intervalMs?: number
  /** `VIZA_NOTIFY_BOT_TOKEN`, else `TELEGRAM_BOT_TOKEN`: the Telegram notification bot. */
  telegramToken?: string
  /** Tests: the emulated Bot API. */
  telegramApiRoot?: string
  /** Long polling for /start and /stop (default on; tests hand updates over themselves). */
  telegramPolling?: boolean
  /** `VIZA_NOTIFY_MAX_TOKEN`, else `MAX_BOT_TOKEN`: the MAX notification bot. */
  maxToken?: string
  /** Tests: the emulated MAX API. */
  maxApiBase?: string
  /** Long polling `GET /updates` (default on; tests hand updates over, or poll once). */
  maxPolling?: boolean
  /**
   * `VIZA_PUSH_CONTACT`: an address push services may write to about this server
   * (`mailto:press@example.ru`); without it the VAPID subject is `VIZA_PUBLIC_URL` (https).
   */
  pushContact?: string
  /** Tests: how push services' host names resolve (never the network). */
  pushResolver?: HostResolver
  /** Tests and benchmarks: these senders instead of the configured ones. */
  senders?: Sender[]
}

/** The notification worker with the channels the environment configures. */
export async function notificationSetup(
  db: Db,
  clock: Clock,
  log: Logger,
  config: NotificationConfig & { publicUrl: string },
) {
  const senders: Sender[] = config.senders ?? []
  if (!config.senders && config.smtpUrl) {
    senders.push(
      emailSender({
        smtpUrl: config.smtpUrl,
        from: config.mailFrom ?? 'Виза <viza@localhost>',
        allowSelfSigned: config.smtpAllowSelfSigned,
      }),
    )
  }
  // grammy (≈ 20 MB once loaded) only when the bot is configured.
  const telegram: TelegramNotifyBot | null = config.telegramToken
    ? new (await import('./telegram')).TelegramNotifyBot(db, clock, log, {
        token: config.telegramToken,
        apiRoot: config.telegramApiRoot,
      })
    : null
  if (!config.senders && telegram) senders.push(messengerSender(telegram))
  const max = config.maxToken
    ? new MaxNotifyBot(db, clock, log, { token: config.maxToken, apiBase: config.maxApiBase })
    : null
  if (!config.senders && max) senders.push(messengerSender(max))
  // Web Push needs a VAPID subject (below); the VAPID pair is made at first start and stored.
  let keys: Promise<VapidKeys> | null = null
  const pushKeys = () => {
    keys ??= vapidKeys(db, clock.now()).catch((e: unknown) => {
      keys = null
      throw e
    })
    return keys
  }
  // Push services (Apple's first) refuse a VAPID subject that is not a real address.
  const subject = vapidSubject(config.publicUrl, config.pushContact)
  const resolve = config.pushResolver ?? systemResolver
  if (subject.ok) log.info('web push on', { vapidSubject: subject.subject })
  else log.warn('web push off', { reason: subject.reason })
  if (!config.senders && subject.ok)
    senders.push(pushSender(db, pushKeys, subject.subject, resolve))
  const worker = new NotificationWorker(db, senders, clock, log, {
    publicUrl: config.publicUrl,
    intervalMs: config.intervalMs,
    quietHours: config.quietHours,
  })
  return {
    worker,
    signals: new NotificationSignals(),
    telegram,
    max,
    pushKeys,
    /** Why browsers cannot subscribe here (no VAPID subject), or null when they can. */
    pushOff: subject.ok ? null : subject.reason,
    /** Whether a push endpoint may be stored and sent to (a public host). */
    checkPushEndpoint: (endpoint: string) => checkPushEndpoint(endpoint, resolve),
    startPolling: () => {
      if (telegram && config.telegramPolling !== false) telegram.startPolling()
      if (max && config.maxPolling !== false) max.startPolling()
    },
  }
}
