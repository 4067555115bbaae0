import { useQuery } from '@tanstack/react-query'
import type { NotificationFailureDto } from '../../../../shared/api/notifications-contract'
import { ErrorNote } from '../../../components/ErrorNote'
import { formatDeadline } from '../../../lib/format'
import { notificationFailuresQuery } from '../queries'

const channelNames: Record<NotificationFailureDto['channel'], string> = {
  email: 'Почта',
  telegram: 'Telegram',
  max: 'MAX',
  push: 'Push',
}

/** Messages outside the tab that did not go: a wrong address, a blocked bot, a server down. */
export default function NotificationsAdmin() {
  const failures = useQuery(notificationFailuresQuery)
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Уведомления: что не доставлено</h1>
      <p className="max-w-3xl text-slate-700">
        Уведомления в приложении доходят всегда. Здесь — письма и сообщения, которые не удалось
        отправить или которые дошли не на все устройства: с причиной и тем, будет ли ещё попытка.
      </p>
      {failures.error && <ErrorNote error={failures.error} />}
      {failures.data && failures.data.length === 0 && (
        <p className="rounded-lg bg-white px-4 py-6 ring-1 ring-slate-200">
          Недоставленных уведомлений нет. Если письмо или сообщение не уйдёт, оно появится здесь.
        </p>
      )}
      {!!failures.data?.length && (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th className="px-4 py-2">Кому</th>
                <th className="px-4 py-2">Канал</th>
                <th className="px-4 py-2">Уведомление</th>
                <th className="px-4 py-2">Причина</th>
                <th className="px-4 py-2">Что дальше</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {failures.data.map((f) => (
                <tr key={f.id}>
                  <td className="px-4 py-2">
                    {f.userName} <span className="text-slate-600">({f.userLogin})</span>
                  </td>
                  <td className="px-4 py-2">{channelNames[f.channel]}</td>
                  <td className="px-4 py-2">{f.title}</td>
                  <td className="px-4 py-2">{f.error ?? '—'}</td>
                  <td className="px-4 py-2">{whatNext(f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

/** What happens to a delivery next, in the admin's words. */
function whatNext(f: NotificationFailureDto): string {
  if (f.state === 'failed') return 'Не доставлено, попыток больше не будет'
  if (f.state === 'sent') return 'Доставлено не на все устройства, повтора не будет'
  return `Повтор ${f.nextAttemptAt ? formatDeadline(f.nextAttemptAt) : 'скоро'}`
}
