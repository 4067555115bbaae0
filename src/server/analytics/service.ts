import { asc } from 'drizzle-orm'
import {
  commentFiguresOf,
  evaluateComments,
  type EvaluatedComment,
} from '../../domain/analytics/comment-figures'
import {
  bestAndWorst,
  binOf,
  distribution,
  evaluateItems,
  figuresOf,
  isProvisionalYear,
  lastFullWeek,
  periodBounds,
  responseUnitOf,
  trend,
  type DistributionBin,
  type EvaluatedItem,
  type Figures,
  type Period,
  type ResponseUnit,
} from '../../domain/analytics/figures'
import type { WorkKind } from '../../domain/analytics/facts'
import type { WorkingCalendar } from '../../domain/calendar'
import type { Actor } from '../../domain/roles'
import type {
  CalendarVersionDto,
  CommentDrillQuery,
  CommentListDto,
  CommentRowDto,
  CommentsReportDto,
  DepartmentsReportDto,
  DrillQuery,
  RequestListDto,
  RequestRowDto,
  WeeklySummaryDto,
} from '../../shared/api/analytics-contract'
import type { CalendarStore } from '../calendar-store'
import type { Db } from '../db/client'
import { departments } from '../db/schema'
import { forbidden } from '../lib/errors'
import { commentSource } from './comment-source'
import { postSource, type AnalyticsSource } from './post-source'

export interface Scope {
  /** Set: only this department's work. */
  departmentId?: string
}

/**
 * Who sees what: the SMC and the admin every department (or one they choose); a department
 * contact only its own, whatever it asks for; the governor only the weekly summary.
 */
export function scopeFor(actor: Actor, asked?: string): Scope {
  if (actor.role === 'editor' || actor.role === 'admin') return { departmentId: asked }
  if (actor.role === 'department') {
    if (!actor.departmentId) throw forbidden('Учётная запись не привязана к департаменту')
    return { departmentId: actor.departmentId }
  }
  throw forbidden('Эти показатели видят ЦСМ, администратор и департаменты (каждый — свои)')
}

interface Computed {
  period: Period
  asOf: Date
  calendar: WorkingCalendar
  version: CalendarVersionDto
  /** Requests for posts (empty when only comments were asked for). */
  evaluated: EvaluatedItem[]
  /** Citizens' comments (empty when only requests were asked for). */
  comments: EvaluatedComment[]
  names: Map<string, { id: string; name: string; shortName: string; active: boolean }>
}

/** Which workflows a computation reads. */
interface Wanted {
  posts?: boolean
  comments?: boolean
}

/** Everything an export holds, from one reading of the history. */
export interface ExportData {
  report: DepartmentsReportDto
  requests: RequestRowDto[]
  comments: CommentsReportDto
  commentRows: CommentRowDto[]
}

/**
 * Department discipline, computed from the append-only history on every request: the sources
 * read instants with SQL, the pure domain measures them with the working calendar and
 * aggregates (`domain/analytics`). Nothing is stored, so no figure can disagree with the history.
 */
export class AnalyticsService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarStore,
    private readonly sources: { posts: AnalyticsSource; comments: AnalyticsSource } = {
      posts: postSource,
      comments: commentSource,
    },
  ) {}

  private async compute(
    period: Period,
    scope: Scope,
    now: Date,
    wanted: Wanted,
  ): Promise<Computed> {
    const bounds = { ...periodBounds(period), departmentId: scope.departmentId }
    const [{ revision, calendar }, postItems, commentItems, deps] = await Promise.all([
      this.calendars.current(this.db),
      wanted.posts ? this.sources.posts.items(this.db, bounds) : [],
      wanted.comments ? this.sources.comments.items(this.db, bounds) : [],
      this.db.select().from(departments).orderBy(asc(departments.name)),
    ])
    const ctx = { calendar, asOf: now.getTime() }
    return {
      period,
      asOf: now,
      calendar,
      version: calendarVersion(revision, calendar, period),
      evaluated: evaluateItems(postItems, ctx),
      comments: evaluateComments(commentItems, ctx),
      names: new Map(deps.map((d) => [d.id, d])),
    }
  }

  async departments(period: Period, scope: Scope, now: Date): Promise<DepartmentsReportDto> {
    return this.report(await this.compute(period, scope, now, { posts: true }), scope)
  }

  /** The citizens' comments table, trends and distribution for the same period and scope. */
  async commentsReport(period: Period, scope: Scope, now: Date): Promise<CommentsReportDto> {
    return this.commentReport(await this.compute(period, scope, now, { comments: true }), scope)
  }

  /** Both tables and every request and comment behind them, from one reading (the exports). */
  async exportData(period: Period, scope: Scope, now: Date): Promise<ExportData> {
    const c = await this.compute(period, scope, now, { posts: true, comments: true })
    return {
      report: this.report(c, scope),
      requests: this.rows(c, { ...period, figure: 'received' }),
      comments: this.commentReport(c, scope),
      commentRows: this.commentRows(c, { ...period, figure: 'received' }),
    }
  }

  /**
   * Every active department is listed (a department with no work is a fact too), and any
   * other that had work in the period; a department contact only its own.
   */
  private departmentIds(c: Computed, scope: Scope, withWork: Iterable<string>): string[] {
    if (scope.departmentId) return [scope.departmentId]
    const busy = new Set(withWork)
    const ids = [...c.names.values()].filter((d) => d.active || busy.has(d.id)).map((d) => d.id)
    for (const id of busy) if (!ids.includes(id)) ids.push(id)
    return ids
  }

  /**
   * What the requests' and the comments' reports share: a row per department with its
   * figures, the total, the trends by week and month, and a distribution per kind of rule.
   * Only the figures (`figuresOf`, `commentFiguresOf`) and the kinds differ.
   */
  private table<E extends EvaluatedItem, F, K extends WorkKind>(
    c: Computed,
    scope: Scope,
    items: readonly E[],
    figures: (items: readonly E[], calendar: WorkingCalendar) => F,
    kinds: readonly K[],
  ) {
    const byDepartment = groupBy(items)
    return {
      period: c.period,
      asOf: c.asOf.toISOString(),
      calendar: c.version,
      departments: this.departmentIds(c, scope, byDepartment.keys()).map((id) => ({
        departmentId: id,
        name: c.names.get(id)?.name ?? id,
        shortName: c.names.get(id)?.shortName ?? id,
        figures: figures(byDepartment.get(id) ?? [], c.calendar),
      })),
      total: figures(items, c.calendar),
      trend: { week: trend(items, c.period, 'week'), month: trend(items, c.period, 'month') },
      distribution: Object.fromEntries(
        kinds.map((k) => {
          const unit = responseUnitOf(c.calendar, k)
          return [k, { unit, bins: distribution(items, k, unit) }]
        }),
      ) as Record<K, { unit: ResponseUnit; bins: DistributionBin[] }>,
    }
  }

  private report(c: Computed, scope: Scope): DepartmentsReportDto {
    return this.table(c, scope, c.evaluated, figuresOf, ['regular', 'urgent'] as const)
  }

  private commentReport(c: Computed, scope: Scope): CommentsReportDto {
    return this.table(c, scope, c.comments, commentFiguresOf, [
      'comment',
      'commentPriority',
    ] as const)
  }

  /** The comments behind a figure: filtering the very items the figures were counted from. */
  async comments(q: CommentDrillQuery, scope: Scope, now: Date): Promise<CommentListDto> {
    const c = await this.compute({ from: q.from, to: q.to }, scope, now, { comments: true })
    return { period: c.period, calendar: c.version, items: this.commentRows(c, q) }
  }

  private commentRows(c: Computed, q: CommentDrillQuery): CommentRowDto[] {
    return behind(c, c.comments, q, commentMatches, toCommentRow)
  }

  /** The requests behind a figure: filtering the very items the figures were counted from. */
  async requests(q: DrillQuery, scope: Scope, now: Date): Promise<RequestListDto> {
    const c = await this.compute({ from: q.from, to: q.to }, scope, now, { posts: true })
    return { period: c.period, calendar: c.version, items: this.rows(c, q) }
  }

  private rows(c: Computed, q: DrillQuery): RequestRowDto[] {
    return behind(c, c.evaluated, q, matches, toRow)
  }

  /** Last week's three best and three worst departments, for the governor's tablet. */
  async weekly(now: Date): Promise<WeeklySummaryDto> {
    const period = lastFullWeek(now)
    const c = await this.compute(period, {}, now, { posts: true, comments: true })
    const report = this.report(c, {})
    const comments = this.commentReport(c, {})
    const { best, worst } = bestAndWorst(report.departments)
    const row = (r: (typeof report.departments)[number]) => weeklyRow(r, r.figures.received)
    return {
      period,
      best: best.map(row),
      worst: worst.map(row),
      ranked: report.departments.filter((r) => r.figures.onTime + r.figures.late > 0).length,
      comments: {
        registered: comments.total.registered,
        onTime: comments.total.onTime,
        late: comments.total.late,
        onTimeRate: comments.total.onTimeRate,
        overdue: comments.total.overdue,
        // the three that were late most often: lowest on-time rate, then more late answers
        latest: comments.departments
          .filter((r) => r.figures.late > 0)
          .sort(
            (a, b) =>
              a.figures.onTimeRate! - b.figures.onTimeRate! ||
              b.figures.late - a.figures.late ||
              a.shortName.localeCompare(b.shortName, 'ru'),
          )
          .slice(0, 3)
          .map((r) => weeklyRow(r, r.figures.registered)),
      },
    }
  }
}

function groupBy<T extends { departmentId: string }>(items: readonly T[]): Map<string, T[]> {
  const by = new Map<string, T[]>()
  for (const e of items) {
    const list = by.get(e.departmentId) ?? []
    list.push(e)
    by.set(e.departmentId, list)
  }
  return by
}

/** A department's line of the governor's summary, requests or comments alike. */
function weeklyRow(
  r: {
    departmentId: string
    shortName: string
    figures: Pick<Figures, 'onTime' | 'late' | 'onTimeRate'>
  },
  received: number,
) {
  const { onTime, late, onTimeRate } = r.figures
  return {
    departmentId: r.departmentId,
    shortName: r.shortName,
    received,
    onTime,
    late,
    onTimeRate: onTimeRate ?? 0,
  }
}

/**
 * The items behind a figure, as drill-down rows: those the figure counted (`figure`), of the
 * kind and in the distribution's bin asked for, in the order they came to the department.
 */
function behind<E extends EvaluatedItem, Q extends { kind?: string; bin?: number }, R>(
  c: Computed,
  items: readonly E[],
  q: Q,
  counted: (e: E, q: Q) => boolean,
  toRow: (e: E, departmentName: string) => R,
): R[] {
  return items
    .filter(
      (e) =>
        (!q.kind || e.kind === q.kind) &&
        (q.bin === undefined ||
          (e.responseHours !== null && binOf(e.responseHours, e.responseUnit) === q.bin)) &&
        counted(e, q),
    )
    .sort((a, b) => a.receivedAt - b.receivedAt || a.refId.localeCompare(b.refId))
    .map((e) => toRow(e, c.names.get(e.departmentId)?.shortName ?? e.departmentId))
}

/** Which comments a figure counts (the kind and the bin are `behind`'s). */
function commentMatches(e: EvaluatedComment, q: CommentDrillQuery): boolean {
  switch (q.figure) {
    case 'received':
      return true
    case 'answered':
      return e.responseHours !== null
    case 'interim':
      return e.interimPostedAt !== null
    case 'final':
      return e.finalResponseHours !== null
    case 'overdue':
      return e.overdue > 0
    case 'overridden':
      return e.overrides.length > 0
    case 'returned':
      return e.returns > 0
    default:
      return e.outcome === q.figure
  }
}

const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function toCommentRow(e: EvaluatedComment, departmentName: string): CommentRowDto {
  return {
    commentId: e.refId,
    text: e.title,
    network: e.network,
    authorName: e.authorName,
    departmentId: e.departmentId,
    departmentName,
    kind: e.kind,
    receivedAt: new Date(e.receivedAt).toISOString(),
    dueAt: new Date(e.dueAt).toISOString(),
    firstAnsweredAt: isoOf(e.firstAnsweredAt),
    outcome: e.outcome,
    responseHours: e.responseHours,
    interimPostedAt: isoOf(e.interimPostedAt),
    finalDueAt: isoOf(e.finalDueAt),
    finalAnsweredAt: isoOf(e.finalAnsweredAt),
    finalResponseHours: e.finalResponseHours,
    overdue: e.overdue,
    overrides: e.overrides.map((o) => ({
      at: new Date(o.at).toISOString(),
      reason: o.reason,
      rules: o.rules,
    })),
    returns: e.returns,
    returnReasons: e.returnReasons,
    provisional: e.provisional,
  }
}

/** Which requests a figure counts (the kind and the bin are `behind`'s). */
function matches(e: EvaluatedItem, q: DrillQuery): boolean {
  switch (q.figure) {
    case 'received':
      return true
    case 'returned':
      return e.returns > 0
    case 'answered':
      return e.responseHours !== null
    default:
      return e.outcome === q.figure
  }
}

export function toRow(e: EvaluatedItem, departmentName: string): RequestRowDto {
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    postId: e.refId,
    title: e.title,
    departmentId: e.departmentId,
    departmentName,
    kind: e.kind as RequestRowDto['kind'],
    receivedAt: iso(e.receivedAt),
    dueAt: iso(e.dueAt),
    firstAnsweredAt: e.firstAnsweredAt === null ? null : iso(e.firstAnsweredAt),
    outcome: e.outcome,
    responseHours: e.responseHours === null ? null : Math.round(e.responseHours * 100) / 100,
    responseUnit: e.responseUnit,
    returns: e.returns,
    returnReasons: e.returnReasons,
    provisional: e.provisional,
  }
}

/** The calendar's revision and which years of the period it only knows provisionally. */
export function calendarVersion(
  revision: number,
  calendar: WorkingCalendar,
  period: Period,
): CalendarVersionDto {
  const first = Number(period.from.slice(0, 4))
  const last = Number(period.to.slice(0, 4))
  const provisionalYears: number[] = []
  for (let y = first; y <= Math.min(last, first + 10); y++)
    if (isProvisionalYear(calendar, y)) provisionalYears.push(y)
  const label =
    `редакция ${revision}` +
    (provisionalYears.length
      ? `, ${provisionalYears.join(', ')} — ${provisionalYears.length > 1 ? 'предварительные годы' : 'предварительный год'} (производственный календарь не подтверждён)`
      : ', все годы периода — по официальному производственному календарю')
  return { revision, provisionalYears, label }
}
