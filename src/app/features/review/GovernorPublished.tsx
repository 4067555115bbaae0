import { useQuery } from '@tanstack/react-query'
import { Link } from 'wouter'
import type { Channel } from '../../../domain/channels'
import { ChannelName } from '../../components/ChannelName'
import { useDepartmentName } from '../../lib/departments'
import { formatFull } from '../../lib/format'
import { postListQuery } from '../../lib/queries'
import { linkLabel } from '../../lib/links'

/** The governor's approved posts that went out: where, when, and the link to each. */
export default function GovernorPublished() {
  const { data, isPending, error } = useQuery(postListQuery({ state: 'published' }))
  const depName = useDepartmentName()
  const items = [...(data?.items ?? [])].sort((a, b) =>
    (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''),
  )
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-3xl font-bold">Опубликовано</h1>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && items.length === 0 && (
        <p className="card p-6 text-lg text-slate-700">
          Опубликованных постов пока нет. Утверждённые вами посты появятся здесь со ссылками.
        </p>
      )}
      <ul className="space-y-4">
        {items.map((p) => (
          <li key={p.id} className="card space-y-2 p-5">
            <div className="text-sm text-slate-600">
              {depName(p.departmentId)}
              {p.publishedAt && <> · опубликован {formatFull(p.publishedAt)}</>}
            </div>
            <h2 className="text-xl font-semibold">
              <Link href={`/posts/${p.id}`} className="inline-flex min-h-11 items-center">
                {p.title}
              </Link>
            </h2>
            <ul className="flex flex-wrap gap-2" aria-label="Ссылки на пост">
              {p.links.map((l) => (
                <li key={l.url}>
                  <a
                    href={l.url}
                    target="_blank"
                    rel="noreferrer"
                    className="inline-flex min-h-11 items-center gap-2 rounded-lg px-3 ring-1 ring-slate-300 hover:bg-slate-50"
                  >
                    <ChannelName channel={l.channel as Channel} />
                    <span className="text-sm text-brand-700 underline">{linkLabel(l.url)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  )
}
