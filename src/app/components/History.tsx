import { historyLine } from '../../domain/post-lifecycle/wording'
import type { HistoryEntryDto } from '../../shared/api/contract'
import { formatFull } from '../lib/format'

/** The post's append-only history, newest first: facts in the past, who after a dash. */
export function HistoryTimeline({ history }: { history: HistoryEntryDto[] }) {
  return (
    <ol className="space-y-3 border-l-2 border-slate-200 pl-4">
      {[...history].reverse().map((h) => (
        <li key={h.id} className="relative">
          <span
            className="absolute top-1.5 -left-[23px] h-3 w-3 rounded-full bg-brand-600 ring-2 ring-white"
            aria-hidden="true"
          />
          <div className="text-sm font-medium">{historyLine(h)}</div>
          <div className="text-xs text-slate-600">{formatFull(h.at)}</div>
          {typeof h.payload.comment === 'string' && (
            <p className="mt-1 rounded bg-slate-50 px-2 py-1 text-sm">«{h.payload.comment}»</p>
          )}
          {typeof h.payload.reason === 'string' && (
            <p className="mt-1 rounded bg-slate-50 px-2 py-1 text-sm">«{h.payload.reason}»</p>
          )}
        </li>
      ))}
    </ol>
  )
}
