/**
 * The read model's pure pieces: how a stored post becomes the summary and detail people see.
 * The queries that feed them live in the service.
 */
import { personLabel } from '../../domain/roles'
import type { HistoryEntryDto, PostSummaryDto } from '../../shared/api/contract'
import type { posts } from '../db/schema'

export type PostRow = typeof posts.$inferSelect

/** Who is who, for the names and roles a summary shows. */
export type People = Map<string, { name: string; role: string }>

/** The last return, while the post still stands where it was returned to. */
function lastReturn(row: PostRow, people: People): PostSummaryDto['lastReturn'] {
  const last = row.context.comments.at(-1)
  if (!last) return null
  const stands =
    (last.kind === 'returnToEditor' && row.state === 'editing') ||
    (last.kind === 'returnToDepartment' && row.state === 'awaitingDepartment')
  if (!stands) return null
  return {
    kind: last.kind as 'returnToEditor' | 'returnToDepartment',
    text: last.text,
    byName: personLabel(people.get(last.by)?.name ?? '', last.role),
    at: last.at,
  }
}

export function toSummary(
  row: PostRow,
  policiesUnit: (kind: 'regular' | 'urgent') => PostSummaryDto['deadlineUnit'],
  people: People,
): PostSummaryDto {
  const clock = row.context.clock
  const running = row.state === 'awaitingDepartment' && clock
  return {
    byGovernor: people.get(row.createdBy)?.role === 'governor',
    publishedAt: row.context.publishedAt ?? null,
    links: row.context.links ?? [],
    lastReturn: lastReturn(row, people),
    id: row.id,
    title: row.title,
    brief: row.brief,
    departmentId: row.departmentId,
    urgent: row.urgent,
    channels: row.channels,
    plannedAt: row.plannedAt?.toISOString() ?? null,
    state: row.state,
    version: row.version,
    deadlineAt: running ? clock.dueAt : null,
    deadlineUnit: running ? policiesUnit(clock.kind) : null,
    deadlineProvisional: running ? clock.provisional : false,
    clockStartedAt: running ? clock.startedAt : null,
    overdue: row.overdue,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    awaitingGovernorSince: null,
    publicationTrouble: false,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The last time the post went up to the governor (edits while he has it do not count). */
export function lastSentToGovernor<T extends { toState: string; fromState: string | null }>(
  history: readonly T[],
): T | undefined {
  return history.findLast((h) => h.toState === 'awaitingGovernor' && h.fromState !== h.toState)
}

export const milestone = (
  h: HistoryEntryDto,
  texts: ReadonlyArray<{ number: number; text: string }>,
) => ({
  textVersion: h.textVersion,
  text: texts.find((v) => v.number === h.textVersion)?.text ?? '',
  at: h.at,
  byName: h.actorName,
})
