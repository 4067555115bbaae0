import { useState } from 'react'
import { personLabel } from '../../domain/post-lifecycle/wording'
import type { PostDetailDto } from '../../shared/api/contract'
import { formatFull } from '../lib/format'
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
      {a && b && (
        <div className="mt-3 rounded-lg bg-slate-50 p-3">
          <WordDiff before={a.text} after={b.text} />
        </div>
      )}
    </Section>
  )
}
