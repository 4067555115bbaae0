import { asc } from 'drizzle-orm'
import type { WorkItem } from '../../domain/analytics/facts'
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
  evaluated: EvaluatedItem[]
  names: Map<string, { id: string; name: string; shortName: string; active: boolean }>
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
    private readonly sources: readonly AnalyticsSource[] = [postSource],
  ) {}

  private async compute(period: Period, scope: Scope, now: Date): Promise<Computed> {
    const bounds = periodBounds(period)
    const [{ revision, calendar }, items, deps] = await Promise.all([
      this.calendars.current(this.db),
      Promise.all(
        this.sources.map((s) => s.items(this.db, { ...bounds, departmentId: scope.departmentId })),
      ).then((lists) => lists.flat() as WorkItem[]),
      this.db.select().from(departments).orderBy(asc(departments.name)),
    ])
    const evaluated = evaluateItems(items, { calendar, asOf: now.getTime() })
    const names = new Map(deps.map((d) => [d.id, d]))
    return {
      period,
      asOf: now,
      calendar,
      version: calendarVersion(revision, calendar, period),
      evaluated,
      names,
    }
  }

  async departments(period: Period, scope: Scope, now: Date): Promise<DepartmentsReportDto> {
    return this.report(await this.compute(period, scope, now), scope)
  }

  /** The table and every request behind it, from one reading of the history (the XLSX). */
  async exportData(period: Period, scope: Scope, now: Date) {
    const c = await this.compute(period, scope, now)
    return {
      report: this.report(c, scope),
      requests: this.rows(c, { ...period, figure: 'received' }),
    }
  }

  private report(c: Computed, scope: Scope): DepartmentsReportDto {
    const { period, asOf: now } = c
    const byDepartment = new Map<string, EvaluatedItem[]>()
    for (const e of c.evaluated) {
      const list = byDepartment.get(e.departmentId) ?? []
      list.push(e)
      byDepartment.set(e.departmentId, list)
    }
    // Every active department is listed (a department with no requests is a fact too), and
    // any other that had requests in the period.
    const ids = scope.departmentId
      ? [scope.departmentId]
      : [...c.names.values()].filter((d) => d.active || byDepartment.has(d.id)).map((d) => d.id)
    for (const id of byDepartment.keys()) if (!ids.includes(id)) ids.push(id)
    const rows = ids.map((id) => ({
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

  /** The requests behind a figure: filtering the very items the figures were counted from. */
  async requests(q: DrillQuery, scope: Scope, now: Date): Promise<RequestListDto> {
    const c = await this.compute({ from: q.from, to: q.to }, scope, now)
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
    const report = await this.departments(period, {}, now)
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
    }
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
    kind: e.kind,
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
