/**
 * The governor's first screen, his queue, comes with its data inside the page (issue 11: a
 * throttled tablet drew the queue only after the app's code had run, asked for the lists and
 * fetched the screen's code; LCP 2.5 s). The server answers these reads as the API would and
 * writes the answers into the page; the app puts them in its cache before its first render,
 * so that render is the queue. One list for both sides, so the two cannot drift.
 */
export const GOVERNOR_FIRST_READS = {
  me: '/api/me',
  awaiting: '/api/posts?state=awaitingGovernor&pageSize=200',
  approved: '/api/posts?state=approved&pageSize=200',
  departments: '/api/departments',
  channels: '/api/channels',
} as const

export type FirstReads = { [K in keyof typeof GOVERNOR_FIRST_READS]: unknown }

/** The paths that open the governor's queue; the first is its address. */
export const GOVERNOR_QUEUE_PATHS = ['/review', '/']

/** The `<script type="application/json">` element that carries the answers. */
export const FIRST_SCREEN_ELEMENT_ID = 'viza-first-screen'

/** The source file of the queue's screen, as the build's manifest names its chunk. */
export const GOVERNOR_QUEUE_MODULE = 'src/app/features/review/GovernorQueue.tsx'
