import { useQuery } from '@tanstack/react-query'
import { useId, useState, type ReactNode } from 'react'
import { stateLabels, type PostStateValue } from '../../domain/post-lifecycle/states'
import { usePolicyWords } from '../lib/policies'
import { departmentsQuery } from '../lib/queries'

const stateTone: Record<PostStateValue, string> = {
  draft: 'bg-slate-100 text-slate-800',
  awaitingDepartment: 'bg-sky-100 text-sky-900',
  editing: 'bg-violet-100 text-violet-900',
  awaitingGovernor: 'bg-amber-100 text-amber-900',
  approved: 'bg-emerald-100 text-emerald-900',
  publishing: 'bg-teal-100 text-teal-900',
  published: 'bg-emerald-700 text-white',
  cancelled: 'bg-slate-200 text-slate-700',
  rejected: 'bg-red-100 text-red-900',
}

export function StateBadge({ state }: { state: PostStateValue }) {
  return (
    <span
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${stateTone[state]}`}
    >
      {stateLabels[state]}
    </span>
  )
}

export function UrgentBadge() {
  return (
    <span className="inline-block rounded-full bg-red-700 px-2.5 py-0.5 text-xs font-semibold text-white">
      Поручение губернатора · {usePolicyWords().urgentShort}
    </span>
  )
}

export function useDepartmentName() {
  const { data } = useQuery(departmentsQuery)
  return (id: string | null, long = false) => {
    if (!id) return 'ЦСМ (без департамента)'
    const d = data?.find((x) => x.id === id)
    return d ? (long ? d.name : d.shortName) : id
  }
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
      {(error as Error).message}
    </p>
  )
}

/** A small inline form asking for a comment before an action (return, reject, cancel). */
export function CommentAction({
  label,
  prompt,
  confirm,
  quick = [],
  tone = 'secondary',
  onSubmit,
  busy,
}: {
  label: string
  prompt: string
  confirm: string
  quick?: string[]
  tone?: 'secondary' | 'danger'
  onSubmit: (text: string) => void
  busy?: boolean
}) {
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const id = useId()
  if (!open) {
    return (
      <button
        type="button"
        className={tone === 'danger' ? 'btn-danger' : 'btn-secondary'}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
    )
  }
  return (
    <form
      className="card w-full space-y-3 p-4"
      onSubmit={(e) => {
        e.preventDefault()
        if (text.trim()) onSubmit(text.trim())
      }}
    >
      <label htmlFor={id} className="label">
        {prompt}
      </label>
      {quick.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {quick.map((q) => (
            <button
              key={q}
              type="button"
              className="min-h-11 rounded-full bg-slate-100 px-4 text-sm hover:bg-slate-200"
              onClick={() => setText((t) => (t ? `${t} ${q}` : q))}
            >
              {q}
            </button>
          ))}
        </div>
      )}
      <textarea
        id={id}
        className="field min-h-24"
        value={text}
        onChange={(e) => setText(e.target.value)}
        required
      />
      <div className="flex gap-2">
        <button
          type="submit"
          className={tone === 'danger' ? 'btn-danger' : 'btn-primary'}
          disabled={!text.trim() || busy}
        >
          {confirm}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
          Отмена
        </button>
      </div>
    </form>
  )
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string
  children: ReactNode
  actions?: ReactNode
}) {
  return (
    <section className="card p-5" aria-label={title}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  )
}
