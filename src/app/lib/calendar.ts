import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { WorkingCalendar } from '../../domain/calendar/working-calendar'
import { createPostMachine, type PostMachine } from '../../domain/post-lifecycle/machine'
import { lifecycleDepsFor } from '../../domain/post-lifecycle/lifecycle'
import { calendarQuery } from './queries'

/** The same working calendar and post machine as the server, built from the server's settings. */
export function useCalendar(): { calendar: WorkingCalendar; machine: PostMachine } | null {
  const { data } = useQuery(calendarQuery)
  return useMemo(() => {
    if (!data) return null
    const calendar = new WorkingCalendar(data.settings)
    return { calendar, machine: createPostMachine(lifecycleDepsFor(calendar)) }
  }, [data])
}
