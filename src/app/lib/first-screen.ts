import type { QueryClient, QueryKey } from '@tanstack/react-query'
import {
  FIRST_SCREEN_ELEMENT_ID,
  GOVERNOR_QUEUE_PATHS,
  type FirstReads,
} from '../../shared/first-screen'
import { setServerSkew } from './clock'
import { channelsQuery, departmentsQuery, meQuery, postListQuery } from './queries'

/** The live stream's position when the server made the page's reads, until the stream takes it. */
let resumeFrom: number | null = null

/**
 * Where the first live stream of this page starts: from the moment of the page's own reads,
 * when it came with them (a change made while the page and its code travelled is then replayed,
 * not lost); otherwise from now. Given once: a reconnect resumes from what the stream has seen.
 */
export function takeFirstScreenEventId(): number | null {
  const id = resumeFrom
  resumeFrom = null
  return id
}

/**
 * The answers the page came with (server/first-screen.ts), put in the cache before the first
 * render, which then draws the governor's queue (once its code, which the page names, is here:
 * see main.tsx): no read, no loading text. Whether the page came with them.
 */
export function seedFirstScreen(queryClient: QueryClient): boolean {
  const element = document.getElementById(FIRST_SCREEN_ELEMENT_ID)
  if (!element) return false
  element.remove()
  let data: { serverTime: string; lastEventId: number; reads: FirstReads }
  try {
    data = JSON.parse(element.textContent ?? '')
  } catch {
    return false // the app asks for them itself
  }
  // the server's time against the moment the page arrived, not now (its code has loaded since)
  const navigation = performance.getEntriesByType('navigation')[0] as
    PerformanceNavigationTiming | undefined
  const arrivedAt =
    navigation && navigation.responseStart > 0
      ? performance.timeOrigin + navigation.responseStart
      : Date.now()
  setServerSkew(Date.parse(data.serverTime) - arrivedAt)
  resumeFrom = Number.isSafeInteger(data.lastEventId) ? data.lastEventId : null
  // The API's own answers (the server made them through its routes), under the keys the
  // screens ask with.
  const seed = (key: QueryKey, answer: unknown) => queryClient.setQueryData(key, answer)
  seed(meQuery.queryKey, data.reads.me)
  seed(postListQuery({ state: 'awaitingGovernor' }).queryKey, data.reads.awaiting)
  seed(postListQuery({ state: 'approved' }).queryKey, data.reads.approved)
  seed(departmentsQuery.queryKey, data.reads.departments)
  seed(channelsQuery.queryKey, data.reads.channels)
  // The queue's own address before the first render: the app's redirect from `/` would draw
  // the page twice, the queue only the second time.
  if (location.pathname !== GOVERNOR_QUEUE_PATHS[0])
    history.replaceState(
      history.state,
      '',
      GOVERNOR_QUEUE_PATHS[0] + location.search + location.hash,
    )
  return true
}
