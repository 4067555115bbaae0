import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useLocation } from 'wouter'
import { deadlineFor } from '../../../domain/calendar/deadlines'
import { channelLabels, channels, sendingChannels, type Channel } from '../../../domain/channels'
import { ErrorNote } from '../../components/ErrorNote'
import { toast } from '../../components/Toasts'
import { client, read } from '../../lib/api'
import { useCalendar } from '../../lib/calendar'
import { useClockSelector } from '../../lib/clock'
import { formatDeadline, regionInputToIso } from '../../lib/format'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { usePolicyWords } from '../../lib/policies'
import { departmentsQuery, keys } from '../../lib/queries'

export default function NewRequestPage() {
  const [, navigate] = useLocation()
  const queryClient = useQueryClient()
  const cal = useCalendar()
  const words = usePolicyWords()
  const [title, setTitle] = useState('')
  const [brief, setBrief] = useState('')
  const [departmentId, setDepartmentId] = useState('')
  const [urgent, setUrgent] = useState(false)
  const [chosen, setChosen] = useState<Channel[]>([...sendingChannels])
  const [plannedAt, setPlannedAt] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const { data: departments } = useQuery(departmentsQuery)
  // A request nobody can receive must not start a clock: say so before it is sent.
  const nobody = departmentId
    ? departments?.find((d) => d.id === departmentId)?.hasActiveContact === false
    : false

  // The deadline the department will get if the request goes now (minute precision).
  const minute = useClockSelector((now) => Math.floor(now / 60_000))
  const preview =
    cal && departmentId
      ? deadlineFor(cal.calendar, urgent ? 'urgent' : 'regular', new Date(minute * 60_000))
      : null

  const submit = async (e: FormEvent, send: boolean) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const created = await read(
        client.posts.$post({
          json: {
            title,
            brief,
            departmentId: departmentId || null,
            urgent,
            channels: chosen,
            plannedAt: regionInputToIso(plannedAt),
          },
        }),
      )
      if (send) {
        const type = departmentId ? 'SEND_REQUEST' : 'WRITE_IN_HOUSE'
        await read(
          client.posts[':id'].events.$post({
            param: { id: created.id },
            json: { type, expectedVersion: created.version },
          }),
        )
      }
      await queryClient.invalidateQueries({ queryKey: keys.posts })
      toast(send && departmentId ? `Запрос «${title}» отправлен` : `«${title}» создан`, 'success')
      navigate(`/posts/${created.id}`)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="card mx-auto max-w-3xl space-y-5 p-6"
      onSubmit={(e) => submit(e, true)}
      aria-labelledby="nr-title"
    >
      <h1 id="nr-title" className="text-2xl font-bold">
        Новый запрос информации
      </h1>
      <div>
        <label htmlFor="title" className="label">
          Заголовок
        </label>
        <input
          id="title"
          className="field"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={3}
          maxLength={200}
        />
      </div>
      <div>
        <label htmlFor="brief" className="label">
          Что нужно от департамента
        </label>
        <textarea
          id="brief"
          className="field min-h-28"
          value={brief}
          onChange={(e) => setBrief(e.target.value)}
          required
          maxLength={5000}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="dep" className="label">
            Департамент
          </label>
          <DepartmentSelect
            id="dep"
            value={departmentId}
            onChange={setDepartmentId}
            placeholder="— ЦСМ пишет сам —"
          />
        </div>
        <div>
          <label htmlFor="planned" className="label">
            Плановая публикация (время Югры)
          </label>
          <input
            id="planned"
            type="datetime-local"
            className="field"
            value={plannedAt}
            onChange={(e) => setPlannedAt(e.target.value)}
          />
        </div>
      </div>
      <label className="flex items-center gap-3 rounded-lg bg-red-50 p-3 text-sm">
        <input
          type="checkbox"
          className="h-5 w-5"
          checked={urgent}
          onChange={(e) => setUrgent(e.target.checked)}
        />
        <span>
          <strong>Оперативное поручение губернатора</strong> — департамент отвечает в течение{' '}
          {words.urgentWithin}
        </span>
      </label>
      <fieldset>
        <legend className="label">Каналы</legend>
        <div className="flex flex-wrap gap-4">
          {channels.map((c) => (
            <label key={c} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="h-5 w-5"
                checked={chosen.includes(c)}
                onChange={(e) =>
                  setChosen((cur) => (e.target.checked ? [...cur, c] : cur.filter((x) => x !== c)))
                }
              />
              {channelLabels[c]}
            </label>
          ))}
        </div>
      </fieldset>
      {preview && (
        <p className="rounded-lg bg-brand-50 px-4 py-3 text-sm" aria-live="polite">
          Если отправить сейчас, срок для департамента —{' '}
          <strong>{formatDeadline(preview.dueAt)}</strong>
          {urgent ? ` (${words.urgent})` : ` (${words.regular})`}
          {preview.provisional && ' — предварительно: календарь года не подтверждён'}
        </p>
      )}
      {nobody && (
        <p
          id="nr-nobody"
          role="alert"
          className="rounded-lg bg-amber-50 px-4 py-3 text-sm ring-1 ring-amber-300"
        >
          В этом департаменте нет действующего контактного лица: запрос никто не получит, а срок
          пойдёт. Сохраните черновик и попросите администратора добавить контакт или выберите другой
          департамент.
        </p>
      )}
      <ErrorNote error={error} />
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          className="btn-primary"
          disabled={busy || chosen.length === 0 || nobody}
          aria-describedby={nobody ? 'nr-nobody' : undefined}
        >
          {departmentId ? 'Отправить запрос' : 'Создать и писать в ЦСМ'}
        </button>
        {departmentId && (
          <button
            type="button"
            className="btn-secondary"
            disabled={busy}
            onClick={(e) => submit(e, false)}
          >
            Сохранить черновик
          </button>
        )}
      </div>
    </form>
  )
}
