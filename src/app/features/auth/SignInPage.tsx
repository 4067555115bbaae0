import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { client, read } from '../../lib/api'
import { keys } from '../../lib/queries'

export function SignInPage() {
  const queryClient = useQueryClient()
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await read(client.session.$post({ json: { login: login.trim(), password } }))
      await queryClient.invalidateQueries({ queryKey: keys.me })
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-brand-800 px-4">
      <form
        onSubmit={submit}
        className="card w-full max-w-sm space-y-5 p-8"
        aria-labelledby="signin-title"
      >
        <div>
          <h1 id="signin-title" className="text-2xl font-bold text-brand-800">
            Виза
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Подготовка и согласование публикаций губернатора
          </p>
        </div>
        <div>
          <label htmlFor="login" className="label">
            Логин
          </label>
          <input
            id="login"
            className="field"
            autoComplete="username"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
            autoFocus
          />
        </div>
        <div>
          <label htmlFor="password" className="label">
            Пароль
          </label>
          <input
            id="password"
            type="password"
            className="field"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? 'Входим…' : 'Войти'}
        </button>
      </form>
    </main>
  )
}
