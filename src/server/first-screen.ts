/**
 * The governor's first reads, named in the page that starts the app. Without them the tablet
 * asks for his queue's lists only once the app's code has run and loaded the queue's screen;
 * with them (`preload as=fetch`, the very URLs the app asks for) the lists come down beside the
 * app's code. `npm run bench:lighthouse`, median of 3: LCP 2.44 s without, 2.24 s with.
 * Naming the queue's code too (`modulepreload`) made it worse on the throttled link (FCP 1.5 →
 * 1.8 s, LCP 2.49 s): it takes bandwidth from the app's own code, which paints first.
 *
 * Only for a signed-in governor opening his queue: the other roles work on desktops, and a
 * wrong guess costs a download nobody uses. The e2e suite checks that every hint is used and
 * that the queue reads nothing unhinted (tests/e2e/first-screen.spec.ts): a URL that drifted
 * from the app's would show as a second request.
 */
import type { UserRole } from '../domain/roles'

const GOVERNOR_QUEUE = {
  paths: ['/', '/review'],
  // as app/lib/queries.ts asks for them (postListQuery adds pageSize; departmentsQuery)
  reads: [
    '/api/posts?state=awaitingGovernor&pageSize=200',
    '/api/posts?state=approved&pageSize=200',
    '/api/departments',
  ],
}

const GOVERNOR_HINTS = GOVERNOR_QUEUE.reads
  .map((url) => `<link rel="preload" href="${url}" as="fetch" crossorigin />`)
  .join('\n    ')

/** The `<link>` tags to add to the shell for this person at this path (none most of the time). */
export function firstScreenHints(role: UserRole | null, path: string): string {
  return role === 'governor' && GOVERNOR_QUEUE.paths.includes(path) ? GOVERNOR_HINTS : ''
}
