/**
 * What the API answers, as zod schemas: the server declares them on its routes (so the OpenAPI
 * document and the typed client's answers come from here), the MSW handlers of component tests
 * parse their answers with them, and the DTO types everyone uses are inferred from them.
 *
 * The browser imports this module for its types only (`import type`), so the schemas never
 * reach its bundle.
 */
import { z } from 'zod'
import { calendarSettingsSchema } from '../../domain/calendar/schemas'
import type { CalendarSettings } from '../../domain/calendar'
import { channels, sendingChannels } from '../../domain/channels'
import { postEventTypes, type PostEventType } from '../../domain/post-lifecycle/event-types'
import type { PostContext } from '../../domain/post-lifecycle/machine'
import type { MediaRef } from '../../domain/post-lifecycle/media'
import { postStates, type PostStateValue } from '../../domain/post-lifecycle/states'
import { userRoles, type ActorRole } from '../../domain/roles'
import {
  commentEventTypes,
  noAnswerReasons,
  type CommentEventType,
} from '../../domain/comment-lifecycle/event-types'
import {
  commentStates,
  type AnswerApproval,
  type AnswerClock,
  type CommentNote,
} from '../../domain/comment-lifecycle/machine'
import { QUALITY_RULES, type QualityIssue } from '../../domain/quality/types'
import type { CommentKind, PostKind } from '../../domain/analytics/facts'
import type { CommentFigures } from '../../domain/analytics/comment-figures'
import type {
  DistributionBin,
  Figures,
  Outcome,
  ResponseUnit,
  TrendBucket,
} from '../../domain/analytics/figures'
import { notificationKinds } from '../../domain/notifications/rules'
import { notificationSettingsSchema, outsideChannels } from '../../domain/notifications/preferences'

const instant = z.iso.datetime({ offset: true })
const channel = z.enum(channels)
const userRole = z.enum(userRoles)
const actorRole = z.enum([...userRoles, 'system']) satisfies z.ZodType<ActorRole>
const postState = z.enum(postStates as readonly PostStateValue[] as [PostStateValue])
const postEventType = z.enum(postEventTypes as readonly PostEventType[] as [PostEventType])

/** Every 4xx and 5xx: `{error: {code, message, details?}}`, the message in Russian. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Machine-readable reason, e.g. `validation_failed`'),
    message: z.string().describe('A readable sentence in Russian, shown to the person'),
    details: z.unknown().optional(),
  }),
})

export const okSchema = z.object({ ok: z.literal(true) })

export const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  role: userRole,
  departmentId: z.string().nullable(),
  /** Optional, for notifications (absent in older fixtures). */
  email: z.string().nullable().optional(),
  active: z.boolean(),
  demo: z.boolean(),
})

export const sessionSchema = z.object({ user: userSchema })
export const meSchema = z.object({ user: userSchema, demo: z.boolean() })

export const departmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  active: z.boolean(),
  /** An active department-role user is attached: a request to it reaches someone. */
  hasActiveContact: z.boolean(),
})
export const departmentListSchema = z.object({ items: z.array(departmentSchema) })

/** A department as the admin edits it (create / change). */
export const departmentRowSchema = departmentSchema.omit({ hasActiveContact: true })

const mediaRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  bytes: z.number().int(),
  sha256: z.string(),
}) satisfies z.ZodType<MediaRef>

const linkSchema = z.object({ channel: z.string(), url: z.string() })

export const postContextSchema = z.object({
  departmentId: z.string().nullable(),
  urgent: z.boolean(),
  text: z.string(),
  textVersion: z.number().int(),
  approval: z
    .object({ hash: z.string(), textVersion: z.number().int(), by: z.string(), at: z.string() })
    .nullable(),
  clock: z
    .object({
      number: z.number().int(),
      kind: z.enum(['regular', 'urgent']),
      departmentId: z.string(),
      startedAt: z.string(),
      dueAt: z.string(),
      provisional: z.boolean(),
      overdueAt: z.string().nullable(),
      answeredAt: z.string().nullable(),
    })
    .nullable(),
  comments: z.array(
    z.object({
      kind: z.enum(['returnToDepartment', 'returnToEditor', 'reject', 'cancel']),
      text: z.string(),
      by: z.string(),
      role: actorRole,
      at: z.string(),
    }),
  ),
  scheduledAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  links: z.array(linkSchema),
  channels: z.array(channel),
  media: z.array(mediaRefSchema),
}) satisfies z.ZodType<PostContext>

export const postSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  brief: z.string(),
  departmentId: z.string().nullable(),
  urgent: z.boolean(),
  channels: z.array(channel),
  plannedAt: z.string().nullable(),
  state: postState,
  version: z.number().int(),
  deadlineAt: z.string().nullable(),
  deadlineUnit: z.enum(['workingDays', 'workingHours', 'hours']).nullable(),
  deadlineProvisional: z.boolean(),
  clockStartedAt: z.string().nullable(),
  overdue: z.boolean(),
  scheduledAt: z.string().nullable(),
  awaitingGovernorSince: z.string().nullable(),
  /** A channel needs a person (failed, unknown outcome, or a manual channel to confirm). */
  publicationTrouble: z.boolean(),
  /** The governor's own instruction (he created it). */
  byGovernor: z.boolean(),
  /** When the post went out, and where: the links per channel. */
  publishedAt: z.string().nullable(),
  links: z.array(linkSchema),
  /** The last return (by the governor to the SMC, or by the SMC to the department) while it stands. */
  lastReturn: z
    .object({
      kind: z.enum(['returnToEditor', 'returnToDepartment']),
      text: z.string(),
      byName: z.string(),
      at: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const textVersionSchema = z.object({
  number: z.number().int(),
  text: z.string(),
  media: z.array(mediaRefSchema),
  authorId: z.string(),
  authorName: z.string(),
  authorRole: actorRole,
  createdAt: z.string(),
})

/**
 * A text version as the post page lists it: who and when, without the text, which is fetched
 * when a screen shows it (`GET /api/posts/:id/versions/:number`). A post's page then weighs
 * the same after its fortieth edit as after its first.
 */
export const textVersionInfoSchema = textVersionSchema.omit({ text: true }).extend({
  /** Characters in the text. */
  length: z.number().int(),
})

export const historyEntrySchema = z.object({
  id: z.number().int(),
  event: z.union([postEventType, z.literal('CREATED')]),
  actorId: z.string(),
  actorName: z.string(),
  actorRole: actorRole,
  fromState: postState.nullable(),
  toState: postState,
  version: z.number().int(),
  textVersion: z.number().int(),
  at: z.string(),
  payload: z.record(z.string(), z.unknown()),
})

/** How a channel is served: real credentials, the built-in demo, by hand, or not configured. */
export const channelModeSchema = z.enum(['real', 'demo', 'manual', 'notConfigured'])

export const channelStatusSchema = z.object({ channel, mode: channelModeSchema })
export const channelStatusListSchema = z.object({ items: z.array(channelStatusSchema) })

/** A post as a built-in demo channel received it. */
export const demoChannelPostSchema = z.object({
  id: z.number().int(),
  channel,
  postId: z.string(),
  postTitle: z.string(),
  /** In Viza's markup; shown rendered as the channel would show it. */
  text: z.string(),
  images: z.array(z.object({ id: z.string(), name: z.string() })),
  at: z.string(),
})
export const demoChannelPostListSchema = z.object({ items: z.array(demoChannelPostSchema) })

/** A reply Viza posted on a demo page, under the citizen's comment it answers. */
export const demoCommentReplySchema = z.object({
  id: z.number().int(),
  network: z.enum(['vk', 'ok']),
  commentId: z.string(),
  authorName: z.string(),
  commentText: z.string(),
  postText: z.string(),
  text: z.string(),
  at: z.string(),
})
export const demoCommentReplyListSchema = z.object({ items: z.array(demoCommentReplySchema) })

export const publicationSchema = z.object({
  id: z.number().int(),
  channel,
  mode: channelModeSchema,
  textVersion: z.number().int(),
  state: z.enum(['queued', 'sending', 'sent', 'failed', 'unknown', 'manual']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  url: z.string().nullable(),
  error: z.string().nullable(),
  /** Whether the server has credentials for the channel. */
  configured: z.boolean(),
  /** The channel's own page, to check by eye what is there. */
  channelUrl: z.string().nullable(),
  /** A failed attempt that surely did not take effect: retrying is safe. */
  canRetry: z.boolean(),
})

/** A moment in the post's life, tied to the text version it produced. */
export const textMilestoneSchema = z.object({
  textVersion: z.number().int(),
  /** That version's text: the screens compare against it at once. */
  text: z.string(),
  at: z.string(),
  byName: z.string(),
})

export const postDetailSchema = postSummarySchema.extend({
  /** The department's last submitted material (text and photos): where every diff starts. */
  departmentMaterial: textMilestoneSchema.nullable(),
  /** The text as it last went up to the governor. */
  sentToGovernor: textMilestoneSchema.nullable(),
  text: z.string(),
  textVersion: z.number().int(),
  context: postContextSchema,
  versions: z.array(textVersionInfoSchema),
  history: z.array(historyEntrySchema),
  allowedEvents: z.array(postEventType),
  /** The publication ledger of this post, one row per channel and approved version. */
  publications: z.array(publicationSchema),
})

/**
 * What `POST /api/posts/:id/events` answers: the post's new state, version and text, and what
 * the browser needs to show the next actions — not the whole post. The browser patches its
 * cached detail with it; history, versions, the ledger and the lists are refreshed by the live
 * stream's invalidation (which also tells the person's other devices).
 */
export const postEventAnswerSchema = z.object({
  id: z.string(),
  state: postState,
  version: z.number().int(),
  textVersion: z.number().int(),
  text: z.string(),
  /** The machine's context: what `availableActions` judges the next actions on. */
  context: postContextSchema,
  allowedEvents: z.array(postEventType),
  updatedAt: z.string(),
})

export const postListSchema = z.object({
  items: z.array(postSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

/** A stale `expectedVersion` (409): the post as it is now, so the screen can show both texts. */
export const conflictBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.object({ currentVersion: z.number().int(), post: postDetailSchema }).optional(),
  }),
})

/** What the server pushes on /api/events, one per history row. */
export const liveEventSchema = z.object({
  id: z.number().int(),
  postId: z.string(),
  title: z.string(),
  event: historyEntrySchema.shape.event,
  actorId: z.string(),
  actorName: z.string(),
  actorRole: actorRole,
  fromState: postState.nullable(),
  toState: postState,
  version: z.number().int(),
})

export const calendarSchema = z.object({
  timeZone: z.string(),
  revision: z.number().int(),
  settings: calendarSettingsSchema as z.ZodType<CalendarSettings>,
})

export const revisionSchema = z.object({ revision: z.number().int() })

export const healthSchema = z.object({
  ok: z.literal(true),
  database: z.enum(['pglite', 'postgres']),
})

// ---- admin ----

export const userListSchema = z.object({ items: z.array(userSchema) })

export const auditEntrySchema = z.object({
  id: z.number().int(),
  actorId: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  at: instant,
})
export const auditListSchema = z.object({ items: z.array(auditEntrySchema) })

export const departmentOverviewSchema = departmentRowSchema.extend({
  /** Active users with the department role attached to it. */
  activeContacts: z.number().int(),
})
export const departmentOverviewListSchema = z.object({ items: z.array(departmentOverviewSchema) })

export const channelSettingsSchema = z.object({
  channel: z.enum(sendingChannels),
  /** Which credentials this channel has a value for (never the values). */
  fieldsSet: z.array(z.string()),
  configured: z.boolean(),
  /** Where the credentials in use come from; the environment wins over stored settings. */
  source: z.enum(['env', 'settings']).nullable(),
  /** The built-in demo channel serves it (a demo database without credentials). */
  demo: z.boolean(),
  /** Stored fields, even when the environment overrides them. */
  storedFields: z.array(z.string()),
  updatedAt: z.string().nullable(),
  /**
   * Settings are stored but cannot be read: VIZA_SECRET_KEY is not the key they were saved
   * with (or is not set). The channel then falls back to demo or not configured.
   */
  unreadable: z.boolean(),
})

export const channelSettingsListSchema = z.object({
  items: z.array(channelSettingsSchema),
  /** False when VIZA_SECRET_KEY is not set: credentials cannot be stored. */
  canStore: z.boolean(),
  /** VK's Callback API (comments as they are left): configured only with all three variables. */
  vkCallback: z.object({
    configured: z.boolean(),
    /** The environment variables it lacks (VK_CALLBACK_CONFIRMATION, VK_CALLBACK_SECRET, VK_GROUP_ID). */
    missing: z.array(z.string()),
  }),
})

export const channelCheckSchema = z.object({
  ok: z.boolean(),
  /** What the channel answered, in Russian: the bot and channel names, or the error. */
  message: z.string(),
})

const dayChange = z.object({
  date: z.string(),
  was: z.string(),
  becomes: z.string(),
  holiday: z.string().optional(),
})

export const calendarImportPreviewSchema = z.object({
  year: z.number().int(),
  days: z.number().int(),
  diff: z.object({
    addedDaysOff: z.array(dayChange),
    removedDaysOff: z.array(dayChange),
    shortened: z.array(dayChange),
    noLongerShortened: z.array(dayChange),
    transfers: z.array(z.object({ from: z.string(), to: z.string() })),
    same: z.boolean(),
  }),
  /** Whether the year is already confirmed (official) in Viza. */
  official: z.boolean(),
  /** The calendar revision the preview was computed against (apply refuses a stale one). */
  revision: z.number().int(),
})

export const calendarImportAppliedSchema = z.object({
  revision: z.number().int(),
  year: z.number().int(),
})

// ---- citizens' comments and the «отписка» checker ----

export const qualityIssueSchema = z.object({
  rule: z.enum(QUALITY_RULES),
  severity: z.enum(['block', 'warn']).describe('`block` stops an answer from being submitted'),
  start: z.number().int().describe('UTF-16 offset into the checked text'),
  end: z.number().int().describe('UTF-16 offset, exclusive'),
  message: z.string(),
  suggestions: z.array(z.string()),
  insert: z
    .boolean()
    .optional()
    .describe(
      'The suggestions go in before `start`, deleting nothing (else they replace the range)',
    ),
}) satisfies z.ZodType<QualityIssue>

export const qualityCheckAnswerSchema = z.object({
  issues: z.array(qualityIssueSchema),
  note: z
    .string()
    .optional()
    .describe('Set when the check was cut short by its time bound: the issues found until then'),
})

const commentState = z.enum(commentStates)
const commentEventType = z.enum(
  commentEventTypes as readonly CommentEventType[] as [CommentEventType],
)

export const commentSummarySchema = z.object({
  id: z.string(),
  network: z.enum(['vk', 'ok']),
  authorName: z.string(),
  authorUrl: z.string(),
  text: z.string(),
  leftAt: z.string(),
  registeredAt: z.string(),
  state: commentState,
  departmentId: z.string().nullable(),
  priority: z.boolean(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  /** The running answer clock's rule (the final answer's counts working days), or null. */
  clockKind: z.enum(['regular', 'priority', 'final']).nullable(),
  clockStartedAt: z.string().nullable(),
  /** Posting, and a reply waits for a person (by hand, unknown outcome, failed). */
  replyTrouble: z.boolean(),
  version: z.number().int(),
})
export const commentListSchema = z.object({ items: z.array(commentSummarySchema) })

/** How many comments stand where, for the queue's groups and the SMC's nav badge. */
export const commentCountsSchema = z.object({
  byState: z.record(commentState, z.number().int()),
  overdue: z.number().int(),
  /** Comments in `posting` whose reply waits for a person. */
  replyTrouble: z.number().int(),
  /** New to route, answers to review, replies that need her word (0 for a department). */
  waitingForSmc: z.number().int(),
})

const answerClockSchema = z.object({
  number: z.number().int(),
  kind: z.enum(['regular', 'priority', 'final']),
  departmentId: z.string(),
  startedAt: z.string(),
  dueAt: z.string(),
  provisional: z.boolean(),
  overdueAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
}) satisfies z.ZodType<AnswerClock>

const answerApprovalSchema = z.object({
  hash: z.string(),
  textVersion: z.number().int(),
  interim: z.boolean(),
  by: z.string(),
  at: z.string(),
  override: z.object({ reason: z.string(), rules: z.array(z.string()) }).nullable(),
}) satisfies z.ZodType<AnswerApproval>

const commentNoteSchema = z.object({
  kind: z.enum(['returnToDepartment', 'dismiss', 'override']),
  text: z.string(),
  by: z.string(),
  role: actorRole,
  at: z.string(),
}) satisfies z.ZodType<CommentNote>

export const commentHistorySchema = z.object({
  id: z.number().int(),
  event: z.string().describe('A lifecycle event, or REGISTERED'),
  actorName: z.string(),
  actorRole: z.string(),
  /** A department's person: the department they acted for (at the time), else null. */
  actorDepartmentId: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string(),
  at: z.string(),
  payload: z.record(z.string(), z.unknown()),
})

/** The reply ledger of a comment: one row per approved answer, as it goes out. */
export const commentReplySchema = z.object({
  id: z.number().int(),
  network: z.enum(['vk', 'ok']),
  /** real page, the built-in demo page, by hand (the network takes no replies from Viza), or not configured */
  mode: z.enum(['real', 'demo', 'manual', 'notConfigured']),
  textVersion: z.number().int(),
  interim: z.boolean(),
  state: z.enum(['queued', 'sending', 'sent', 'failed', 'unknown', 'manual']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  url: z.string().nullable(),
  error: z.string().nullable(),
  /** The page, to check by eye what is there (for an unknown outcome). */
  pageUrl: z.string().nullable(),
  /** A failed attempt that surely did not take effect: retrying is safe. */
  canRetry: z.boolean(),
})

export const commentDetailSchema = commentSummarySchema.extend({
  thread: z.object({
    postText: z.string(),
    postUrl: z.string(),
    earlier: z.array(z.object({ authorName: z.string(), text: z.string(), at: z.string() })),
  }),
  answer: z.object({ text: z.string(), textVersion: z.number().int(), interim: z.boolean() }),
  /** The text the department submitted last (what the SMC's edits are compared with). */
  submitted: z.object({ text: z.string(), interim: z.boolean() }).nullable(),
  approval: answerApprovalSchema.nullable(),
  clock: answerClockSchema.nullable(),
  notes: z.array(commentNoteSchema),
  dismissal: z.object({ reason: z.enum(noAnswerReasons), note: z.string() }).nullable(),
  interimPostedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  links: z.array(z.object({ network: z.string(), url: z.string() })),
  history: z.array(commentHistorySchema),
  /** The reply ledger (the SMC's; empty for a department). */
  replies: z.array(commentReplySchema),
  allowedEvents: z.array(commentEventType),
})

// ---- analytics (issue 15) ----

const isoDay = z.iso.date()
const workKind = z.enum(['regular', 'urgent']) satisfies z.ZodType<PostKind>
const commentKind = z.enum(['comment', 'commentPriority']) satisfies z.ZodType<CommentKind>
const responseUnit = z.enum(['workingHours', 'hours']) satisfies z.ZodType<ResponseUnit>
const outcome = z.enum(['onTime', 'late', 'open', 'withdrawn']) satisfies z.ZodType<Outcome>
const period = z.object({ from: isoDay, to: isoDay })

/** Which working calendar the figures were computed with: it is printed in every export. */
export const calendarVersionSchema = z.object({
  revision: z.number().int(),
  /** Years of the period whose production calendar is statutory only (not confirmed). */
  provisionalYears: z.array(z.number().int()),
  /** «редакция 4, 2027 — предварительный год (…)» */
  label: z.string(),
})

const statsSchema = z.object({
  unit: responseUnit,
  /** Answered requests measured. */
  count: z.number().int(),
  /** Hours in `unit`. */
  median: z.number().nullable(),
  p90: z.number().nullable(),
})

export const figuresSchema = z.object({
  received: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  open: z.number().int(),
  withdrawn: z.number().int(),
  /** onTime / (onTime + late); null when nothing is decided yet. */
  onTimeRate: z.number().nullable(),
  response: z.object({ regular: statsSchema, urgent: statsSchema }),
  /** Returns in total, requests returned at least once, and returns per request. */
  returns: z.number().int(),
  returned: z.number().int(),
  returnsPerRequest: z.number().nullable(),
  urgent: z.number().int(),
  /** Some deadline or measure touches a year the calendar knows only provisionally. */
  provisional: z.boolean(),
}) satisfies z.ZodType<Figures>

export const analyticsDepartmentRowSchema = z.object({
  departmentId: z.string(),
  name: z.string(),
  shortName: z.string(),
  figures: figuresSchema,
})

const trendBucketSchema = z.object({
  /** First and last day of the bucket within the period. */
  from: isoDay,
  to: isoDay,
  received: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  open: z.number().int(),
  onTimeRate: z.number().nullable(),
}) satisfies z.ZodType<TrendBucket>

const distributionSchema = z.object({
  unit: responseUnit,
  bins: z.array(
    z.object({
      /** Hours, `to` exclusive; null = no upper bound. */
      from: z.number(),
      to: z.number().nullable(),
      count: z.number().int(),
    }) satisfies z.ZodType<DistributionBin>,
  ),
})

export const departmentsReportSchema = z.object({
  period,
  /** The instant outcomes are computed at (the server's now). */
  asOf: instant,
  calendar: calendarVersionSchema,
  /** One row per department in scope; a department contact gets only its own. */
  departments: z.array(analyticsDepartmentRowSchema),
  total: figuresSchema,
  trend: z.object({ week: z.array(trendBucketSchema), month: z.array(trendBucketSchema) }),
  distribution: z.object({ regular: distributionSchema, urgent: distributionSchema }),
})

/** One request behind a figure. */
export const requestRowSchema = z.object({
  postId: z.string(),
  title: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  kind: workKind,
  receivedAt: instant,
  dueAt: instant,
  firstAnsweredAt: instant.nullable(),
  outcome,
  responseHours: z.number().nullable(),
  responseUnit,
  returns: z.number().int(),
  returnReasons: z.array(z.string()),
  provisional: z.boolean(),
})

export const requestListSchema = z.object({
  period,
  calendar: calendarVersionSchema,
  items: z.array(requestRowSchema),
})

const weeklySummaryRowSchema = z.object({
  departmentId: z.string(),
  shortName: z.string(),
  received: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  onTimeRate: z.number(),
})

/** The governor's tablet: last week's three best and three worst departments. */
export const weeklySummarySchema = z.object({
  period,
  best: z.array(weeklySummaryRowSchema),
  worst: z.array(weeklySummaryRowSchema),
  /** Departments that had requests decided that week. */
  ranked: z.number().int(),
  /** Citizens' comments of the same week: in total, and the three most often late. */
  comments: z.object({
    registered: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    onTimeRate: z.number().nullable(),
    overdue: z.number().int(),
    /** Departments with late answers, the lowest on-time rate first (at most three). */
    latest: z.array(weeklySummaryRowSchema),
  }),
})

/** The citizens' comments figures of a department (or in total) for the period. */
export const commentFiguresSchema = z.object({
  /** Comments routed to the department whose first clock started within the period. */
  registered: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  /** Still without an answer, not yet due. */
  open: z.number().int(),
  /** «Ответ не нужен», deleted by the citizen, or reassigned before the deadline. */
  withdrawn: z.number().int(),
  onTimeRate: z.number().nullable(),
  /** The first answer (interim or final), in working hours: regular and priority apart. */
  response: z.object({ comment: statsSchema, commentPriority: statsSchema }),
  /** The final answer after an interim one (its 7-working-day clock), in working hours. */
  final: statsSchema,
  priority: z.number().int(),
  /** Comments that got an interim answer. */
  interim: z.number().int(),
  /** Overdue recorded by the system, once per clock; and comments with any. */
  overdue: z.number().int(),
  overdueComments: z.number().int(),
  /** Approvals that overrode a blocking finding of the answer checker (reasons in the drill-down). */
  overridden: z.number().int(),
  returns: z.number().int(),
  provisional: z.boolean(),
}) satisfies z.ZodType<CommentFigures>

export const commentsReportSchema = z.object({
  period,
  asOf: instant,
  calendar: calendarVersionSchema,
  /** One row per department in scope; a department contact gets only its own. */
  departments: z.array(
    z.object({
      departmentId: z.string(),
      name: z.string(),
      shortName: z.string(),
      figures: commentFiguresSchema,
    }),
  ),
  total: commentFiguresSchema,
  trend: z.object({ week: z.array(trendBucketSchema), month: z.array(trendBucketSchema) }),
  distribution: z.object({ comment: distributionSchema, commentPriority: distributionSchema }),
})

/** One comment behind a figure, as one department handled it. */
export const analyticsCommentRowSchema = z.object({
  commentId: z.string(),
  /** The comment's text (its first 120 characters). */
  text: z.string(),
  network: z.string(),
  authorName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  kind: commentKind,
  /** When the department's first clock started (registration, or the reassignment). */
  receivedAt: instant,
  dueAt: instant,
  firstAnsweredAt: instant.nullable(),
  outcome,
  responseHours: z.number().nullable(),
  interimPostedAt: instant.nullable(),
  finalDueAt: instant.nullable(),
  finalAnsweredAt: instant.nullable(),
  finalResponseHours: z.number().nullable(),
  /** Overdue recorded for this comment's clocks. */
  overdue: z.number().int(),
  /** Blocking checker findings the SMC let through, with the reason written. */
  overrides: z.array(z.object({ at: instant, reason: z.string(), rules: z.array(z.string()) })),
  returns: z.number().int(),
  returnReasons: z.array(z.string()),
  provisional: z.boolean(),
})

export const analyticsCommentListSchema = z.object({
  period,
  calendar: calendarVersionSchema,
  items: z.array(analyticsCommentRowSchema),
})

// ---- notifications (issue 13) ----

const notificationKind = z.enum(notificationKinds)

/** One entry of the notification centre (an in-app delivery). */
export const notificationSchema = z.object({
  id: z.number().int(),
  kind: notificationKind,
  /** What it is about: a post, or a citizen's comment (the other is null). */
  postId: z.string().nullable(),
  commentId: z.string().nullable(),
  urgent: z.boolean(),
  title: z.string(),
  body: z.string(),
  /** The screen it opens, inside Viza. */
  path: z.string(),
  at: instant,
  read: z.boolean(),
})
export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number().int(),
})

/**
 * A delivery outside the tab that did not go (`failed`, or `pending` a retry), or went to only
 * some of the person's devices (`sent` with the reason): what the admin sees.
 */
export const notificationFailureSchema = z.object({
  id: z.number().int(),
  channel: z.enum(outsideChannels),
  state: z.enum(['failed', 'pending', 'sent']),
  userName: z.string(),
  userLogin: z.string(),
  title: z.string(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  nextAttemptAt: instant.nullable(),
  at: instant,
})
export const notificationFailureListSchema = z.object({
  items: z.array(notificationFailureSchema),
})

const channelReach = z.object({
  /** The server has this channel configured. */
  available: z.boolean(),
  /** It reaches this person now (an address, a linked chat, a subscribed browser). */
  reaches: z.boolean(),
  /** In Russian, read after the channel's name. */
  note: z.string(),
})

/** A person's notification settings screen. */
export const notificationSettingsViewSchema = z.object({
  /** What is in force: the person's own choices, or the role's defaults. */
  settings: notificationSettingsSchema,
  /** Whether `settings` are the role's defaults (nothing chosen yet). */
  isDefault: z.boolean(),
  /** The kinds this role receives, in the order to show them. */
  kinds: z.array(notificationKind),
  /** Channels this server has, and whether they reach this person now. */
  channels: z.object({
    email: channelReach,
    telegram: channelReach,
    max: channelReach,
    push: channelReach,
  }),
  /** False when the server turned quiet hours off (`VIZA_NOTIFY_QUIET_HOURS=off`). */
  quietHoursOn: z.boolean(),
})

/**
 * A one-time messenger deep link: Telegram `https://t.me/<bot>?start=<code>`, MAX
 * `https://max.ru/<bot>?start=<code>`.
 */
export const telegramLinkSchema = z.object({ url: z.string(), expiresAt: instant })
export const telegramUnlinkedSchema = z.object({
  /** False when no chat was linked. */
  unlinked: z.boolean(),
})
export const pushKeySchema = z.object({
  /** The VAPID public key (base64url) for `PushManager.subscribe`. */
  publicKey: z.string(),
})
export const pushUnsubscribedSchema = z.object({
  /** False when this person had no such subscription. */
  removed: z.boolean(),
})

export const testClockAnswerSchema = z.object({ now: z.string() })

export type ApiErrorBody = z.infer<typeof errorBodySchema>
export type UserDto = z.infer<typeof userSchema>
export type DepartmentDto = z.infer<typeof departmentSchema>
export type PostSummaryDto = z.infer<typeof postSummarySchema>
export type TextVersionDto = z.infer<typeof textVersionSchema>
export type TextVersionInfoDto = z.infer<typeof textVersionInfoSchema>
export type HistoryEntryDto = z.infer<typeof historyEntrySchema>
export type ChannelMode = z.infer<typeof channelModeSchema>
export type ChannelStatusDto = z.infer<typeof channelStatusSchema>
export type DemoChannelPostDto = z.infer<typeof demoChannelPostSchema>
export type DemoCommentReplyDto = z.infer<typeof demoCommentReplySchema>
export type PublicationDto = z.infer<typeof publicationSchema>
export type TextMilestoneDto = z.infer<typeof textMilestoneSchema>
export type PostDetailDto = z.infer<typeof postDetailSchema>
export type PostEventAnswerDto = z.infer<typeof postEventAnswerSchema>
export type PostListDto = z.infer<typeof postListSchema>
export type LiveEventDto = z.infer<typeof liveEventSchema>
export type CalendarDto = z.infer<typeof calendarSchema>
export type ChannelSettingsDto = z.infer<typeof channelSettingsSchema>
export type ChannelSettingsListDto = z.infer<typeof channelSettingsListSchema>
export type ChannelCheckDto = z.infer<typeof channelCheckSchema>
export type CalendarImportPreviewDto = z.infer<typeof calendarImportPreviewSchema>
export type QualityCheckDto = z.infer<typeof qualityCheckAnswerSchema>
export type CommentSummaryDto = z.infer<typeof commentSummarySchema>
export type CommentCountsDto = z.infer<typeof commentCountsSchema>
export type CommentHistoryDto = z.infer<typeof commentHistorySchema>
export type CommentReplyDto = z.infer<typeof commentReplySchema>
export type CommentDetailDto = z.infer<typeof commentDetailSchema>
export type DepartmentOverviewDto = z.infer<typeof departmentOverviewSchema>
export type CalendarVersionDto = z.infer<typeof calendarVersionSchema>
export type FiguresDto = z.infer<typeof figuresSchema>
export type DepartmentRowDto = z.infer<typeof analyticsDepartmentRowSchema>
export type DistributionDto = z.infer<typeof distributionSchema>
export type DepartmentsReportDto = z.infer<typeof departmentsReportSchema>
export type RequestRowDto = z.infer<typeof requestRowSchema>
export type RequestListDto = z.infer<typeof requestListSchema>
export type WeeklySummaryRowDto = z.infer<typeof weeklySummaryRowSchema>
export type WeeklySummaryDto = z.infer<typeof weeklySummarySchema>
export type CommentFiguresDto = z.infer<typeof commentFiguresSchema>
export type CommentsReportDto = z.infer<typeof commentsReportSchema>
export type CommentRowDto = z.infer<typeof analyticsCommentRowSchema>
export type CommentListDto = z.infer<typeof analyticsCommentListSchema>
export type NotificationDto = z.infer<typeof notificationSchema>
export type NotificationListDto = z.infer<typeof notificationListSchema>
export type NotificationFailureDto = z.infer<typeof notificationFailureSchema>
export type NotificationSettingsDto = z.infer<typeof notificationSettingsViewSchema>
