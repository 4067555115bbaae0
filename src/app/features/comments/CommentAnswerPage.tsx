import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { Link } from 'wouter'
import { channelLabels } from '../../../domain/channels'
import { commentStateLabels } from '../../../domain/comment-lifecycle/wording'
import type { CommentDetailDto } from '../../../shared/api/comments-contract'
import { ErrorNote } from '../../components/ErrorNote'
import { ApiError, client, read } from '../../lib/api'
import { formatFull } from '../../lib/format'
import { CommentClock } from './CommentClock'
import { answerCheckQuery, commentDetailQuery, commentKeys } from './queries'
import { CHECK_DELAY_MS, Findings, useSettled, useSuggestions } from './Findings'
import { CommentThread } from './CommentThread'
import { useDraft } from '../../lib/drafts'

/** A department answers a citizen's comment; the checker's findings are marked as it types. */
export default function CommentAnswerPage({ id, me }: { id: string; me: { id: string } }) {
  const { data: comment, isPending, error } = useQuery(commentDetailQuery(id))
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <ErrorNote error={error} />
  return <AnswerScreen key={comment.id} comment={comment} me={me} />
}

function AnswerScreen({ comment, me }: { comment: CommentDetailDto; me: { id: string } }) {
  const qc = useQueryClient()
  const mayAnswer = comment.allowedEvents.includes('SUBMIT_ANSWER')
  // What is typed is a draft kept in the browser: a live refresh of the comment (the SMC's
  // change, the clock running out), a reload or a crash never loses it.
  const draft = useDraft(
    `comment-answer:${comment.id}:${me.id}`,
    comment.answer.text,
    comment.version,
    comment.answer.textVersion,
  )
  const text = draft.text
  const setText = draft.setText
  const box = useRef<HTMLTextAreaElement>(null)
  const { apply, undo } = useSuggestions(text, setText, box)
  const [interim, setInterim] = useState(false)
  const settled = useSettled(text, CHECK_DELAY_MS)
  const check = useQuery({ ...answerCheckQuery(settled), enabled: mayAnswer && !!settled.trim() })
  // The findings belong to the text they were made on: stale ones are not drawn on a newer text.
  const current = settled === text && !check.isPlaceholderData
  const issues = current ? (check.data?.issues ?? []) : []
  const blocking = issues.filter((i) => i.severity === 'block')
  const returned = [...comment.notes].reverse().find((n) => n.kind === 'returnToDepartment')

  const submit = useMutation({
    mutationFn: () =>
      read(
        client.comments[':id'].events.$post({
          param: { id: comment.id },
          json: {
            type: 'SUBMIT_ANSWER',
            text,
            interim,
            textVersion: draft.baseTextVersion,
            expectedVersion: draft.baseVersion,
          },
        }),
      ),
    onSuccess: (next) => {
      draft.clear()
      qc.setQueryData(commentKeys.detail(comment.id), next)
      void qc.invalidateQueries({ queryKey: commentKeys.lists() })
    },
  })
  const refused = submit.error instanceof ApiError ? submit.error : null
  const checking = mayAnswer && !!text.trim() && (!current || check.isFetching)
  const reason = !text.trim()
    ? 'Напишите ответ'
    : checking
      ? 'Идёт проверка текста…'
      : blocking.length > 0
        ? `Исправьте ошибки, отмеченные в тексте: ${blocking.length}`
        : null

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/comments" className="text-sm text-brand-700 hover:underline">
            ← Все комментарии
          </Link>
          <h1 className="text-2xl font-bold">Комментарий жителя</h1>
          <p className="text-sm text-slate-600">
            {commentStateLabels[comment.state]} · {channelLabels[comment.network]} · зарегистрирован{' '}
            {formatFull(comment.registeredAt)}
          </p>
        </div>
        {comment.state === 'withDepartment' && (
          <CommentClock
            comment={comment}
            kind={comment.clock?.kind}
            startedAt={comment.clock?.startedAt}
            size="lg"
          />
        )}
      </div>

      <CommentThread comment={comment} />

      {returned && mayAnswer && (
        <p role="note" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          ЦСМ вернул ответ: «{returned.text}»
        </p>
      )}

      {mayAnswer ? (
        <section aria-labelledby="answer" className="card space-y-4 p-5">
          <h2 id="answer" className="text-lg font-semibold">
            Ответ
          </h2>
          <div>
            <label htmlFor="answer-text" className="label">
              Текст ответа от имени губернатора
            </label>
            <textarea
              id="answer-text"
              className="field min-h-40"
              value={text}
              ref={box}
              onChange={(e) => setText(e.target.value)}
              aria-describedby="answer-findings"
            />
          </div>
          <Findings
            text={text}
            issues={issues}
            checked={current && !!check.data}
            note={current ? check.data?.note : undefined}
            error={check.error}
            onReplace={apply}
            onUndo={undo}
          />
          {comment.interimPostedAt === null && (
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                checked={interim}
                onChange={(e) => setInterim(e.target.checked)}
              />
              <span>
                Промежуточный ответ: полный ответ департамент даст в течение 7 рабочих дней
              </span>
            </label>
          )}
          {refused && refused.code === 'answer_blocked' && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {refused.message}
            </p>
          )}
          {submit.error && !(refused && refused.code === 'answer_blocked') && (
            <ErrorNote error={submit.error} />
          )}
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              className="btn-primary"
              disabled={!!reason || submit.isPending}
              onClick={() => submit.mutate()}
            >
              {interim ? 'Отправить промежуточный ответ в ЦСМ' : 'Отправить ответ в ЦСМ'}
            </button>
            {reason && <span className="text-sm text-slate-600">{reason}</span>}
          </div>
        </section>
      ) : (
        <section aria-labelledby="answer" className="card space-y-2 p-5">
          <h2 id="answer" className="text-lg font-semibold">
            Ответ
          </h2>
          {comment.answer.text ? (
            <p className="whitespace-pre-wrap">{comment.answer.text}</p>
          ) : (
            <p className="text-slate-600">Ответа пока нет.</p>
          )}
          <p className="text-sm text-slate-600">{commentStateLabels[comment.state]}</p>
          {comment.links.map((l) => {
            const page = channelLabels[l.network as 'vk' | 'ok'] ?? l.network
            // A demo page's reply is kept in Viza (its «Демо-каналы» page is the SMC's).
            return l.url.startsWith('/') ? (
              <p key={l.url} className="text-sm text-slate-600">
                Ответ опубликован на демо-странице ({page})
              </p>
            ) : (
              <a key={l.url} href={l.url} className="block text-sm text-brand-700 hover:underline">
                Ответ на странице ({page})
              </a>
            )
          })}
        </section>
      )}
    </div>
  )
}
