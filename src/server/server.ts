import { join } from 'node:path'
import { QualityChecker, type CheckerOptions } from './quality/checker'
import { CheckRate, type RateOptions } from './quality/rate'
import { CommentService } from './comments/service'
import { enqueueReply, ReplyWorker } from './comments/replies'
import { seedDemoComments } from './comments/demo'
import { CommentPoller, pollSettingsFromEnv, type PollSettings } from './comments/polling'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { AnalyticsService } from './analytics/service'
import { createApp } from './app'
import { SignInLimiter } from './auth/limiter'
import { listenForDirectoryChanges } from './cache/directory'
import { CALENDAR_CHANNEL, CalendarStore } from './calendar-store'
import type { ServerDeps } from './context'
import { openDatabase, type Database, type OpenOptions } from './db/client'
import { Sweeper } from './jobs/sweeper'
import { vkCallbackMissing, vkCallbackSettingsFromEnv } from './integrations/vk-callback'
import { Publisher } from './publishing/publisher'
import { CHANNELS_CHANNEL, ChannelRegistry } from './channels/registry'
import type { ChannelAdapter } from './channels/adapter'
import type { Channel } from '../domain/channels'
import { AdjustableClock, systemClock, type Clock } from './lib/clock'
import { parseTrustProxy } from './lib/client-address'
import { hostCheck, isLoopbackHost } from './lib/hosts'
import { jsonLogger, type Logger } from './lib/log'
import { LiveBus } from './live/bus'
import { PostService } from './posts/service'
import { LIVE_CHANNEL, noticeQueuedNotifications } from './posts/transition-writer'
import { notificationSetup, type NotificationConfig } from './notifications/setup'
import { queueDigests } from './notifications/digest'
import { queueDueCommentReminders, queueDueReminders } from './notifications/reminders'
import { deleteExpiredLinkCodes } from './notifications/messenger'
import { openStreams } from './routes/live'
import { DEMO_PASSWORD, DEMO_USERS, hasDemoAccounts, isEmpty, seedBase, seedDemo } from './seed'

export interface ServerConfig {
  host: string
  port: number
  db: OpenOptions
  /** Seed demo accounts and posts into an empty database. */
  demo: boolean
  testMode: boolean
  /** Test mode: where the adjustable clock starts (default: now). */
  testNow?: Date
  staticRoot?: string
  sweepIntervalMs?: number
  log?: Logger
  secureCookies?: boolean
  /** Channel adapters; from the environment's credentials unless given (tests: emulated). */
  adapters?: Record<Channel, ChannelAdapter>
  publishIntervalMs?: number
  /** `VIZA_TRUST_PROXY`: proxies whose X-Forwarded-For is believed (addresses, CIDR ranges). */
  trustProxy?: string
  /** `VIZA_PUBLIC_URL`: the address people use; its host is the one Host header served. */
  publicUrl?: string
  /** `VIZA_REGION_WORDS`: the admin's words file for the checker (default in the data dir). */
  regionWordsFile?: string
  /**
   * The checker's thread: `warm` starts it (and its dictionary) with the server and keeps one
   * running (production; tests start it on first use); tests may bound a text's time and hold
   * a word.
   */
  checker?: { warm?: boolean } & Pick<CheckerOptions, 'limitMs' | 'stall' | 'onHeld'>
  /** Checks of texts per person (`POST /api/quality/check`): a burst, then one a second. */
  checkRate?: Partial<RateOptions>
  /** Notifications outside the tab: SMTP, the bot, quiet hours, the worker's pace. */
  notify?: NotificationConfig
  /** Catch-up polling of the pages' comments (`VIZA_COMMENT_POLL_MS`, `…_DAYS`; tests: pauses). */
  commentPoll?: Partial<PollSettings>
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`)
  const host = env.HOST ?? '127.0.0.1'
  return {
    host,
    port,
    db: env.DATABASE_URL
      ? { databaseUrl: env.DATABASE_URL }
      : { dataDir: env.VIZA_DATA_DIR ?? './data' },
    // Demo data (published passwords) by default only on the embedded database listening on
    // loopback; anywhere else only when asked with VIZA_DEMO=1.
    demo: env.VIZA_DEMO ? env.VIZA_DEMO !== '0' : !env.DATABASE_URL && isLoopbackHost(host),
    testMode: env.VIZA_TEST_MODE === '1',
    testNow: env.VIZA_TEST_NOW ? new Date(env.VIZA_TEST_NOW) : undefined,
    sweepIntervalMs: env.VIZA_SWEEP_MS ? Number(env.VIZA_SWEEP_MS) : undefined,
    publishIntervalMs: env.VIZA_PUBLISH_MS ? Number(env.VIZA_PUBLISH_MS) : undefined,
    secureCookies: env.VIZA_SECURE_COOKIES === '1',
    // the checker's dictionary is built with the server, so the first check does not wait;
    // VIZA_CHECKER_WARM=0 builds it on the first check instead (the browser suite's many servers)
    checker: { warm: env.VIZA_CHECKER_WARM !== '0' },
    trustProxy: env.VIZA_TRUST_PROXY,
    publicUrl: env.VIZA_PUBLIC_URL,
    regionWordsFile: env.VIZA_REGION_WORDS,
    notify: {
      smtpUrl: env.VIZA_SMTP_URL,
      mailFrom: env.VIZA_MAIL_FROM,
      quietHours: env.VIZA_NOTIFY_QUIET_HOURS !== 'off',
      intervalMs: env.VIZA_NOTIFY_MS ? Number(env.VIZA_NOTIFY_MS) : undefined,
      telegramToken: env.VIZA_NOTIFY_BOT_TOKEN || env.TELEGRAM_BOT_TOKEN || undefined,
      maxToken: env.VIZA_NOTIFY_MAX_TOKEN || env.MAX_BOT_TOKEN || undefined,
      maxApiBase: env.VIZA_NOTIFY_MAX_API || undefined,
      pushContact: env.VIZA_PUSH_CONTACT || undefined,
    },
  }
}

/** A setting the server refuses to start with; main.ts prints its message alone. */
export class ConfigError extends Error {}

/** Settings that would open the server to the network unsafely are refused before it starts. */
export function checkExposure(config: ServerConfig) {
  if (isLoopbackHost(config.host)) return
  if (config.testMode)
    throw new ConfigError(
      'VIZA_TEST_MODE=1 lets anyone move the server clock: it is refused when HOST is not a loopback address',
    )
  if (!config.publicUrl)
    throw new ConfigError(
      `HOST=${config.host} is reachable from the network: set VIZA_PUBLIC_URL (for example https://viza.example.ru) so that only that host name is served`,
    )
}

/** Opens the database, migrates, seeds what is missing, and returns the services. */
export async function openServices(
  db: Database,
  opts: {
    demo: boolean
    clock?: Clock
    log?: Logger
    sweepIntervalMs?: number
    adapters?: Record<Channel, ChannelAdapter>
    publishIntervalMs?: number
    notify?: NotificationConfig
    /** Where links in notifications point (`VIZA_PUBLIC_URL`, else the server's own address). */
    publicUrl?: string
  },
) {
  const clock = opts.clock ?? systemClock
  const log = opts.log ?? jsonLogger()
  const calendars = new CalendarStore()
  const now = clock.now()
  await seedBase(db.db, calendars, now)
  const seedingDemo = opts.demo && (await isEmpty(db.db))
  // A demo database (demo accounts in it) publishes to built-in demo channels by default.
  const demoDatabase = seedingDemo || (await hasDemoAccounts(db.db))
  // env > stored settings > demo > not configured; updated in place when the admin saves.
  const channels = new ChannelRegistry({
    demo: demoDatabase ? { db: db.db, clock } : null,
    log,
    fixed: opts.adapters,
  })
  await channels.reload(db.db)
  const adapters = channels.adapters
  const posts = new PostService(db.db, calendars, adapters)
  if (seedingDemo) await seedDemo(db.db, posts, now)
  const demoSeeded = seedingDemo
  const bus = new LiveBus(db, log)
  const sweeper = new Sweeper(db.db, posts, clock, log, opts.sweepIntervalMs)
  const publisher = new Publisher(db.db, posts, adapters, clock, log, opts.publishIntervalMs)
  const analytics = new AnalyticsService(db.db, calendars)
  const notifications = await notificationSetup(db.db, clock, log, {
    ...opts.notify,
    publicUrl: opts.publicUrl ?? 'http://127.0.0.1:3000',
  })
  publisher.onTrouble = () => notifications.worker.poke()
  // Deadline reminders are time-driven: each sweep queues the ones that came due.
  sweeper.alsoEachPass(async (now) => {
    if (await queueDueReminders(db.db, calendars, now)) notifications.worker.poke()
    if (await queueDigests(db.db, now)) notifications.worker.poke()
    // messenger link codes nobody used: gone once they stop working
    await deleteExpiredLinkCodes(db.db, now)
  })
  return {
    clock,
    log,
    calendars,
    channels,
    posts,
    analytics,
    bus,
    sweeper,
    publisher,
    notifications,
    demoSeeded,
  }
}

export interface RunningServer {
  url: string
  deps: ServerDeps
  close(): Promise<void>
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  checkExposure(config)
  let trustProxy: ReturnType<typeof parseTrustProxy>
  try {
    if (config.publicUrl) new URL(config.publicUrl)
    trustProxy = parseTrustProxy(config.trustProxy)
  } catch (e) {
    throw new ConfigError(`VIZA_PUBLIC_URL / VIZA_TRUST_PROXY: ${(e as Error).message}`)
  }
  const log = config.log ?? jsonLogger()
  const database = await openDatabase(config.db)
  const testClock = config.testMode ? new AdjustableClock() : undefined
  if (testClock && config.testNow) testClock.set(config.testNow)
  const services = await openServices(database, {
    demo: config.demo,
    clock: testClock,
    log,
    sweepIntervalMs: config.sweepIntervalMs,
    adapters: config.adapters,
    publishIntervalMs: config.publishIntervalMs,
    notify: config.notify,
    publicUrl: config.publicUrl ?? `http://${config.host}:${config.port || 3000}`,
  })
  await services.bus.start()
  await services.notifications.signals.start(database)
  // A post event that queued notifications: deliver them at once (a pass costs two queries, so
  // not for the events that queued none).
  const stopOutboxListener = await database.listen(LIVE_CHANNEL, (payload) => {
    if (noticeQueuedNotifications(payload)) services.notifications.worker.poke()
  })
  const stopCalendarListener = await database.listen(CALENDAR_CHANNEL, () =>
    services.calendars.invalidate(),
  )
  const stopChannelsListener = await database.listen(CHANNELS_CHANNEL, () => {
    services.channels
      .reload(database.db)
      .catch((e: Error) => log.error('channel settings reload failed', { error: e.message }))
  })
  const stopDirectoryListener = await listenForDirectoryChanges(database, services.posts.names)
  const quality = new QualityChecker({
    wordsFile:
      config.regionWordsFile ??
      ('dataDir' in config.db && config.db.dataDir
        ? join(config.db.dataDir, 'region-words.txt')
        : null),
    ...config.checker,
  })
  // Production: the checker's thread starts building its dictionary now, beside the server
  // (readiness and /api/health do not wait for it).
  if (config.checker?.warm) quality.warm(true)
  const commentService = new CommentService(database.db, services.calendars, quality)
  await commentService.signals.start(database)
  // A comment event that queued notifications (with its history row): deliver them now.
  commentService.signals.subscribe((s) => {
    if (s.notified) services.notifications.worker.poke()
  })
  // the comments' answer clocks on the same beat: overdue (queued with its event), reminders
  services.sweeper.alsoEachPass(async (now) => {
    await commentService.sweep(now)
    if (await queueDueCommentReminders(database.db, services.calendars, now))
      services.notifications.worker.poke()
  })
  // Approved answers go out as replies from the page, through their own ledger.
  const replies = new ReplyWorker(
    database.db,
    commentService,
    services.channels.adapters,
    services.clock,
    log,
    config.publishIntervalMs,
  )
  commentService.effects.enqueueReply = (tx, row) =>
    enqueueReply(tx, row, services.channels.adapters, row.updatedAt)
  commentService.replyRows = (id) => replies.rows(id)
  if (services.demoSeeded) await seedDemoComments(database.db, commentService, services.clock.now())
  // What a callback missed, and OK's comments (polling only): read from the pages.
  const commentPoller = new CommentPoller(
    database.db,
    commentService,
    services.calendars,
    services.channels.adapters,
    services.clock,
    log,
    {
      ...pollSettingsFromEnv(
        process.env,
        Object.values(services.channels.adapters).some((a) => a.demo),
      ),
      ...config.commentPoll,
    },
  )
  const deps: ServerDeps = {
    ...services,
    database,
    testClock,
    limiter: new SignInLimiter(),
    trustProxy,
    hostAllowed: hostCheck({ listenHost: config.host, publicUrl: config.publicUrl }),
    demo: config.demo,
    staticRoot: config.staticRoot,
    secureCookies: config.secureCookies ?? false,
    quality,
    checkRate: new CheckRate(config.checkRate),
    comments: commentService,
    replies,
    commentPoller,
  }
  if (services.demoSeeded) {
    const lines = DEMO_USERS.map((u) => `  ${u.login.padEnd(10)} ${u.role.padEnd(10)} ${u.name}`)
    process.stderr.write(
      `\nДемо-режим: созданы учётные записи (пароль «${DEMO_PASSWORD}»):\n${lines.join('\n')}\n\n`,
    )
  }
  const app = createApp(deps)
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(s),
    )
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host}:${port}`
  // Catch up on anything that fell due while no server ran, then keep sweeping.
  await services.sweeper.start()
  services.publisher.start()
  replies.start()
  commentPoller.start()
  services.notifications.worker.start()
  services.notifications.startPolling()
  log.info('listening', {
    url,
    database: database.kind,
    demo: config.demo,
    testMode: config.testMode,
  })
  // Half a VK callback setup is refused at every request (no secret: anyone could send events).
  const vkMissing = vkCallbackMissing(vkCallbackSettingsFromEnv())
  if (vkMissing.length > 0 && vkMissing.length < 3)
    log.warn('vk callback not configured: it answers 404 until these are set', {
      missing: vkMissing,
    })

  let closing: Promise<void> | null = null
  return {
    url,
    deps,
    close() {
      closing ??= (async () => {
        for (const end of [...openStreams]) end()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          // in-flight requests finish; idle keep-alive sockets go now
          if ('closeIdleConnections' in server)
            (server as { closeIdleConnections(): void }).closeIdleConnections()
        })
        await services.sweeper.stop()
        await services.publisher.stop()
        await replies.stop()
        await commentPoller.stop()
        await stopOutboxListener()
        await services.notifications.worker.close()
        await services.notifications.signals.stop()
        await commentService.signals.stop()
        await services.bus.stop()
        await stopCalendarListener()
        await stopChannelsListener()
        await stopDirectoryListener()
        await quality.close()
        await database.close()
        log.info('stopped')
      })()
      return closing
    },
  }
}
