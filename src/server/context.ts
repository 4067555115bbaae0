import type { AnalyticsService } from './analytics/service'
import type { Database } from './db/client'
import type { CalendarStore } from './calendar-store'
import type { ChannelRegistry } from './channels/registry'
import type { Clock } from './lib/clock'
import type { Logger } from './lib/log'
import type { LiveBus } from './live/bus'
import type { PostService } from './posts/service'
import type { Sweeper } from './jobs/sweeper'
import type { Publisher } from './publishing/publisher'
import type { SignInLimiter } from './auth/limiter'
import type { ProxyTrust } from './lib/client-address'
import type { HostCheck } from './lib/hosts'
import type { AdjustableClock } from './lib/clock'
import type { QualityChecker } from './quality/checker'
import type { CheckRate } from './quality/rate'
import type { CommentService } from './comments/service'
import type { ReplyWorker } from './comments/replies'
import type { CommentPoller } from './comments/polling'
import type { NotificationWorker } from './notifications/worker'
import type { NotificationSignals } from './notifications/signals'
import type { TelegramNotifyBot } from './notifications/telegram'
import type { MaxNotifyBot } from './notifications/max'
import type { EndpointCheck } from './notifications/push-endpoint'

/** Everything a request handler may use; built once per process in `startServer`. */
export interface ServerDeps {
  database: Database
  clock: Clock
  /** Present only in test mode: lets the browser suite move the server's time. */
  testClock?: AdjustableClock
  log: Logger
  calendars: CalendarStore
  /** Channel adapters and the admin's stored credentials (env > settings > demo). */
  channels: ChannelRegistry
  posts: PostService
  /** Department discipline, computed from the history (issue 15). */
  analytics: AnalyticsService
  bus: LiveBus
  sweeper: Sweeper
  publisher: Publisher
  /** Notifications outside the tab: the outbox worker and the in-app live signal. */
  notifications: {
    worker: NotificationWorker
    signals: NotificationSignals
    telegram: TelegramNotifyBot | null
    max: MaxNotifyBot | null
    /** The VAPID pair (made at first start, stored): the public half goes to browsers. */
    pushKeys: () => Promise<{ publicKey: string }>
    /** Why Web Push is off here (no real VAPID subject), or null. */
    pushOff: string | null
    /** Whether a push endpoint is a push service on the internet (checked on subscribing). */
    checkPushEndpoint: (endpoint: string) => Promise<EndpointCheck>
  }
  limiter: SignInLimiter
  /** Peers whose X-Forwarded-For is believed (`VIZA_TRUST_PROXY`). */
  trustProxy: ProxyTrust
  /** Host headers this server answers to (DNS rebinding): `VIZA_PUBLIC_URL`, loopback names. */
  hostAllowed: HostCheck
  demo: boolean
  /** Where the built SPA lives; absent in API-only tests. */
  staticRoot?: string
  secureCookies: boolean
  /** The «отписка» checker, in its own thread (started at server start in production). */
  quality: QualityChecker
  /** Checks of texts per person (`POST /api/quality/check`). */
  checkRate: CheckRate
  /** Citizens' comments and their answers. */
  comments: CommentService
  /** The reply ledger's worker: approved answers going out as replies. */
  replies: ReplyWorker
  /** Catch-up polling of the pages' comments (what a callback missed; OK has only this). */
  commentPoller: CommentPoller
}
