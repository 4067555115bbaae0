import { z } from 'zod'
import type {
  DistributionBin,
  Figures,
  Outcome,
  ResponseUnit,
  TrendBucket,
} from '../../domain/analytics/figures'
import type { WorkKind } from '../../domain/analytics/facts'

/** The longest period one report covers: three years of history. */
export const MAX_PERIOD_DAYS = 1100

const isoDay = z.iso
  .date({ message: 'Дата в формате ГГГГ-ММ-ДД' })
  .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'Дата вне 2000–2100 годов')
const departmentId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/, 'Неизвестный департамент')

const dayNumber = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10))

/** `from` and `to` are days in the region, both included. */
export const periodQuerySchema = z
  .object({ from: isoDay, to: isoDay, department: departmentId.optional() })
  .refine((q) => q.from <= q.to, { message: 'Начало периода позже конца', path: ['from'] })
  .refine((q) => (dayNumber(q.to) - dayNumber(q.from)) / 86_400_000 < MAX_PERIOD_DAYS, {
    message: 'Период длиннее трёх лет',
    path: ['to'],
  })

export const drillFigures = [
  'received',
  'onTime',
  'late',
  'open',
  'withdrawn',
  'returned',
  'answered',
] as const
export type DrillFigure = (typeof drillFigures)[number]

/** The requests behind a figure: the same period and department, one figure, optionally one bar. */
export const drillQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    department: departmentId.optional(),
    figure: z.enum(drillFigures).default('received'),
    kind: z.enum(['regular', 'urgent']).optional(),
    /** A bar of the response-time distribution (with `kind`). */
    bin: z.coerce.number().int().min(0).max(20).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'Начало периода позже конца', path: ['from'] })
  .refine((q) => (dayNumber(q.to) - dayNumber(q.from)) / 86_400_000 < MAX_PERIOD_DAYS, {
    message: 'Период длиннее трёх лет',
    path: ['to'],
  })

export const exportFormats = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const exportQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    department: departmentId.optional(),
    format: z.enum(exportFormats, { message: 'Формат: csv или xlsx' }),
  })
  .refine((q) => q.from <= q.to, { message: 'Начало периода позже конца', path: ['from'] })
  .refine((q) => (dayNumber(q.to) - dayNumber(q.from)) / 86_400_000 < MAX_PERIOD_DAYS, {
    message: 'Период длиннее трёх лет',
    path: ['to'],
  })

export type PeriodQuery = z.infer<typeof periodQuerySchema>
export type DrillQuery = z.infer<typeof drillQuerySchema>

/** Which working calendar the figures were computed with: it is printed in every export. */
export interface CalendarVersionDto {
  revision: number
  /** Years of the period whose production calendar is statutory only (not confirmed). */
  provisionalYears: number[]
  /** «редакция 4, 2027 — предварительный год (…)» */
  label: string
}

export type FiguresDto = Figures

export interface DepartmentRowDto {
  departmentId: string
  name: string
  shortName: string
  figures: FiguresDto
}

export interface DistributionDto {
  unit: ResponseUnit
  bins: DistributionBin[]
}

export interface DepartmentsReportDto {
  period: { from: string; to: string }
  /** The instant outcomes are computed at (the server's now). */
  asOf: string
  calendar: CalendarVersionDto
  /** One row per department in scope; a department contact gets only its own. */
  departments: DepartmentRowDto[]
  total: FiguresDto
  trend: { week: TrendBucket[]; month: TrendBucket[] }
  distribution: Record<WorkKind, DistributionDto>
}

/** One request behind a figure. */
export interface RequestRowDto {
  postId: string
  title: string
  departmentId: string
  departmentName: string
  kind: WorkKind
  receivedAt: string
  dueAt: string
  firstAnsweredAt: string | null
  outcome: Outcome
  responseHours: number | null
  responseUnit: ResponseUnit
  returns: number
  returnReasons: string[]
  provisional: boolean
}

export interface RequestListDto {
  period: { from: string; to: string }
  calendar: CalendarVersionDto
  items: RequestRowDto[]
}

export interface WeeklySummaryRowDto {
  departmentId: string
  shortName: string
  received: number
  onTime: number
  late: number
  onTimeRate: number
}

/** The governor's tablet: last week's three best and three worst departments. */
export interface WeeklySummaryDto {
  period: { from: string; to: string }
  best: WeeklySummaryRowDto[]
  worst: WeeklySummaryRowDto[]
  /** Departments that had requests decided that week. */
  ranked: number
}
