import { useQuery, useQueryClient } from '@tanstack/react-query'
import { memo, useDeferredValue, useEffect } from 'react'
import { Link } from 'wouter'
import type { PostListDto, PostSummaryDto } from '../../../shared/api/contract'
import { Countdown } from '../../components/Countdown'
import { UrgentBadge } from '../../components/Badges'
import { useDepartmentName } from '../../lib/departments'
import { Elapsed } from '../../components/Elapsed'
import { useWaitingPosts } from '../../lib/offline'
import { postDetailQuery, postListQuery } from '../../lib/queries'

/** The governor's short queue on the tablet: what waits for him, biggest targets first. */
export default function GovernorQueue() {
  const queue = useQuery(postListQuery({ state: 'awaitingGovernor' }))
  const approved = useQuery(postListQuery({ state: 'approved' }))
  // Every post in his queue is fetched ahead, so it opens on a plane too (the cache persists).
  const queryClient = useQueryClient()
  useEffect(() => {
    for (const p of queue.data?.items ?? []) void queryClient.prefetchQuery(postDetailQuery(p.id))
  }, [queue.data, queryClient])
  // The lists are drawn in renders that may yield to the browser (transitions): on a slow
  // tablet a tap during them is answered at once (Lighthouse's TBT, issue 11). The view is
  // memoised, so the urgent render that still holds the old lists stops here.
  const data = useDeferredValue(queue.data)
  const isPending = useDeferredValue(queue.isPending)
  const error = useDeferredValue(queue.error)
  const approvedData = useDeferredValue(approved.data)
  return <QueueView data={data} isPending={isPending} error={error} approved={approvedData} />
}

const QueueView = memo(function QueueView({
  data,
  isPending,
  error,
  approved,
}: {
  data: PostListDto | undefined
  isPending: boolean
  error: Error | null
  approved: PostListDto | undefined
}) {
  const depName = useDepartmentName()
  const items = [...(data?.items ?? [])].sort((a, b) =>
    (a.awaitingGovernorSince ?? '').localeCompare(b.awaitingGovernorSince ?? ''),
  )
  const waiting = useWaitingPosts()

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-bold">На утверждение</h1>
      </div>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && items.length === 0 && (
        <p className="card p-6 text-lg text-slate-700">Всё утверждено. Новых постов нет.</p>
      )}
      <ul className="space-y-4">
        {items.map((p) => (
          <li key={p.id}>
            <Link
              href={`/posts/${p.id}`}
              className="card block space-y-2 p-5 hover:ring-2 hover:ring-brand-600"
            >
              <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
                <span>{depName(p.departmentId)}</span>
                {p.urgent && <UrgentBadge />}
                {waiting.has(p.id) && (
                  <span className="rounded-full bg-sky-100 px-2.5 py-0.5 text-xs font-semibold text-sky-900">
                    ждёт отправки
                  </span>
                )}
              </div>
              <h2 className="text-xl font-semibold text-slate-900">{p.title}</h2>
              <div className="flex flex-wrap items-center gap-4 text-base">
                {p.awaitingGovernorSince && <WaitedFor since={p.awaitingGovernorSince} />}
                <PlannedClock post={p} />
              </div>
            </Link>
          </li>
        ))}
      </ul>
      {approved && approved.items.length > 0 && (
        <section aria-labelledby="approved" className="space-y-2">
          <h2 id="approved" className="text-lg font-semibold text-slate-700">
            Утверждены, ждут публикации
          </h2>
          <ul className="card divide-y divide-slate-100">
            {approved.items.map((p) => (
              <li key={p.id}>
                <Link
                  href={`/posts/${p.id}`}
                  className="flex min-h-12 items-center px-4 py-3 text-base"
                >
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
})

function WaitedFor({ since }: { since: string }) {
  return (
    <Elapsed since={since} className="rounded-full bg-amber-100 px-3 py-1 text-amber-950">
      {(words) => `ждёт ${words}`}
    </Elapsed>
  )
}

function PlannedClock({ post }: { post: PostSummaryDto }) {
  if (!post.plannedAt) return null
  return (
    <Countdown
      dueAt={post.plannedAt}
      unit="hours"
      calendar={null}
      purpose="до плановой публикации"
    />
  )
}
