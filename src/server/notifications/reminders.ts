import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm'
import { commentPolicyOf } from '../../domain/comment-lifecycle'
import { commentAuthorLabel, commentReminderFacts } from '../../domain/notifications/comment-rules'
import { dueReminder, reminderSchedule } from '../../domain/notifications/reminders'
import type { NotificationFacts } from '../../domain/notifications/rules'
import { SYSTEM_ACTOR } from '../../domain/roles'
import type { CalendarStore } from '../calendar-store'
import type { Db } from '../db/client'
import { comments, notificationOutbox, posts } from '../db/schema'

/**
 * Deadline reminders (issue 13), run by the sweeper: for each running department clock, the
 * reminder whose time has come (domain/notifications/reminders.ts) goes into the outbox under
 * the key `reminder:<post>:<clock number>:<stage>` — unique, so however many sweeps and
 * processes see it, it is queued once. Overdue needs nothing here: DEADLINE_PASSED is a history
 * event, queued with it, once per clock.
 */
export async function queueDueReminders(
  db: Db,
  calendars: CalendarStore,
  now: Date,
): Promise<number> {
  const running = await db
    .select({
      id: posts.id,
      title: posts.title,
      context: posts.context,
      createdBy: posts.createdBy,
    })
    .from(posts)
    .where(
      and(
        eq(posts.state, 'awaitingDepartment'),
        eq(posts.overdue, false),
        gt(posts.deadlineAt, now),
      ),
    )
    // the nearest deadlines first, so a sweep that meets more than the limit serves them
    .orderBy(asc(posts.deadlineAt))
    .limit(2_000)
  if (!running.length) return 0
  const { calendar } = await calendars.current(db)
  const wanted: Array<{ key: string; facts: NotificationFacts }> = []
  for (const p of running) {
    const clock = p.context.clock
    if (!clock || !p.context.departmentId) continue
    const schedule = reminderSchedule(calendar, clock, calendar.policies[clock.kind].unit)
    const due = dueReminder(schedule, now, clock.dueAt)
    if (!due) continue
    wanted.push({
      key: `reminder:${p.id}:${clock.number}:${due.stage}`,
      facts: {
        kind: 'reminder',
        postId: p.id,
        title: p.title,
        event: due.stage === 'half' ? 'REMINDER_HALF' : 'REMINDER_LAST',
        actorId: SYSTEM_ACTOR.id,
        actorRole: 'system',
        toState: 'awaitingDepartment',
        urgent: clock.kind === 'urgent',
        dueAt: clock.dueAt,
        departmentId: clock.departmentId,
        comment: null,
        at: now.toISOString(),
        audience: [{ departmentId: clock.departmentId }],
      },
    })
  }
  return queueNew(db, wanted, now)
}

/**
 * The same for citizens' comments (issue 14): each answer clock a department holds gets its
 * reminders at half the time and in the last hour, measured as the clock's rule measures it
 * (working hours or days; a priority comment's 4 working hours wait for working time too), under
 * the key `comment-reminder:<comment>:<clock number>:<stage>`. Overdue is the machine's
 * DEADLINE_PASSED, queued with its history row, once per clock.
 */
export async function queueDueCommentReminders(
  db: Db,
  calendars: CalendarStore,
  now: Date,
): Promise<number> {
  const running = await db
    .select({
      id: comments.id,
      text: comments.text,
      authorName: comments.authorName,
      network: comments.network,
      context: comments.context,
    })
    .from(comments)
    .where(
      and(
        eq(comments.state, 'withDepartment'),
        eq(comments.overdue, false),
        gt(comments.deadlineAt, now),
        lte(comments.registeredAt, now),
      ),
    )
    .orderBy(asc(comments.deadlineAt))
    .limit(2_000)
  if (!running.length) return 0
  const { calendar } = await calendars.current(db)
  const wanted: Array<{ key: string; facts: NotificationFacts }> = []
  for (const c of running) {
    const clock = c.context.clock
    if (!clock || clock.answeredAt) continue
    const unit = commentPolicyOf(calendar, clock.kind).unit
    // a priority comment's clock counts working hours: its reminders wait for working time too
    const schedule = reminderSchedule(calendar, { ...clock, kind: 'regular' }, unit)
    const due = dueReminder(schedule, now, clock.dueAt)
    if (!due) continue
    wanted.push({
      key: `comment-reminder:${c.id}:${clock.number}:${due.stage}`,
      facts: commentReminderFacts(
        {
          id: c.id,
          text: c.text,
          author: commentAuthorLabel(c.authorName, c.network),
          priority: c.context.priority,
        },
        clock,
        due.stage,
        now.toISOString(),
      ),
    })
  }
  return queueNew(db, wanted, now)
}

/** Inserts the reminders not queued before; the unique key settles a race between processes. */
async function queueNew(
  db: Db,
  wanted: ReadonlyArray<{ key: string; facts: NotificationFacts }>,
  now: Date,
): Promise<number> {
  if (!wanted.length) return 0
  const known = new Set(
    (
      await db
        .select({ key: notificationOutbox.key })
        .from(notificationOutbox)
        .where(
          inArray(
            notificationOutbox.key,
            wanted.map((w) => w.key),
          ),
        )
    ).map((r) => r.key),
  )
  const fresh = wanted.filter((w) => !known.has(w.key))
  if (!fresh.length) return 0
  const inserted = await db
    .insert(notificationOutbox)
    .values(
      fresh.map((w) => ({
        key: w.key,
        kind: w.facts.kind,
        postId: w.facts.postId,
        commentId: w.facts.commentId ?? null,
        facts: w.facts,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notificationOutbox.id })
  return inserted.length
}
