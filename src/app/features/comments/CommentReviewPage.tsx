import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { Link } from 'wouter'
import { channelLabels } from '../../../domain/channels'
import {
  commentHistoryLabels,
  commentStateLabels,
  noAnswerReasonLabels,
  replyStateLabels,
} from '../../../domain/comment-lifecycle/wording'
import { roleLabels } from '../../../domain/roles'
import type { CommentDetailDto } from '../../../shared/api/comments-contract'
import type { UserDto } from '../../../shared/api/contract'
import { CommentAction } from '../../components/CommentAction'
import { ErrorNote } from '../../components/ErrorNote'
import { NotFound } from '../../components/NotFound'
import { Section } from '../../components/Section'
import { WordDiff } from '../../components/WordDiff'
import { ApiError, client, read } from '../../lib/api'
import { useDepartmentName } from '../../lib/departments'
import { useDraft } from '../../lib/drafts'
import { formatFull } from '../../lib/format'
import { CommentClock } from './CommentClock'
import { CommentThread } from './CommentThread'
import { CHECK_DELAY_MS, Findings, useSettled, useSuggestions } from './Findings'
import { answerCheckQuery, commentDetailQuery, commentKeys } from './queries'
import { Triage } from './Triage'
import { useCommentEvent } from './useCommentEvent'

/**
 * The SMC's screen of one comment: the comment in its thread; triage while it is new; the
 * department's answer to review (edit with the checker's findings, the diff of her edits
 * against what the department sent, return, reassign, approve); then the reply going out on
 * each page, with the person's word where the outcome is unknown. The buttons are the ones the
 * server's machine allows this person now (`allowedEvents`); the admin sees the same, read-only.
 */
export default function CommentReviewPage({ id, me }: { id: string; me: UserDto }) {
  const {
    data: comment,
    isPending,
    error,
  } = useQuery(
    // the reply's progress comes as `comment` frames of the live stream (every ledger change)
    commentDetailQuery(id),
  )
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <NotFound message={error.message} />
  return <Review comment={comment} me={me} />
}

function Review({ comment, me }: { comment: CommentDetailDto; me: UserDto }) {
  const depName = useDepartmentName()
  const allowed = comment.allowedEvents
  const running = comment.state === 'withDepartment' || comment.state === 'inReview'
  return (
    <div className="mx-auto max-w-4xl">
      <div className="space-y-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="space-y-1">
            <Link href="/comments" className="text-sm text-brand-700 hover:underline">
              ← Все комментарии
            </Link>
            <h1 className="text-2xl font-bold">Комментарий жителя</h1>
            <p className="text-sm text-slate-600">
              <span className="font-semibold text-slate-800">
                {commentStateLabels[comment.state]}
              </span>{' '}
              · {channelLabels[comment.network]} · зарегистрирован{' '}
              {formatFull(comment.registeredAt)}
              {comment.departmentId && <> · {depName(comment.departmentId, true)}</>}
              {comment.priority && <> · приоритетный</>}
            </p>
          </div>
          {running && comment.clock && (
            <CommentClock
              comment={comment}
              kind={comment.clock.kind}
              startedAt={comment.clock.startedAt}
              size="lg"
            />
          )}
        </div>

        <CommentThread comment={comment} />

        {comment.state === 'registered' && allowed.length > 0 && (
          <Section title="Распределить">
            <Triage comment={comment} allowed={allowed} />
          </Section>
        )}

        {comment.state === 'inReview' ? (
          <AnswerReview key={comment.id} comment={comment} me={me} />
        ) : (
          <AnswerShown comment={comment} />
        )}

        {comment.state === 'withDepartment' && allowed.length > 0 && (
          <Section title="Передать или закрыть">
            <Triage comment={comment} allowed={allowed} />
          </Section>
        )}

        {comment.dismissal && (
          <p className="rounded-lg bg-slate-100 px-3 py-2 text-sm">
            Ответ не нужен: {noAnswerReasonLabels[comment.dismissal.reason]}
            {comment.dismissal.note && <> — «{comment.dismissal.note}»</>}
          </p>
        )}

        {comment.replies.length > 0 && <Replies comment={comment} me={me} />}

        <Section title="История">
          <ol className="space-y-2 text-sm">
            {comment.history.map((h) => (
              <li key={h.id}>
                <span className="font-medium">{commentHistoryLabels[h.event] ?? h.event}</span>
                {h.actorRole !== 'system' && (
                  <>
                    {' '}
                    — {h.actorName},{' '}
                    {h.actorDepartmentId
                      ? depName(h.actorDepartmentId)
                      : roleLabels[h.actorRole as keyof typeof roleLabels]}
                  </>
                )}
                <span className="text-slate-600"> · {formatFull(h.at)}</span>
              </li>
            ))}
          </ol>
          {comment.notes.length > 0 && (
            <ul className="mt-3 space-y-1 text-sm">
              {comment.notes.map((n, i) => (
                <li key={i} className="rounded bg-amber-50 px-3 py-1 text-amber-950">
                  {n.kind === 'override'
                    ? 'Отправлено с ошибками проверки, причина'
                    : n.kind === 'returnToDepartment'
                      ? 'Возвращено департаменту'
                      : 'Ответ не нужен'}
                  : «{n.text}» · {formatFull(n.at)}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </div>
  )
}

/** The answer when it is not under review: what was sent, approved or posted. */
function AnswerShown({ comment }: { comment: CommentDetailDto }) {
  if (!comment.answer.text && comment.state !== 'withDepartment') return null
  return (
    <Section title="Ответ">
      {comment.answer.text ? (
        <p className="whitespace-pre-wrap">{comment.answer.text}</p>
      ) : (
        <p className="text-slate-600">Департамент ещё не ответил.</p>
      )}
      {comment.approval?.override && (
        <p className="mt-2 text-sm text-amber-900">
          Утверждён с ошибками проверки. Причина: «{comment.approval.override.reason}»
        </p>
      )}
    </Section>
  )
}

/**
 * The department's answer under the SMC's review. What she types is a draft kept in the
 * browser (per comment and person), so a reload, a second tab or someone else's change never
 * loses it; «Утвердить» acts on the text on her screen, saved with the approval in one step.
 */
function AnswerReview({ comment, me }: { comment: CommentDetailDto; me: UserDto }) {
  const ids = useId()
  const draft = useDraft(
    `comment:${comment.id}:${me.id}`,
    comment.answer.text,
    comment.version,
    comment.answer.textVersion,
  )
  const act = useCommentEvent(comment.id)
  const [override, setOverride] = useState('')
  const allowed = comment.allowedEvents
  const mayEdit = allowed.includes('EDIT_ANSWER')
  const mayApprove = allowed.includes('APPROVE_ANSWER')
  const text = draft.text
  const box = useRef<HTMLTextAreaElement>(null)
  const { apply, undo } = useSuggestions(text, draft.setText, box)
  const settled = useSettled(text, CHECK_DELAY_MS)
  const check = useQuery({ ...answerCheckQuery(settled), enabled: mayApprove && !!settled.trim() })
  const current = settled === text && !check.isPlaceholderData
  const issues = current ? (check.data?.issues ?? []) : []
  const blocking = issues.filter((i) => i.severity === 'block')
  const checking = mayApprove && !!text.trim() && (!current || check.isFetching)
  const edited = text.trim() !== comment.answer.text.trim()
  const stale = draft.dirty && draft.textMovedOn
  const conflict = act.error instanceof ApiError && act.error.status === 409
  const submitted = comment.submitted?.text ?? comment.answer.text

  const approveReason = !text.trim()
    ? 'Ответ пустой'
    : stale
      ? 'Ответ изменился, пока вы его правили: выберите версию выше'
      : checking
        ? 'Идёт проверка текста…'
        : blocking.length > 0 && !override.trim()
          ? `В ответе ошибки (${blocking.length}): исправьте их или напишите, почему ответ можно отправить так`
          : null

  const approve = () =>
    act.mutate(
      {
        payload: {
          type: 'APPROVE_ANSWER',
          text,
          textVersion: draft.baseTextVersion,
          ...(blocking.length > 0 ? { override: override.trim() } : {}),
        },
        expectedVersion: draft.baseVersion,
      },
      { onSuccess: () => draft.clear() },
    )
  const save = (expectedVersion: number) =>
    act.mutate(
      { payload: { type: 'EDIT_ANSWER', text }, expectedVersion },
      { onSuccess: () => draft.clear() },
    )

  return (
    <>
      <section aria-labelledby={`${ids}-answer`} className="card space-y-4 p-5">
        <h2 id={`${ids}-answer`} className="text-lg font-semibold">
          {comment.answer.interim ? 'Промежуточный ответ департамента' : 'Ответ департамента'}
        </h2>
        {comment.answer.interim && (
          <p className="text-sm text-slate-700">
            Департамент даст полный ответ в течение 7 рабочих дней после публикации этого.
          </p>
        )}
        <div>
          <label htmlFor={`${ids}-text`} className="label">
            Текст ответа от имени губернатора
          </label>
          <textarea
            id={`${ids}-text`}
            className={`field min-h-44 ${mayEdit ? '' : 'bg-slate-50'}`}
            value={text}
            readOnly={!mayEdit}
            ref={box}
            onChange={(e) => draft.setText(e.target.value)}
            aria-describedby="answer-findings"
          />
        </div>
        {mayApprove && (
          <Findings
            text={text}
            issues={issues}
            checked={current && !!check.data}
            note={current ? check.data?.note : undefined}
            error={check.error}
            onReplace={apply}
            onUndo={undo}
          />
        )}
        {(stale || conflict) && (
          <div
            role="alert"
            className="space-y-2 rounded-lg bg-amber-50 p-4 text-sm ring-1 ring-amber-300"
          >
            <p className="font-semibold">
              Пока вы правили, ответ изменился (в другой вкладке или у другого сотрудника). Ваш
              текст сохранён здесь и не потерян.
            </p>
            {stale && (
              <>
                <p>Чем текущая версия отличается от вашей:</p>
                <div className="rounded bg-white p-3">
                  <WordDiff before={text} after={comment.answer.text} />
                </div>
                <div className="flex flex-wrap gap-2">
                  {mayEdit && (
                    <button
                      type="button"
                      className="btn-primary"
                      disabled={act.isPending}
                      onClick={() => {
                        draft.rebase(comment.version)
                        save(comment.version)
                      }}
                    >
                      Сохранить мой текст поверх
                    </button>
                  )}
                  <button type="button" className="btn-secondary" onClick={() => draft.clear()}>
                    Взять текущую версию
                  </button>
                </div>
              </>
            )}
          </div>
        )}
        {mayEdit && (
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              className="btn-secondary"
              disabled={!draft.dirty || !edited || act.isPending || !text.trim() || stale}
              onClick={() => save(draft.baseVersion)}
            >
              Сохранить правку
            </button>
            {draft.dirty && edited && !stale && (
              <span className="text-sm text-slate-600">
                Есть несохранённые правки (черновик хранится в браузере)
              </span>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby={`${ids}-diff`} className="card space-y-2 p-5">
        <h2 id={`${ids}-diff`} className="text-lg font-semibold">
          Правки ЦСМ к ответу департамента
        </h2>
        <p className="text-sm text-slate-600">
          Зачёркнуто — удалено из текста департамента, подчёркнуто — добавлено.
        </p>
        <div className="rounded-lg bg-slate-50 p-3" data-testid="smc-diff">
          <WordDiff before={submitted} after={text} />
        </div>
      </section>

      {(mayApprove || allowed.includes('RETURN_TO_DEPARTMENT') || allowed.includes('REASSIGN')) && (
        <section aria-labelledby={`${ids}-decide`} className="card space-y-4 p-5">
          <h2 id={`${ids}-decide`} className="text-lg font-semibold">
            Решение
          </h2>
          {mayApprove && blocking.length > 0 && !checking && (
            <div>
              <label htmlFor={`${ids}-override`} className="label">
                Почему ответ можно отправить с ошибками проверки (останется в истории)
              </label>
              <textarea
                id={`${ids}-override`}
                className="field min-h-20"
                value={override}
                onChange={(e) => setOverride(e.target.value)}
              />
            </div>
          )}
          {mayApprove && (
            <div className="space-y-1">
              <button
                type="button"
                className="btn-success"
                disabled={!!approveReason || act.isPending}
                aria-describedby={approveReason ? `${ids}-why` : undefined}
                onClick={approve}
              >
                {edited ? 'Утвердить с моими правками и опубликовать' : 'Утвердить и опубликовать'}
              </button>
              {approveReason && (
                <p id={`${ids}-why`} className="text-sm text-amber-900">
                  {approveReason}
                </p>
              )}
            </div>
          )}
          <div className="flex flex-wrap gap-3">
            {allowed.includes('RETURN_TO_DEPARTMENT') && (
              <CommentAction
                label="Вернуть департаменту"
                prompt="Что доработать? (департамент получит новый срок)"
                confirm="Вернуть"
                busy={act.isPending}
                onSubmit={(c) =>
                  act.mutate({
                    payload: { type: 'RETURN_TO_DEPARTMENT', comment: c },
                    expectedVersion: comment.version,
                  })
                }
              />
            )}
          </div>
          {allowed.includes('REASSIGN') && <Triage comment={comment} allowed={['REASSIGN']} />}
          <ErrorNote error={act.error} />
        </section>
      )}
    </>
  )
}

const modeLabels = {
  real: '',
  demo: 'демо-страница',
  manual: 'публикуется вручную',
  notConfigured: 'страница не настроена',
} as const

/** The reply on each page: where it stands, its link, and the SMC's word where Viza cannot tell. */
function Replies({ comment, me }: { comment: CommentDetailDto; me: UserDto }) {
  const qc = useQueryClient()
  const ids = useId()
  const [urls, setUrls] = useState<Record<number, string>>({})
  const word = useMutation({
    mutationFn: (v: { rid: number; sent?: boolean; url?: string; retry?: boolean }) =>
      v.retry
        ? read(
            client.comments[':id'].replies[':rid'].retry.$post({
              param: { id: comment.id, rid: String(v.rid) },
            }),
          )
        : read(
            client.comments[':id'].replies[':rid'].confirm.$post({
              param: { id: comment.id, rid: String(v.rid) },
              json: v.sent ? { sent: true, url: v.url } : { sent: false },
            }),
          ),
    onSuccess: (next) => {
      qc.setQueryData(commentKeys.detail(comment.id), next)
      void qc.invalidateQueries({ queryKey: commentKeys.all })
    },
  })
  const editor = me.role === 'editor'
  return (
    <Section title="Публикация ответа">
      <ul className="space-y-3">
        {comment.replies.map((r) => {
          const needsWord = r.state === 'manual' || r.state === 'unknown' || r.state === 'failed'
          const label = `${channelLabels[r.network]}${modeLabels[r.mode] ? ` (${modeLabels[r.mode]})` : ''}`
          return (
            <li key={r.id} className="space-y-2 rounded-lg bg-slate-50 p-3 text-sm">
              <p>
                <span className="font-semibold">{label}</span>
                {r.interim && ' · промежуточный ответ'}:{' '}
                <span
                  className={
                    r.state === 'sent'
                      ? 'font-semibold text-emerald-800'
                      : needsWord
                        ? 'font-semibold text-amber-900'
                        : ''
                  }
                >
                  {replyStateLabels[r.state]}
                </span>
                {r.attempts > 1 && <> · попыток: {r.attempts}</>}
              </p>
              {r.error && <p className="text-amber-900">{r.error}</p>}
              {r.url && (
                <a href={r.url} className="text-brand-700 underline">
                  {r.mode === 'demo'
                    ? 'Открыть ответ на демо-странице'
                    : 'Открыть ответ на странице'}
                </a>
              )}
              {r.state === 'unknown' && r.pageUrl && (
                <p>
                  Проверьте страницу:{' '}
                  <a href={r.pageUrl} className="text-brand-700 underline">
                    {r.pageUrl}
                  </a>
                </p>
              )}
              {editor && needsWord && (
                <form
                  className="flex flex-wrap items-end gap-2"
                  onSubmit={(e) => {
                    e.preventDefault()
                    word.mutate({ rid: r.id, sent: true, url: urls[r.id] })
                  }}
                >
                  <div className="min-w-64 flex-1">
                    <label htmlFor={`${ids}-url-${r.id}`} className="label">
                      Ссылка на ответ на странице
                    </label>
                    <input
                      id={`${ids}-url-${r.id}`}
                      type="url"
                      className="field"
                      required
                      value={urls[r.id] ?? ''}
                      onChange={(e) => setUrls({ ...urls, [r.id]: e.target.value })}
                    />
                  </div>
                  <button type="submit" className="btn-primary" disabled={word.isPending}>
                    Ответ на странице — сохранить ссылку
                  </button>
                  {r.state === 'unknown' && (
                    <button
                      type="button"
                      className="btn-secondary"
                      disabled={word.isPending}
                      onClick={() => word.mutate({ rid: r.id, sent: false })}
                    >
                      Ответа на странице нет — отправить снова
                    </button>
                  )}
                  {r.canRetry && (
                    <button
                      type="button"
                      className="btn-secondary"
                      disabled={word.isPending}
                      onClick={() => word.mutate({ rid: r.id, retry: true })}
                    >
                      Повторить отправку
                    </button>
                  )}
                </form>
              )}
            </li>
          )
        })}
      </ul>
      <ErrorNote error={word.error} />
    </Section>
  )
}
