import type { WorkingCalendar, WorkingTimeline } from '../calendar'
import type { CommentKind, CommentMarks, WorkItem } from './facts'
import {
  deadlineOf,
  evaluateItem,
  policyOf,
  responseUnitOf,
  stats,
  timelineFor,
  type EvaluatedItem,
  type EvaluationContext,
  type Stats,
} from './figures'

const HOUR = 3_600_000

/**
 * A citizen's comment as one department handled it, evaluated: the outcome and first answer
 * as for a request (`evaluateItem`: every clock within its deadline, the first answer's working
 * hours), plus what only comments have — the interim answer and the final answer's clock after
 * it, overdue as the system recorded it, and the answer checker's blocks the SMC overrode.
 */
export interface EvaluatedComment extends EvaluatedItem {
  kind: CommentKind
  network: string
  authorName: string
  /** When an interim answer reached the citizen; null if none was given. */
  interimPostedAt: number | null
  /** The final answer after an interim one: its clock's deadline, the answer, working hours. */
  finalDueAt: number | null
  finalAnsweredAt: number | null
  finalResponseHours: number | null
  /** Clocks the system recorded overdue (`DEADLINE_PASSED`, once per clock). */
  overdue: number
  /** Approvals that let a blocking finding of the checker through, with the SMC's reasons. */
  overrides: CommentMarks['overrides']
}

export function evaluateComments(
  items: readonly WorkItem[],
  ctx: EvaluationContext,
): EvaluatedComment[] {
  const timeline = timelineFor(ctx.calendar, items, ctx.asOf)
  return items.map((item) => evaluateComment(item, ctx, timeline))
}

export function evaluateComment(
  item: WorkItem,
  ctx: EvaluationContext,
  timeline: WorkingTimeline,
): EvaluatedComment {
  const base = evaluateItem(item, ctx, timeline)
  const marks = item.comment
  const final = item.clocks.find((c) => c.kind === 'commentFinal')
  let finalResponseHours: number | null = null
  let finalAnsweredAt: number | null = null
  const finalAnswer = item.clocks.find(
    (c) => c.kind === 'commentFinal' && c.end === 'answered' && c.endedAt !== null,
  )
  if (finalAnswer) {
    finalAnsweredAt = finalAnswer.endedAt!
    const ms = timeline.between(finalAnswer.startedAt, finalAnswer.endedAt!)
    finalResponseHours = Math.round((ms / HOUR) * 100) / 100
  }
  // Added onto the fresh object rather than spread into a new one: V8 copies a 15-property
  // object spread into a 24-property literal some twenty times slower (bench:analytics).
  return Object.assign(base, {
    kind: item.kind === 'commentPriority' ? ('commentPriority' as const) : ('comment' as const),
    network: marks?.network ?? '',
    authorName: marks?.authorName ?? '',
    interimPostedAt: marks?.interimPostedAt ?? null,
    finalDueAt: final
      ? (final.dueAt ??
        deadlineOf(
          ctx.calendar,
          policyOf(ctx.calendar, 'commentFinal', ctx.commentPolicies),
          final.startedAt,
        ).dueAt)
      : null,
    finalAnsweredAt,
    finalResponseHours,
    overdue: item.clocks.filter((c) => c.overdueRecorded).length,
    overrides: marks?.overrides ?? [],
  })
}

export interface CommentFigures {
  /** Comments routed to the department (first routed within the period). */
  registered: number
  onTime: number
  late: number
  open: number
  withdrawn: number
  /** onTime / (onTime + late); null when nothing is decided yet. */
  onTimeRate: number | null
  /** The first answer (interim or final), from registration or routing, in working hours. */
  response: Record<CommentKind, Stats>
  /** The final answer after an interim one, from the interim's posting, in working hours. */
  final: Stats
  priority: number
  /** Comments that got an interim answer. */
  interim: number
  /** Overdue recorded by the system (once per clock) and comments with at least one. */
  overdue: number
  overdueComments: number
  /** Approvals that overrode a blocking finding of the answer checker. */
  overridden: number
  /** Answers returned to the department by the SMC. */
  returns: number
  provisional: boolean
}

export function commentFiguresOf(
  items: readonly EvaluatedComment[],
  calendar: WorkingCalendar,
  ctx: Pick<EvaluationContext, 'commentPolicies'> = {},
): CommentFigures {
  const f = { onTime: 0, late: 0, open: 0, withdrawn: 0 }
  const times: Record<CommentKind, number[]> = { comment: [], commentPriority: [] }
  const finals: number[] = []
  let priority = 0
  let interim = 0
  let overdue = 0
  let overdueComments = 0
  let overridden = 0
  let returns = 0
  let provisional = false
  for (const it of items) {
    f[it.outcome] += 1
    if (it.responseHours !== null) times[it.kind].push(it.responseHours)
    if (it.finalResponseHours !== null) finals.push(it.finalResponseHours)
    if (it.kind === 'commentPriority') priority += 1
    if (it.interimPostedAt !== null) interim += 1
    overdue += it.overdue
    if (it.overdue > 0) overdueComments += 1
    overridden += it.overrides.length
    returns += it.returns
    provisional ||= it.provisional
  }
  const decided = f.onTime + f.late
  const unit = (k: Parameters<typeof responseUnitOf>[1]) =>
    responseUnitOf(calendar, k, ctx.commentPolicies)
  return {
    registered: items.length,
    ...f,
    onTimeRate: decided ? f.onTime / decided : null,
    response: {
      comment: stats(times.comment, unit('comment')),
      commentPriority: stats(times.commentPriority, unit('commentPriority')),
    },
    final: stats(finals, unit('commentFinal')),
    priority,
    interim,
    overdue,
    overdueComments,
    overridden,
    returns,
    provisional,
  }
}
