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
  type EvaluatedItem,
  type Period,
} from '../../domain/analytics/figures'
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

  private report(c: Computed, scope: Scope): DepartmentsReportDto {
    const { period, asOf: now } = c
    const byDepartment = groupBy(c.evaluated)
    const rows = this.departmentIds(c, scope, byDepartment.keys()).map((id) => ({
      departmentId: id,
      name: c.names.get(id)?.name ?? id,
      shortName: c.names.get(id)?.shortName ?? id,
      figures: figuresOf(byDepartment.get(id) ?? [], c.calendar),
    }))
    return {
      period,
      asOf: now.toISOString(),
      calendar: c.version,
      departments: rows,
      total: figuresOf(c.evaluated, c.calendar),
      trend: {
        week: trend(c.evaluated, period, 'week'),
        month: trend(c.evaluated, period, 'month'),
      },
      distribution: {
        regular: {
          unit: responseUnitOf(c.calendar, 'regular'),
          bins: distribution(c.evaluated, 'regular', responseUnitOf(c.calendar, 'regular')),
        },
        urgent: {
          unit: responseUnitOf(c.calendar, 'urgent'),
          bins: distribution(c.evaluated, 'urgent', responseUnitOf(c.calendar, 'urgent')),
        },
      },
    }
  }

  private commentReport(c: Computed, scope: Scope): CommentsReportDto {
    const { period } = c
    const byDepartment = groupBy(c.comments)
    const rows = this.departmentIds(c, scope, byDepartment.keys()).map((id) => ({
      departmentId: id,
      name: c.names.get(id)?.name ?? id,
      shortName: c.names.get(id)?.shortName ?? id,
      figures: commentFiguresOf(byDepartment.get(id) ?? [], c.calendar),
    }))
    const unit = (k: 'comment' | 'commentPriority') => responseUnitOf(c.calendar, k)
    return {
      period,
      asOf: c.asOf.toISOString(),
      calendar: c.version,
      departments: rows,
      total: commentFiguresOf(c.comments, c.calendar),
      trend: {
        week: trend(c.comments, period, 'week'),
        month: trend(c.comments, period, 'month'),
      },
      distribution: {
        comment: {
          unit: unit('comment'),
          bins: distribution(c.comments, 'comment', unit('comment')),
        },
        commentPriority: {
          unit: unit('commentPriority'),
          bins: distribution(c.comments, 'commentPriority', unit('commentPriority')),
        },
      },
    }
  }

  /** The comments behind a figure: filtering the very items the figures were counted from. */
  async comments(q: CommentDrillQuery, scope: Scope, now: Date): Promise<CommentListDto> {
    const c = await this.compute({ from: q.from, to: q.to }, scope, now, { comments: true })
    return { period: c.period, calendar: c.version, items: this.commentRows(c, q) }
  }

  private commentRows(c: Computed, q: CommentDrillQuery): CommentRowDto[] {
    return c.comments
      .filter((e) => commentMatches(e, q))
      .sort((a, b) => a.receivedAt - b.receivedAt || a.refId.localeCompare(b.refId))
      .map((e) => toCommentRow(e, c.names.get(e.departmentId)?.shortName ?? e.departmentId))
  }

  /** The requests behind a figure: filtering the very items the figures were counted from. */
  async requests(q: DrillQuery, scope: Scope, now: Date): Promise<RequestListDto> {
    const c = await this.compute({ from: q.from, to: q.to }, scope, now, { posts: true })
    return { period: c.period, calendar: c.version, items: this.rows(c, q) }
  }

  private rows(c: Computed, q: DrillQuery): RequestRowDto[] {
    const items = c.evaluated
      .filter((e) => matches(e, q))
      .sort((a, b) => a.receivedAt - b.receivedAt || a.refId.localeCompare(b.refId))
    return items.map((e) => toRow(e, c.names.get(e.departmentId)?.shortName ?? e.departmentId))
  }

  /** Last week's three best and three worst departments, for the governor's tablet. */
  async weekly(now: Date): Promise<WeeklySummaryDto> {
    const period = lastFullWeek(now)
    const c = await this.compute(period, {}, now, { posts: true, comments: true })
    const report = this.report(c, {})
    const comments = this.commentReport(c, {})
    const { best, worst } = bestAndWorst(report.departments)
    const row = (r: (typeof report.departments)[number]) => ({
      departmentId: r.departmentId,
      shortName: r.shortName,
      received: r.figures.received,
      onTime: r.figures.onTime,
      late: r.figures.late,
      onTimeRate: r.figures.onTimeRate ?? 0,
    })
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
          .map((r) => ({
            departmentId: r.departmentId,
            shortName: r.shortName,
            received: r.figures.registered,
            onTime: r.figures.onTime,
            late: r.figures.late,
            onTimeRate: r.figures.onTimeRate ?? 0,
          })),
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

function commentMatches(e: EvaluatedComment, q: CommentDrillQuery): boolean {
  if (q.kind && e.kind !== q.kind) return false
  if (
    q.bin !== undefined &&
    (e.responseHours === null || binOf(e.responseHours, e.responseUnit) !== q.bin)
  )
    return false
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

function matches(e: EvaluatedItem, q: DrillQuery): boolean {
  if (q.kind && e.kind !== q.kind) return false
  if (
    q.bin !== undefined &&
    (e.responseHours === null || binOf(e.responseHours, e.responseUnit) !== q.bin)
  )
    return false
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
