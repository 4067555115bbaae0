import { useId, useState } from 'react'
import {
  noAnswerReasonLabels,
  noAnswerReasons,
  type CommentEventType,
} from '../../../domain/comment-lifecycle'
import type { CommentSummaryDto } from '../../../shared/api/comments-contract'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { ErrorNote } from '../../components/ErrorNote'
import { useDepartmentName } from '../../lib/departments'
import { useCommentEvent } from './useCommentEvent'

/**
 * The SMC's triage of one comment, in one or two clicks: a department (and priority) and
 * «Направить»; or «Ответ не нужен» and the reason. Reassignment uses the same department field.
 * Only the actions the server allows now (`allowedEvents`) are shown.
 */
export function Triage({
  comment,
  allowed,
  compact = false,
}: {
  comment: Pick<CommentSummaryDto, 'id' | 'version' | 'departmentId' | 'state'>
  allowed: readonly CommentEventType[]
  compact?: boolean
}) {
  const id = useId()
  const act = useCommentEvent(comment.id)
  const depName = useDepartmentName()
  const [department, setDepartment] = useState('')
  const [priority, setPriority] = useState(false)
  const [dismissing, setDismissing] = useState(false)
  const send = (payload: Parameters<typeof act.mutate>[0]['payload']) =>
    act.mutate({ payload, expectedVersion: comment.version })
  const canTriage = allowed.includes('TRIAGE')
  const canReassign = allowed.includes('REASSIGN')
  const canDismiss = allowed.includes('DISMISS')
  if (!canTriage && !canReassign && !canDismiss) return null
  return (
    <div className={compact ? 'space-y-2' : 'space-y-3'}>
      {(canTriage || canReassign) && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            if (!department) return
            send(
              canTriage
                ? { type: 'TRIAGE', departmentId: department, priority }
                : { type: 'REASSIGN', departmentId: department },
            )
          }}
        >
          <div className="min-w-48 flex-1">
            <label htmlFor={`${id}-dep`} className="label">
              {canTriage ? 'Департамент' : 'Передать другому департаменту'}
            </label>
            <DepartmentSelect
              id={`${id}-dep`}
              value={department}
              onChange={setDepartment}
              placeholder="Выберите…"
              exclude={canReassign ? comment.departmentId : null}
              required
            />
          </div>
          {canTriage && (
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={priority}
                onChange={(e) => setPriority(e.target.checked)}
              />
              Приоритетный (4 рабочих часа)
            </label>
          )}
          <button type="submit" className="btn-primary" disabled={!department || act.isPending}>
            {canTriage
              ? department
                ? `Направить: ${depName(department)}`
                : 'Направить'
              : department
                ? `Передать: ${depName(department)}`
                : 'Передать'}
          </button>
        </form>
      )}
      {canDismiss &&
        (dismissing ? (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Ответ не нужен, потому что это:</legend>
            <div className="flex flex-wrap gap-2">
              {noAnswerReasons.map((r) => (
                <button
                  key={r}
                  type="button"
                  className="btn-secondary"
                  disabled={act.isPending}
                  onClick={() => send({ type: 'DISMISS', reason: r })}
                >
                  {noAnswerReasonLabels[r]}
                </button>
              ))}
              <button
                type="button"
                className="min-h-11 px-3 text-sm text-slate-700 underline"
                onClick={() => setDismissing(false)}
              >
                Отмена
              </button>
            </div>
          </fieldset>
        ) : (
          <button type="button" className="btn-secondary" onClick={() => setDismissing(true)}>
            Ответ не нужен…
          </button>
        ))}
      <ErrorNote error={act.error} />
    </div>
  )
}
