import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { personLabel } from '../../domain/roles'
import type { PostDetailDto } from '../../shared/api/contract'
import { formatFull } from '../lib/format'
import { postVersionQuery } from '../lib/queries'
import { Section } from './Section'
import { WordDiff } from './WordDiff'

/** Every text version, and a word diff between any two. */
export function VersionsPanel({ post }: { post: PostDetailDto }) {
  const n = post.versions.length
  // null: follow the newest versions as they arrive
  const [chosenFrom, setFrom] = useState<number | null>(null)
  const [chosenTo, setTo] = useState<number | null>(null)
  if (n === 0) return null
  const from = chosenFrom ?? Math.max(1, n - 1)
  const to = chosenTo ?? n
  const a = post.versions.find((v) => v.number === from)
  const b = post.versions.find((v) => v.number === to)
  const option = (v: PostDetailDto['versions'][number]) => (
    <option key={v.number} value={v.number}>
      версия {v.number} · {personLabel(v.authorName, v.authorRole)} · {formatFull(v.createdAt)}
    </option>
  )
  return (
    <Section title={`Версии текста (${n})`}>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="v-from" className="label">
            Было
          </label>
          <select
            id="v-from"
            className="field"
            value={from}
            onChange={(e) => setFrom(Number(e.target.value))}
          >
            {post.versions.map(option)}
          </select>
        </div>
        <div>
          <label htmlFor="v-to" className="label">
            Стало
          </label>
          <select
            id="v-to"
            className="field"
            value={to}
            onChange={(e) => setTo(Number(e.target.value))}
          >
            {post.versions.map(option)}
          </select>
        </div>
      </div>
      {a && b && <VersionDiff post={post} from={a.number} to={b.number} />}
    </Section>
  )
}

/** The text of a version: the post's own for the current one, otherwise fetched once. */
function useVersionText(post: PostDetailDto, number: number) {
  const current = number === post.textVersion
  const fetched = useQuery({ ...postVersionQuery(post.id, number), enabled: !current })
  return current
    ? { text: post.text, error: null }
    : { text: fetched.data?.text, error: fetched.error }
}

function VersionDiff({ post, from, to }: { post: PostDetailDto; from: number; to: number }) {
  const before = useVersionText(post, from)
  const after = useVersionText(post, to)
  const error = before.error ?? after.error
  return (
    <div className="mt-3 rounded-lg bg-slate-50 p-3">
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          Не удалось загрузить текст версии: {error.message}
        </p>
      ) : before.text === undefined || after.text === undefined ? (
        <p role="status" className="text-sm text-slate-600">
          Загружаю тексты версий…
        </p>
      ) : (
        <WordDiff before={before.text} after={after.text} />
      )}
    </div>
  )
}
