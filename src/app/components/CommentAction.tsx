import { useId, useState } from 'react'

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
