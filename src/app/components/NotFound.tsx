import { Link } from 'wouter'

/** A post that cannot be shown: not found, or not this person's to see (the same answer). */
export function NotFound({ message }: { message: string }) {
  return (
    <div className="card space-y-3 p-6">
      <h1 className="text-xl font-semibold">Пост недоступен</h1>
      <p className="text-slate-700">{message}</p>
      <Link href="/" className="btn-secondary">
        На главную
      </Link>
    </div>
  )
}
