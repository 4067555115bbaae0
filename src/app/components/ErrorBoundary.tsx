import { Component, type ReactNode } from 'react'

/**
 * A screen that failed to load (a lost connection while its code was downloading, say) shows
 * what happened and a way out, instead of a blank page.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div role="alert" className="card mx-auto max-w-xl space-y-3 p-6">
        <h1 className="text-xl font-semibold">Не удалось открыть экран</h1>
        <p className="text-slate-700">
          Возможно, пропала связь. Ваши несохранённые тексты остались в браузере.
        </p>
        <button type="button" className="btn-primary" onClick={() => window.location.reload()}>
          Обновить страницу
        </button>
      </div>
    )
  }
}
