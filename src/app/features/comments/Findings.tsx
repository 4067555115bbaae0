import { useEffect, useState, type ReactNode, type RefObject } from 'react'
import { applySuggestion } from '../../../domain/quality/rules'
import type { QualityIssue } from '../../../domain/quality/types'
import { ErrorNote } from '../../components/ErrorNote'

/** The text settles for this long before the checker looks at it again. */
export const CHECK_DELAY_MS = 400

export function useSettled(value: string, ms: number) {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return settled
}

/**
 * A suggestion applied to the answer's box so that it can be taken back (issue 28): through
 * the browser's own editing (`insertText`, so Ctrl+Z undoes it), and with «Отменить правку»
 * for the last one applied, where the browser has no such command.
 */
export function useSuggestions(
  text: string,
  setText: (text: string) => void,
  box: RefObject<HTMLTextAreaElement | null>,
) {
  const [last, setLast] = useState<{ before: string; after: string } | null>(null)
  const apply = (issue: QualityIssue, by: string) => {
    const next = applySuggestion(text, issue, by)
    const el = box.current
    let edited = false
    if (el && el.value === text && typeof document.execCommand === 'function') {
      el.focus()
      el.setSelectionRange(issue.start, issue.insert ? issue.start : issue.end)
      try {
        edited = document.execCommand('insertText', false, by) && el.value === next
      } catch {
        edited = false
      }
    }
    if (!edited) setText(next)
    setLast({ before: text, after: next })
  }
  // the button stays while the text is what the suggestion made of it
  const undo = last && last.after === text ? () => setText(last.before) : undefined
  return { apply, undo }
}

/** The text with the checker's findings marked, and each finding with its suggestions. */
export function Findings({
  text,
  issues,
  checked,
  error,
  onReplace,
  onUndo,
  note,
}: {
  text: string
  issues: QualityIssue[]
  /** The check was cut short by its time bound: the issues are those found until then. */
  note?: string
  checked: boolean
  error: unknown
  onReplace: (issue: QualityIssue, by: string) => void
  /** Takes back the last suggestion applied (while the text is still as it left it). */
  onUndo?: () => void
}) {
  if (error) return <ErrorNote error={error} />
  if (!text.trim()) return null
  return (
    <div id="answer-findings" aria-live="polite" className="space-y-3">
      {onUndo && (
        <button type="button" className="btn-secondary text-sm" onClick={onUndo}>
          Отменить правку
        </button>
      )}
      {note && (
        <p role="note" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {note}
        </p>
      )}
      {checked && !note && issues.length === 0 && (
        <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Проверка пройдена: замечаний нет.
        </p>
      )}
      {issues.length > 0 && (
        <>
          <p className="whitespace-pre-wrap rounded-lg bg-slate-50 p-3" data-testid="marked-text">
            {marked(text, issues)}
          </p>
          <ul className="space-y-2" aria-label="Замечания проверки">
            {issues.map((i) => (
              <li
                key={`${i.rule}-${i.start}-${i.end}`}
                className={`rounded-lg px-3 py-2 text-sm ${i.severity === 'block' ? 'bg-red-50 text-red-900' : 'bg-amber-50 text-amber-900'}`}
              >
                <span className="font-semibold">
                  {i.severity === 'block' ? 'Ошибка' : 'Предупреждение'}:
                </span>{' '}
                {i.message}
                {i.suggestions.length > 0 && (
                  <span className="ml-2 inline-flex flex-wrap gap-1">
                    {i.suggestions.slice(0, 4).map((s) => (
                      <button
                        key={s}
                        type="button"
                        className="rounded bg-white px-2 py-0.5 ring-1 ring-slate-300 hover:bg-slate-100"
                        onClick={() => onReplace(i, s)}
                        aria-label={
                          i.insert ? `Вставить в начало «${s.trim()}»` : `Заменить на «${s}»`
                        }
                      >
                        {s.trim()}
                      </button>
                    ))}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** The text in pieces, the findings' ranges marked (an overlapping range is left to the list). */
function marked(text: string, issues: QualityIssue[]): ReactNode[] {
  const out: ReactNode[] = []
  let at = 0
  for (const i of [...issues].sort((a, b) => a.start - b.start)) {
    if (i.start < at || i.end <= i.start || i.end > text.length) continue
    out.push(text.slice(at, i.start))
    out.push(
      <mark
        key={`${i.rule}-${i.start}`}
        title={i.message}
        className={
          i.severity === 'block'
            ? 'rounded bg-red-200 text-red-950 underline decoration-red-700 decoration-wavy'
            : 'rounded bg-amber-100 text-amber-950'
        }
      >
        {text.slice(i.start, i.end)}
      </mark>,
    )
    at = i.end
  }
  out.push(text.slice(at))
  return out
}
