import type { Channel } from '../../domain/channels'
import { sql } from 'drizzle-orm'
import {
  check,
  customType,
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import type { CalendarSettings } from '../../domain/calendar'
import type { MediaRef, PostContext, PostStateValue } from '../../domain/post-lifecycle'
import type { CommentContext, CommentStateValue } from '../../domain/comment-lifecycle'

import type { ActorRole, UserRole } from '../../domain/roles'
import type {
  Messenger,
  NotificationChannel,
  NotificationFacts,
  NotificationKind,
} from '../../domain/notifications/rules'
import type { NotificationSettings } from '../../domain/notifications/preferences'

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const departments = pgTable('departments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  active: boolean('active').notNull().default(true),
})

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    login: text('login').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    departmentId: text('department_id').references(() => departments.id),
    /** For notifications; validated on input, optional. */
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_login_idx').on(t.login)],
)

export const sessions = pgTable('sessions', {
  /** SHA-256 of the cookie's token: a leaked table does not leak sessions. */
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
})

export const posts = pgTable(
  'posts',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    brief: text('brief').notNull(),
    departmentId: text('department_id').references(() => departments.id),
    urgent: boolean('urgent').notNull(),
    channels: jsonb('channels').$type<Channel[]>().notNull(),
    plannedAt: ts('planned_at'),
    state: text('state').$type<PostStateValue>().notNull(),
    context: jsonb('context').$type<PostContext>().notNull(),
    /** Bumped on every accepted event: the optimistic-concurrency token. */
    version: integer('version').notNull(),
    /** The running department clock's due time, for the overdue sweep and sorting. */
    deadlineAt: ts('deadline_at'),
    overdue: boolean('overdue').notNull().default(false),
    scheduledAt: ts('scheduled_at'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('posts_state_idx').on(t.state),
    index('posts_department_idx').on(t.departmentId),
    index('posts_deadline_idx').on(t.deadlineAt),
  ],
)

export const postVersions = pgTable(
  'post_versions',
  {
    id: serial('id').primaryKey(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id),
    number: integer('number').notNull(),
    text: text('text').notNull(),
    /** The images of this version, by id and hash. */
    media: jsonb('media').$type<MediaRef[]>().notNull().default([]),
    authorId: text('author_id').notNull(),
    authorRole: text('author_role').$type<ActorRole>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('post_versions_post_number_idx').on(t.postId, t.number)],
)

/** Append-only: rows are inserted, never updated or deleted (a trigger enforces it). */
export const postHistory = pgTable(
  'post_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id),
    event: text('event').notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').$type<ActorRole>().notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    version: integer('version').notNull(),
    textVersion: integer('text_version').notNull(),
    at: ts('at').notNull(),
    /** Departments that may see this row (before and after a reassignment). */
    departmentIds: jsonb('department_ids').$type<string[]>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('post_history_post_idx').on(t.postId)],
)

export const calendarSettings = pgTable('calendar_settings', {
  id: integer('id').primaryKey(),
  settings: jsonb('settings').$type<CalendarSettings>().notNull(),
  revision: integer('revision').notNull(),
  updatedAt: ts('updated_at').notNull(),
})

/**
 * Channel credentials entered by the admin. `secret` is AES-256-GCM ciphertext of a JSON object
 * of the channel's fields (key from VIZA_SECRET_KEY); `fields` lists which fields are set, so the
 * admin screen can say so without ever decrypting or returning a value.
 */
export const channelSettings = pgTable('channel_settings', {
  channel: text('channel').$type<'telegram' | 'vk' | 'ok' | 'max'>().primaryKey(),
  secret: text('secret').notNull(),
  fields: jsonb('fields').$type<string[]>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
})

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actorId: text('actor_id').notNull(),
  action: text('action').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  at: ts('at').notNull(),
})

/**
 * The publication ledger: one row per (post, channel, approved text version). The unique key
 * is what makes "at most once per channel per approved version" hold whatever retries happen.
 * States: queued → sending → sent | failed | unknown; `manual` waits for the editor's link.
 */
export const publications = pgTable(
  'publications',
  {
    id: serial('id').primaryKey(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id),
    channel: text('channel').$type<Channel>().notNull(),
    textVersion: integer('text_version').notNull(),
    /** The approval's SHA-256: checked against the post before every attempt. */
    approvedHash: text('approved_hash').notNull(),
    state: text('state').$type<PublicationState>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    externalId: text('external_id'),
    url: text('url'),
    error: text('error'),
    retryable: boolean('retryable').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('publications_once_idx').on(t.postId, t.channel, t.textVersion),
    index('publications_due_idx').on(t.state, t.nextAttemptAt),
  ],
)

export type PublicationState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'manual'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
})

/** Uploaded images, stored in the database so both engines and backups carry them. */
export const media = pgTable(
  'media',
  {
    id: text('id').primaryKey(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id),
    name: text('name').notNull(),
    mime: text('mime').$type<MediaRef['mime']>().notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('media_post_idx').on(t.postId)],
)

/**
 * What the built-in demo channels received (a demo database has no real Telegram, VK or OK):
 * one row per (channel, ledger guid), so a retry can never show a post twice.
 */
export const demoChannelPosts = pgTable(
  'demo_channel_posts',
  {
    id: serial('id').primaryKey(),
    channel: text('channel').$type<Channel>().notNull(),
    guid: text('guid').notNull(),
    postId: text('post_id').notNull(),
    /** The approved text in Viza's markup; the page renders it as the channel would. */
    text: text('text').notNull(),
    media: jsonb('media').$type<Array<{ id: string; name: string }>>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('demo_channel_posts_once_idx').on(t.channel, t.guid)],
)

/**
 * The notification outbox (issue 13): one row per notification a post event causes, written in
 * the same transaction (or statement) as the event's history row. `key` is unique — the history
 * row and the kind, or a reminder's clock and stage — so an event is never queued twice. The
 * worker expands a row into deliveries (recipients resolved then) and sets `expandedAt`.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    /** What it is about: a post, or a citizen's comment (exactly one of the two). */
    postId: text('post_id').references(() => posts.id),
    commentId: text('comment_id').references(() => comments.id),
    facts: jsonb('facts').$type<NotificationFacts>().notNull(),
    createdAt: ts('created_at').notNull(),
    expandedAt: ts('expanded_at'),
  },
  (t) => [
    uniqueIndex('notification_outbox_key_idx').on(t.key),
    index('notification_outbox_pending_idx').on(t.expandedAt, t.id),
    check('notification_outbox_subject', sql`num_nonnulls(${t.postId}, ${t.commentId}) = 1`),
  ],
)

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'

/**
 * One message to one person on one channel. The unique (outbox row, person, channel) key is
 * what makes "the same event never notifies a person twice on one channel" hold. The in-app
 * channel's row is the notification itself (sent when created, `readAt` when read).
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: bigint('outbox_id', { mode: 'number' })
      .notNull()
      .references(() => notificationOutbox.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    postId: text('post_id'),
    commentId: text('comment_id'),
    urgent: boolean('urgent').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    path: text('path').notNull(),
    state: text('state').$type<DeliveryState>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    /** A claimed row's lease: past it, a crashed worker's row is taken again (at least once). */
    lockedUntil: ts('locked_until'),
    error: text('error'),
    sentAt: ts('sent_at'),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_once_idx').on(t.outboxId, t.userId, t.channel),
    index('notification_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('notification_deliveries_user_idx').on(t.userId, t.channel, t.id),
  ],
)

/** A person's notification choices (channels per kind, quiet hours); absent: the role's defaults. */
export const notificationSettings = pgTable('notification_settings', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  settings: jsonb('settings').$type<NotificationSettings>().notNull(),
  updatedAt: ts('updated_at').notNull(),
})

/**
 * A person's chat with a messenger bot (`messenger`: 'telegram' or 'max'), made by the
 * one-time deep link (`/start <code>`, MAX's `bot_started` payload); removed by /stop, by blocking
 * the bot, or from Viza. `chat_id` is Telegram's chat id, MAX's user_id.
 */
export const messengerLinks = pgTable(
  'messenger_links',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    messenger: text('messenger').$type<Messenger>().notNull(),
    chatId: text('chat_id').notNull(),
    linkedAt: ts('linked_at').notNull(),
  },
  (t) => [
    uniqueIndex('messenger_links_user_idx').on(t.userId, t.messenger),
    uniqueIndex('messenger_links_chat_idx').on(t.messenger, t.chatId),
  ],
)

/** One-time link codes (SHA-256 stored, like session tokens), valid for minutes. */
export const messengerLinkCodes = pgTable('messenger_link_codes', {
  codeHash: text('code_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  messenger: text('messenger').$type<Messenger>().notNull(),
  expiresAt: ts('expires_at').notNull(),
})

/** A browser's Web Push subscription (the endpoint and its keys, as PushSubscription.toJSON()). */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    /** The session (its token's hash) that registered it: signing out there removes it. */
    sessionTokenHash: text('session_token_hash'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_idx').on(t.endpoint),
    index('push_subscriptions_session_idx').on(t.sessionTokenHash),
    index('push_subscriptions_user_idx').on(t.userId),
  ],
)

/** Keys the server makes for itself at first start (the VAPID pair for Web Push). */
export const serverKeys = pgTable('server_keys', {
  name: text('name').primaryKey(),
  value: jsonb('value').$type<Record<string, string>>().notNull(),
  createdAt: ts('created_at').notNull(),
})

export const schema = {
  departments,
  users,
  sessions,
  posts,
  postVersions,
  postHistory,
  calendarSettings,
  channelSettings,
  auditLog,
  publications,
  media,
  demoChannelPosts,
  notificationOutbox,
  notificationDeliveries,
  notificationSettings,
  messengerLinks,
  messengerLinkCodes,
  pushSubscriptions,
  serverKeys,
}

/** Where a citizen's comment was left, and its thread (the governor's post, earlier replies). */
export interface CommentThread {
  postText: string
  postUrl: string
  earlier: Array<{ authorName: string; text: string; at: string }>
}

/**
 * Citizens' comments under the governor's posts. One row per (network, page, post, comment):
 * a comment delivered twice (callback and catch-up polling) is stored once.
 */
export const comments = pgTable(
  'comments',
  {
    id: text('id').primaryKey(),
    network: text('network').$type<'vk' | 'ok'>().notNull(),
    pageId: text('page_id').notNull(),
    networkPostId: text('network_post_id').notNull(),
    networkCommentId: text('network_comment_id').notNull(),
    authorName: text('author_name').notNull(),
    authorUrl: text('author_url').notNull(),
    text: text('text').notNull(),
    thread: jsonb('thread').$type<CommentThread>().notNull(),
    leftAt: ts('left_at').notNull(),
    registeredAt: ts('registered_at').notNull(),
    state: text('state').$type<CommentStateValue>().notNull(),
    context: jsonb('context').$type<CommentContext>().notNull(),
    /** Bumped on every accepted event: the optimistic-concurrency token. */
    version: integer('version').notNull(),
    departmentId: text('department_id').references(() => departments.id),
    /** The running answer clock's due time, for the overdue sweep and sorting. */
    deadlineAt: ts('deadline_at'),
    overdue: boolean('overdue').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('comments_source_idx').on(t.network, t.pageId, t.networkPostId, t.networkCommentId),
    index('comments_state_idx').on(t.state),
    index('comments_department_idx').on(t.departmentId),
  ],
)

/** Append-only, like post_history (a trigger enforces it). */
export const commentHistory = pgTable(
  'comment_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id),
    event: text('event').notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').$type<ActorRole>().notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    version: integer('version').notNull(),
    textVersion: integer('text_version').notNull(),
    at: ts('at').notNull(),
    departmentIds: jsonb('department_ids').$type<string[]>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('comment_history_comment_idx').on(t.commentId)],
)

/** Events already taken from a network's callback, by its own id: a repeat is ignored. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [uniqueIndex('inbound_events_idx').on(t.source, t.eventId)],
)

export type ReplyState = PublicationState

/**
 * The reply ledger: one row per (comment, approved answer) — the answer's text version and
 * whether it is the interim one — created in the transaction that moves the comment to
 * `posting`. The unique key means the same approved answer can never be sent twice; the worker
 * checks the comment still carries exactly the approved text before every attempt.
 */
export const commentReplies = pgTable(
  'comment_replies',
  {
    id: serial('id').primaryKey(),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id),
    network: text('network').$type<'vk' | 'ok'>().notNull(),
    textVersion: integer('text_version').notNull(),
    interim: boolean('interim').notNull(),
    /** The approval's SHA-256 of the answer: checked against the comment before every attempt. */
    approvedHash: text('approved_hash').notNull(),
    state: text('state').$type<ReplyState>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    externalId: text('external_id'),
    url: text('url'),
    error: text('error'),
    retryable: boolean('retryable').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('comment_replies_once_idx').on(t.commentId, t.textVersion, t.interim),
    index('comment_replies_due_idx').on(t.state, t.nextAttemptAt),
  ],
)

/** What the built-in demo pages received as replies: one row per (network, ledger guid). */
export const demoCommentReplies = pgTable(
  'demo_comment_replies',
  {
    id: serial('id').primaryKey(),
    network: text('network').$type<'vk' | 'ok'>().notNull(),
    guid: text('guid').notNull(),
    commentId: text('comment_id').notNull(),
    text: text('text').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('demo_comment_replies_once_idx').on(t.network, t.guid)],
)
