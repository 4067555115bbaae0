import { queryOptions } from '@tanstack/react-query'
import type {
  DepartmentsReportDto,
  DrillFigure,
  RequestListDto,
  WeeklySummaryDto,
} from '../../../shared/api/analytics-contract'
import { get } from '../../lib/api'

export interface PeriodFilter {
  from: string
  to: string
  department?: string
}

export interface DrillFilter extends PeriodFilter {
  figure: DrillFigure
  kind?: 'regular' | 'urgent'
  bin?: number
}

const params = (o: object) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') p.set(k, String(v))
  return p.toString()
}

/** The analytics screens' keys, under `['analytics']`. */
export const analyticsKeys = {
  all: ['analytics'] as const,
  report: (f: PeriodFilter) => [...analyticsKeys.all, 'departments', f] as const,
  requests: (f: DrillFilter) => [...analyticsKeys.all, 'requests', f] as const,
  weekly: () => [...analyticsKeys.all, 'weekly'] as const,
}

export const reportQuery = (f: PeriodFilter) =>
  queryOptions({
    queryKey: analyticsKeys.report(f),
    queryFn: () => get<DepartmentsReportDto>(`/analytics/departments?${params(f)}`),
    staleTime: 60_000,
  })

export const requestsQuery = (f: DrillFilter) =>
  queryOptions({
    queryKey: analyticsKeys.requests(f),
    queryFn: () => get<RequestListDto>(`/analytics/requests?${params(f)}`),
    staleTime: 60_000,
  })

export const weeklyQuery = queryOptions({
  queryKey: analyticsKeys.weekly(),
  queryFn: () => get<WeeklySummaryDto>('/analytics/weekly'),
  staleTime: 5 * 60_000,
})

export const exportUrl = (f: PeriodFilter, format: 'csv' | 'xlsx') =>
  `/api/analytics/departments/export?${params({ ...f, format })}`
