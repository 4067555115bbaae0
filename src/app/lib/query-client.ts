import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api'
import { configurePostEvents } from './offline'

/** The app's query client: caching rules, and how post events are sent (also offline). */
export function createQueryClient(options: { retryQueries?: boolean } = {}) {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // a 4xx will not get better by asking again
        retry:
          options.retryQueries === false
            ? false
            : (count, e) => !(e instanceof ApiError && e.status < 500) && count < 3,
        // kept for the offline cache: a day's worth of what was seen
        gcTime: 24 * 3_600_000,
      },
    },
  })
  configurePostEvents(queryClient)
  return queryClient
}
