import { z } from 'zod'

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

export type DrillQuery = z.infer<typeof drillQuerySchema>

export const commentDrillFigures = [
  'received',
  'onTime',
  'late',
  'open',
  'withdrawn',
  'answered',
  'interim',
  'final',
  'overdue',
  'overridden',
  'returned',
] as const
export type CommentDrillFigure = (typeof commentDrillFigures)[number]

/** The comments behind a figure of the comments report: one figure, optionally one bar. */
export const commentDrillQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    department: departmentId.optional(),
    figure: z.enum(commentDrillFigures).default('received'),
    kind: z.enum(['comment', 'commentPriority']).optional(),
    /** A bar of the response-time distribution (with `kind`). */
    bin: z.coerce.number().int().min(0).max(20).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'Начало периода позже конца', path: ['from'] })
  .refine((q) => (dayNumber(q.to) - dayNumber(q.from)) / 86_400_000 < MAX_PERIOD_DAYS, {
    message: 'Период длиннее трёх лет',
    path: ['to'],
  })
export type CommentDrillQuery = z.infer<typeof commentDrillQuerySchema>

// The answers (report, drill-down, weekly summary) are in `responses.ts`; their types here.
export type {
  CalendarVersionDto,
  CommentFiguresDto,
  CommentListDto,
  CommentRowDto,
  CommentsReportDto,
  DepartmentRowDto,
  DepartmentsReportDto,
  DistributionDto,
  FiguresDto,
  RequestListDto,
  RequestRowDto,
  WeeklySummaryDto,
  WeeklySummaryRowDto,
} from './responses'
