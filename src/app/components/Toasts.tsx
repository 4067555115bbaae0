import { useSyncExternalStore } from 'react'

export interface Toast {
  id: number
  text: string
  tone: 'info' | 'success' | 'error'
}

let toasts: Toast[] = []
let nextId = 1
const listeners = new Set<() => void>()
const emit = () => listeners.forEach((l) => l())

export function toast(text: string, tone: Toast['tone'] = 'info') {
  const id = nextId++
  toasts = [...toasts.slice(-3), { id, text, tone }]
  emit()
  setTimeout(() => dismiss(id), 6000)
}

export function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}

/**
 * Short notices of what others did and what an action achieved, read out politely by screen
 * readers. They sit in the page's sticky top block, in its flow: they push the page down rather
 * than cover a button (see Layout).
 */
export function Toasts() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => toasts,
  )
  return (
    <div
      role="region"
      aria-live="polite"
      aria-label="Уведомления"
      className={`mx-auto flex max-w-7xl flex-col gap-2 px-4 ${list.length ? 'py-2' : ''}`}
    >
      {list.map((t) => (
        <div
          key={t.id}
          role="status"
          className={`flex items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ring-1 ${
            t.tone === 'error'
              ? 'bg-red-700 text-white ring-red-800'
              : t.tone === 'success'
                ? 'bg-emerald-700 text-white ring-emerald-800'
                : 'bg-slate-900 text-white ring-slate-950'
          }`}
        >
          <span className="flex-1">{t.text}</span>
          <button
            type="button"
            className="-my-2 min-h-11 min-w-11 rounded text-lg text-white/80 hover:text-white"
            onClick={() => dismiss(t.id)}
            aria-label="Закрыть уведомление"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
