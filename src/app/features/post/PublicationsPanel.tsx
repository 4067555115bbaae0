import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { channelLabels } from '../../../domain/channels'
import type { PostDetailDto, PublicationDto } from '../../../shared/api/contract'
import { ErrorNote } from '../../components/ErrorNote'
import { Section } from '../../components/Section'
import { client, read } from '../../lib/api'
import { formatDeadline } from '../../lib/format'
import { keys } from '../../lib/queries'
import { ChannelName } from '../../components/ChannelName'
import { linkLabel } from '../../lib/links'

const stateText: Record<PublicationDto['state'], string> = {
  queued: 'в очереди',
  sending: 'отправляется…',
  sent: 'опубликовано',
  failed: 'не отправлено',
  unknown: 'неизвестно — проверьте канал',
  manual: 'публикуется вручную',
}
const stateTone: Record<PublicationDto['state'], string> = {
  queued: 'bg-slate-100 text-slate-800',
  sending: 'bg-sky-100 text-sky-900',
  sent: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  unknown: 'bg-amber-100 text-amber-950',
  manual: 'bg-violet-100 text-violet-900',
}

/** The publication ledger: one line per channel, with what a person can safely do about it. */
export function PublicationsPanel({ detail }: { detail: PostDetailDto }) {
  if (detail.publications.length === 0) return null
  return (
    <Section title="Публикация по каналам">
      <ul className="space-y-3">
        {detail.publications.map((p) => (
          <PublicationRow key={p.id} postId={detail.id} p={p} />
        ))}
      </ul>
    </Section>
  )
}

function PublicationRow({ postId, p }: { postId: string; p: PublicationDto }) {
  const queryClient = useQueryClient()
  const [url, setUrl] = useState('')
  const act = useMutation({
    mutationFn: (input: { sent: boolean; url?: string } | 'retry') => {
      const param = { id: postId, pid: String(p.id) }
      const publication = client.posts[':id'].publications[':pid']
      return read(
        input === 'retry'
          ? publication.retry.$post({ param })
          : publication.confirm.$post({ param, json: input }),
      )
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.postDetail(postId), updated)
      void queryClient.invalidateQueries({ queryKey: keys.postLists() })
    },
  })
  const needsPerson = p.state === 'unknown' || p.state === 'manual' || p.state === 'failed'
  return (
    <li
      className="rounded-lg p-3 ring-1 ring-slate-200"
      aria-label={`${channelLabels[p.channel]}: ${stateText[p.state]}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">
          <ChannelName channel={p.channel} mode={p.mode} />
        </span>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${stateTone[p.state]}`}>
          {stateText[p.state]}
        </span>
        {p.attempts > 1 && <span className="text-xs text-slate-600">попыток: {p.attempts}</span>}
        {p.state === 'queued' && p.nextAttemptAt && (
          <span className="text-xs text-slate-600">
            следующая попытка {formatDeadline(p.nextAttemptAt)}
          </span>
        )}
        {p.url && (
          <a
            className="ml-auto text-sm text-brand-700 underline"
            href={p.url}
            target="_blank"
            rel="noreferrer"
          >
            {linkLabel(p.url)}
          </a>
        )}
      </div>
      {p.error && p.state !== 'sent' && <p className="mt-1 text-sm text-red-800">{p.error}</p>}
      {p.state === 'unknown' && (
        <p className="mt-1 text-sm">
          Запрос мог дойти до канала. Проверьте канал
          {p.channelUrl && (
            <>
              {' '}
              (
              <a
                className="text-brand-700 underline"
                href={p.channelUrl}
                target="_blank"
                rel="noreferrer"
              >
                открыть
              </a>
              )
            </>
          )}
          , есть ли там пост, — повторять вслепую нельзя, чтобы не опубликовать дважды.
        </p>
      )}
      {needsPerson && (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            act.mutate({ sent: true, url })
          }}
        >
          <div className="min-w-64 flex-1">
            <label htmlFor={`pub-url-${p.id}`} className="label">
              Ссылка на пост в канале «{channelLabels[p.channel]}»
            </label>
            <input
              id={`pub-url-${p.id}`}
              type="url"
              required
              className="field"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://…"
            />
          </div>
          <button type="submit" className="btn-success" disabled={act.isPending}>
            Пост опубликован
          </button>
          {p.state === 'unknown' && p.configured && (
            <button
              type="button"
              className="btn-secondary"
              disabled={act.isPending}
              onClick={() => act.mutate({ sent: false })}
            >
              Поста нет — отправить снова
            </button>
          )}
          {p.canRetry && (
            <button
              type="button"
              className="btn-secondary"
              disabled={act.isPending}
              onClick={() => act.mutate('retry')}
            >
              Повторить
            </button>
          )}
        </form>
      )}
      <ErrorNote error={act.error} />
    </li>
  )
}
