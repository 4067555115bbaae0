import { queryOptions } from '@tanstack/react-query'
import type { CommentDrillFigure, DrillFigure } from '../../../shared/api/analytics-contract'
import { client, read } from '../../lib/api'

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

/** «Все департаменты» is no `department` at all. */
const period = ({ from, to, department }: PeriodFilter) => ({
  from,
  to,
  ...(department ? { department } : {}),
})

/** The analytics screens' keys, under `['analytics']`. */
export const analyticsKeys = {
  all: ['analytics'] as const,
  report: (f: PeriodFilter) => [...analyticsKeys.all, 'departments', f] as const,
  requests: (f: DrillFilter) => [...analyticsKeys.all, 'requests', f] as const,
  weekly: () => [...analyticsKeys.all, 'weekly'] as const,
  comments: (f: PeriodFilter) => [...analyticsKeys.all, 'comments', 'departments', f] as const,
  commentList: (f: CommentDrillFilter) => [...analyticsKeys.all, 'comments', 'list', f] as const,
}

export interface CommentDrillFilter extends PeriodFilter {
  figure: CommentDrillFigure
  kind?: 'comment' | 'commentPriority'
  bin?: number
}

export const commentsReportQuery = (f: PeriodFilter) =>
  queryOptions({
    queryKey: analyticsKeys.comments(f),
    queryFn: () => read(client.analytics.comments.departments.$get({ query: period(f) })),
    staleTime: 60_000,
  })

export const commentListQuery = (f: CommentDrillFilter) =>
  queryOptions({
    queryKey: analyticsKeys.commentList(f),
    queryFn: () =>
      read(
        client.analytics.comments.$get({
          query: { ...period(f), figure: f.figure, kind: f.kind, bin: f.bin },
        }),
      ),
    staleTime: 60_000,
  })

export const reportQuery = (f: PeriodFilter) =>
  queryOptions({
    queryKey: analyticsKeys.report(f),
    queryFn: () => read(client.analytics.departments.$get({ query: period(f) })),
    staleTime: 60_000,
  })

export const requestsQuery = (f: DrillFilter) =>
  queryOptions({
    queryKey: analyticsKeys.requests(f),
    queryFn: () =>
      read(
        client.analytics.requests.$get({
          query: { ...period(f), figure: f.figure, kind: f.kind, bin: f.bin },
        }),
      ),
    staleTime: 60_000,
  })

export const weeklyQuery = queryOptions({
  queryKey: analyticsKeys.weekly(),
  queryFn: () => read(client.analytics.weekly.$get()),
  staleTime: 5 * 60_000,
})

/** The download's address (same-origin: the session cookie goes with it). */
export const exportUrl = (f: PeriodFilter, format: 'csv' | 'xlsx') =>
  client.analytics.departments.export.$url({ query: { ...period(f), format } }).href
