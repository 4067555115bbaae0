import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { PostDetailDto } from '../../shared/api/contract'
import { client, read } from '../lib/api'
import { applyEventAnswer } from '../lib/offline'
import { keys } from '../lib/queries'
import { ErrorNote } from './ErrorNote'

/**
 * The post's images: thumbnails, removal where the machine allows it, and upload (JPEG, PNG,
 * WebP up to 10 MB). Each change is a new content version, so the governor's approval covers it.
 */
export function MediaPanel({
  detail,
  canAttach,
  canDetach,
}: {
  detail: PostDetailDto
  canAttach: boolean
  canDetach: boolean
}) {
  const queryClient = useQueryClient()
  const id = useId()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  // Removing a photo asks first: a slip of a finger on the tablet must not lose it.
  const [confirming, setConfirming] = useState<string | null>(null)
  const media = detail.context.media ?? []
  if (!canAttach && media.length === 0) return null

  const run = async (fn: () => Promise<PostDetailDto | undefined>) => {
    setBusy(true)
    setError(null)
    try {
      const updated = await fn()
      if (updated) queryClient.setQueryData(keys.postDetail(detail.id), updated)
      void queryClient.invalidateQueries({ queryKey: keys.postLists() })
    } catch (e) {
      setError(e)
      void queryClient.invalidateQueries({ queryKey: keys.postDetail(detail.id) })
    } finally {
      setBusy(false)
    }
  }
  const upload = async (files: FileList) => {
    let version = detail.version
    for (const file of Array.from(files)) {
      await run(async () => {
        const updated = await read(
          client.posts[':id'].media.$post({
            param: { id: detail.id },
            form: { file, expectedVersion: String(version) },
            // a custom header, which the server's CSRF guard asks of uploads
            header: { 'x-viza-upload': '1' },
          }),
        )
        version = updated.version
        return updated
      })
    }
  }

  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold">Фото ({media.length})</h3>
      {media.length > 0 && (
        <ul className="flex flex-wrap gap-3">
          {media.map((m) => (
            <li key={m.id} className="relative">
              <img
                src={client.media[':id'].$url({ param: { id: m.id } }).href}
                alt={m.name}
                className="h-28 w-28 rounded-lg object-cover ring-1 ring-slate-200"
                loading="lazy"
              />
              {canDetach && confirming !== m.id && (
                <button
                  type="button"
                  className="absolute top-1 right-1 min-h-11 min-w-11 rounded-full bg-white/90 text-lg font-semibold text-red-700 ring-1 ring-red-300"
                  aria-label={`Убрать фото ${m.name}`}
                  disabled={busy}
                  onClick={() => setConfirming(m.id)}
                >
                  ×
                </button>
              )}
              {canDetach && confirming === m.id && (
                <div
                  role="group"
                  aria-label={`Убрать фото ${m.name}?`}
                  className="mt-2 flex flex-col gap-1"
                >
                  <button
                    type="button"
                    className="btn-danger min-h-11"
                    disabled={busy}
                    onClick={() => {
                      setConfirming(null)
                      void run(async () => {
                        // an event answers with the new state only: patch, then refetch
                        const answer = await read(
                          client.posts[':id'].events.$post({
                            param: { id: detail.id },
                            json: {
                              type: 'DETACH_MEDIA',
                              mediaId: m.id,
                              expectedVersion: detail.version,
                            },
                          }),
                        )
                        applyEventAnswer(queryClient, answer)
                        return undefined
                      })
                    }}
                  >
                    Убрать
                  </button>
                  <button
                    type="button"
                    className="btn-secondary min-h-11"
                    onClick={() => setConfirming(null)}
                  >
                    Оставить
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAttach && (
        <div>
          <label htmlFor={id} className="label">
            Добавить фото (JPEG, PNG, WebP, до 10 МБ)
          </label>
          <input
            id={id}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            disabled={busy}
            className="block text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-brand-50 file:px-4 file:font-semibold file:text-brand-800"
            onChange={(e) => {
              if (e.target.files?.length) void upload(e.target.files)
              e.target.value = ''
            }}
          />
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  )
}
