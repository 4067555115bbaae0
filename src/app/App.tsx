import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Suspense,
  createElement,
  lazy,
  memo,
  useDeferredValue,
  useEffect,
  useState,
  type ComponentType,
} from 'react'
import { Redirect, Route, Switch } from 'wouter'
import type { UserDto } from '../shared/api/contract'
import { ErrorBoundary } from './components/ErrorBoundary'
import { Layout } from './components/Layout'
import { Toasts } from './components/Toasts'
import { claimDevice } from './lib/device'
import { useLiveUpdates } from './lib/live'
import { meQuery } from './lib/queries'

// Each role's screens are their own chunks: the governor's tablet never downloads the dashboard,
// and a person signed in never downloads the sign-in form.
const SignInPage = lazy(() =>
  import('./features/auth/SignInPage').then((m) => ({ default: m.SignInPage })),
)
const EditorDashboard = lazy(() => import('./features/dashboard/EditorDashboard'))
const NewRequestPage = lazy(() => import('./features/requests/NewRequestPage'))
const EditorPostPage = lazy(() => import('./features/post/EditorPostPage'))
const DepartmentInbox = lazy(() => import('./features/inbox/DepartmentInbox'))
const DepartmentPostPage = lazy(() => import('./features/inbox/DepartmentPostPage'))
const DepartmentComments = lazy(() => import('./features/comments/DepartmentComments'))
const CommentAnswerPage = lazy(() => import('./features/comments/CommentAnswerPage'))
const SmcComments = lazy(() => import('./features/comments/SmcComments'))
const CommentReviewPage = lazy(() => import('./features/comments/CommentReviewPage'))
const GovernorQueue = preloadable(() => import('./features/review/GovernorQueue'))
const GovernorReview = lazy(() => import('./features/review/GovernorReview'))
const UrgentInstruction = lazy(() => import('./features/review/UrgentInstruction'))
const GovernorPublished = lazy(() => import('./features/review/GovernorPublished'))
const GovernorInstructions = lazy(() => import('./features/review/GovernorInstructions'))
const AdminPage = lazy(() => import('./features/admin/AdminPage'))
const DemoChannelsPage = lazy(() => import('./features/demo-channels/DemoChannelsPage'))
const AnalyticsPage = lazy(() => import('./features/analytics/AnalyticsPage'))
const WeeklySummary = lazy(() => import('./features/analytics/WeeklySummary'))
const NotificationSettingsPage = lazy(
  () => import('./features/notifications/NotificationSettingsPage'),
)

/**
 * A lazy screen that can be fetched ahead: once `preload` has resolved, it renders at once.
 * (`lazy` alone suspends on its first render even when the code is already here, and the first
 * paint would be the loading text.)
 */
function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null
  const Lazy = lazy(load)
  const Screen = (props: P) => createElement(loaded ?? Lazy, props)
  Screen.preload = () =>
    load().then((m) => {
      loaded = m.default
    })
  return Screen
}

/** The governor's queue, when its data came inside the page (lib/first-screen.ts). */
export const preloadGovernorQueue = () => GovernorQueue.preload()

export function App() {
  const session = useQuery(meQuery)
  const queryClient = useQueryClient()
  // A session that ended, or another person: what this browser kept for the last one goes.
  // Only the server's answer since this page opened counts, never the «who» restored from the
  // device's cache: a stale «nobody» from before the sign-in would wipe the person's drafts.
  const [openedAt] = useState(() => Date.now())
  const answered = session.dataUpdatedAt >= openedAt && session.data !== undefined
  const signedIn = answered ? (session.data?.user?.id ?? null) : undefined
  useEffect(() => {
    if (signedIn !== undefined) claimDevice(queryClient, signedIn)
  }, [queryClient, signedIn])
  // Who is signed in changes the whole screen: that render may yield to the browser (a
  // transition), so a slow tablet never freezes on it. The three move together; the screen is
  // memoised, so the urgent render that still holds the old values stops here.
  const data = useDeferredValue(session.data)
  const isPending = useDeferredValue(session.isPending)
  const error = useDeferredValue(session.error)
  return <Screen data={data} isPending={isPending} error={error} />
}

const Screen = memo(function Screen({
  data,
  isPending,
  error,
}: {
  data: { user: UserDto | null; demo?: boolean } | null | undefined
  isPending: boolean
  error: Error | null
}) {
  const me = data?.user ?? null
  useLiveUpdates(me)

  if (isPending) return <Splash />
  if (error) return <Splash text={`Сервер недоступен: ${error.message}`} />
  if (!me) {
    return (
      <>
        <ErrorBoundary>
          <Suspense fallback={<Splash />}>
            <SignInPage />
          </Suspense>
        </ErrorBoundary>
        <Toasts />
      </>
    )
  }
  return (
    <Layout me={me} demo={data?.demo ?? false}>
      <ErrorBoundary>
        <Suspense fallback={<Splash />}>
          <RoleRoutes me={me} />
        </Suspense>
      </ErrorBoundary>
    </Layout>
  )
})

function RoleRoutes({ me }: { me: UserDto }) {
  switch (me.role) {
    case 'editor':
      return (
        <Switch>
          <Route path="/dashboard">{() => <EditorDashboard />}</Route>
          <Route path="/requests/new">{() => <NewRequestPage />}</Route>
          <Route path="/analytics">{() => <AnalyticsPage me={me} />}</Route>
          <Route path="/posts/:id">{(p) => <EditorPostPage id={p.id} me={me} />}</Route>
          <Route path="/comments">{() => <SmcComments me={me} />}</Route>
          <Route path="/comments/:id">{(p) => <CommentReviewPage id={p.id} me={me} />}</Route>
          <Route path="/demo-channels">{() => <DemoChannelsPage />}</Route>
          <Route path="/notifications/settings">{() => <NotificationSettingsPage />}</Route>
          <Route>{() => <Redirect to="/dashboard" replace />}</Route>
        </Switch>
      )
    case 'department':
      return (
        <Switch>
          <Route path="/inbox">{() => <DepartmentInbox me={me} />}</Route>
          <Route path="/posts/:id">{(p) => <DepartmentPostPage id={p.id} me={me} />}</Route>
          <Route path="/comments">{() => <DepartmentComments me={me} />}</Route>
          <Route path="/comments/:id">{(p) => <CommentAnswerPage id={p.id} me={me} />}</Route>
          <Route path="/notifications/settings">{() => <NotificationSettingsPage />}</Route>
          <Route>{() => <Redirect to="/inbox" replace />}</Route>
        </Switch>
      )
    case 'governor':
      return (
        <Switch>
          <Route path="/review">{() => <GovernorQueue />}</Route>
          <Route path="/instruction">{() => <UrgentInstruction />}</Route>
          <Route path="/published">{() => <GovernorPublished />}</Route>
          <Route path="/instructions">{() => <GovernorInstructions />}</Route>
          <Route path="/week">{() => <WeeklySummary />}</Route>
          <Route path="/posts/:id">{(p) => <GovernorReview id={p.id} me={me} />}</Route>
          <Route path="/demo-channels">{() => <DemoChannelsPage />}</Route>
          <Route path="/notifications/settings">{() => <NotificationSettingsPage />}</Route>
          <Route>{() => <Redirect to="/review" replace />}</Route>
        </Switch>
      )
    case 'admin':
      return (
        <Switch>
          <Route path="/demo-channels">{() => <DemoChannelsPage />}</Route>
          <Route path="/analytics">{() => <AnalyticsPage me={me} />}</Route>
          <Route path="/comments">{() => <SmcComments me={me} />}</Route>
          <Route path="/comments/:id">{(p) => <CommentReviewPage id={p.id} me={me} />}</Route>
          <Route path="/admin/:tab?">{(p) => <AdminPage tab={p.tab} me={me} />}</Route>
          <Route>{() => <Redirect to="/admin" replace />}</Route>
        </Switch>
      )
  }
}

export function Splash({ text = 'Загрузка…' }: { text?: string }) {
  return (
    <div className="flex min-h-[50vh] items-center justify-center text-slate-600" role="status">
      {text}
    </div>
  )
}
