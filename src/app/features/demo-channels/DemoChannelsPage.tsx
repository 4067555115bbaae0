import { queryOptions, useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { Link } from 'wouter'
import { channelLabels, sendingChannels } from '../../../domain/channels'
import { parseMarkup, renderPlain, type Segment } from '../../../domain/publishing/format'
import type { DemoChannelPostDto } from '../../../shared/api/contract'
import { client, read } from '../../lib/api'
import { formatFull } from '../../lib/format'
import { demoChannelsQuery, keys } from '../../lib/queries'
import type { DemoCommentReplyDto } from '../../../shared/api/responses'

/**
 * What each built-in demo channel received: the demo database's stand-in for the governor's
 * Telegram and MAX channels, VK and OK pages. Each post is shown as that channel would show it.
 */
export default function DemoChannelsPage() {
  const { data, isPending, error } = useQuery(demoChannelsQuery)
  const { data: replies } = useQuery(demoRepliesQuery)
  // A link from a publication or a reply points at one item: bring it into view once it is here.
  useEffect(() => {
    if (!data || !location.hash) return
    document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'center' })
  }, [data, replies])
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <p role="alert">{error.message}</p>
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Демо-каналы</h1>
        <p className="text-slate-700">
          Это учебные каналы демо-режима: сюда попадают посты вместо настоящих Telegram, ВКонтакте,
          Одноклассников и MAX. Настоящие каналы подключает администратор системы.
        </p>
      </div>
      <div className="grid gap-5 md:grid-cols-2 xl:grid-cols-4">
        {sendingChannels.map((channel) => {
          const items = data.filter((p) => p.channel === channel)
          return (
            <section
              key={channel}
              id={channel}
              aria-label={`${channelLabels[channel]}, демо-канал`}
              className="space-y-3"
            >
              <h2 className="text-lg font-semibold">
                {channelLabels[channel]}{' '}
                <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950 ring-1 ring-amber-300">
                  демо-канал
                </span>
              </h2>
              {items.length === 0 ? (
                <p className="text-sm text-slate-600">
                  Постов пока нет. Опубликованные посты появятся здесь сразу.
                </p>
              ) : (
                <ol className="space-y-3">
                  {items.map((p) => (
                    <DemoPost key={p.id} post={p} />
                  ))}
                </ol>
              )}
              {(channel === 'vk' || channel === 'ok') && (
                <Replies items={(replies ?? []).filter((r) => r.network === channel)} />
              )}
            </section>
          )
        })}
      </div>
    </div>
  )
}

/** Replies Viza posted on the demo VK and OK pages, under the comments they answer. */
const demoRepliesQuery = queryOptions({
  queryKey: [...keys.demoChannels, 'replies'] as const,
  queryFn: () => read(client['demo-channels'].replies.$get()),
  select: (d) => d.items,
})

/** The governor's replies on a demo page, each under the citizen's comment it answers. */
function Replies({ items }: { items: DemoCommentReplyDto[] }) {
  if (items.length === 0) return null
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">Ответы на комментарии</h3>
      <ol className="space-y-3">
        {items.map((r) => (
          <li
            key={r.id}
            id={`demo-reply-${r.id}`}
            className="card space-y-2 p-4 text-sm target:ring-2 target:ring-brand-600"
          >
            {r.postText && <p className="text-xs text-slate-600">Под постом «{r.postText}»</p>}
            <p>
              <span className="font-semibold">{r.authorName || 'Житель'}:</span> {r.commentText}
            </p>
            <div className="ml-4 border-l-4 border-brand-600 pl-3">
              <p className="text-xs text-slate-600">
                Ответ от страницы губернатора · {formatFull(r.at)}
              </p>
              <p className="whitespace-pre-wrap">{r.text}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}

function DemoPost({ post }: { post: DemoChannelPostDto }) {
  return (
    <li
      id={`demo-post-${post.id}`}
      className="card space-y-2 p-4 target:ring-2 target:ring-brand-600"
    >
      <div className="text-xs text-slate-600">
        {formatFull(post.at)} ·{' '}
        <Link href={`/posts/${post.postId}`} className="text-brand-700 underline">
          {post.postTitle || 'пост'}
        </Link>
      </div>
      {post.images.length > 0 && (
        <ul className="flex flex-wrap gap-2">
          {post.images.map((i) => (
            <li key={i.id}>
              <img
                src={client.media[':id'].$url({ param: { id: i.id } }).href}
                alt={i.name}
                className="h-24 w-24 rounded object-cover ring-1 ring-slate-200"
              />
            </li>
          ))}
        </ul>
      )}
      {post.channel === 'telegram' || post.channel === 'max' ? (
        <p className="whitespace-pre-wrap">
          <Rendered segments={parseMarkup(post.text)} />
        </p>
      ) : (
        <p className="whitespace-pre-wrap">{renderPlain(parseMarkup(post.text))}</p>
      )}
    </li>
  )
}

/** Telegram's and MAX's formatting, as React elements (never as HTML). */
function Rendered({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => {
        switch (s.kind) {
          case 'text':
            return <span key={i}>{s.text}</span>
          case 'bold':
            return <strong key={i}>{s.text}</strong>
          case 'italic':
            return <em key={i}>{s.text}</em>
          case 'link':
            return (
              <a
                key={i}
                href={s.url}
                className="text-brand-700 underline"
                target="_blank"
                rel="noreferrer"
              >
                {s.text}
              </a>
            )
        }
      })}
    </>
  )
}
