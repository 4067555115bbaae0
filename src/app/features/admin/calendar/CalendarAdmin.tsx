import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { IMPORT_NOTE } from '../../../../domain/calendar/import-note'
import { addDays, isoDate } from '../../../../domain/calendar/region'
import {
  WorkingCalendar,
  type CalendarSettings,
  type DayKind,
  type DeadlinePolicies,
} from '../../../../domain/calendar/working-calendar'
import { ErrorNote } from '../../../components/ErrorNote'
import { Section } from '../../../components/Section'
import { toast } from '../../../components/Toasts'
import { client, read } from '../../../lib/api'
import { calendarQuery, keys } from '../../../lib/queries'
import { ImportPanel } from './ImportPanel'

const kindStyle: Record<DayKind, string> = {
  working: 'bg-white text-slate-900',
  short: 'bg-amber-100 text-amber-950 font-semibold',
  weekend: 'bg-slate-200 text-slate-700',
  holiday: 'bg-red-600 text-white font-semibold',
  transferredDayOff: 'bg-red-100 text-red-900 font-semibold',
}
const kindLabel: Record<DayKind, string> = {
  working: 'рабочий',
  short: 'сокращённый',
  weekend: 'выходной',
  holiday: 'праздник',
  transferredDayOff: 'перенесённый выходной',
}
const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
]
const MONTHS = [
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
]
const NEXT_KIND: Record<DayKind, 'working' | 'dayOff' | 'short'> = {
  working: 'dayOff',
  weekend: 'working',
  holiday: 'working',
  transferredDayOff: 'working',
  short: 'dayOff',
}

export default function CalendarAdmin() {
  const queryClient = useQueryClient()
  const { data } = useQuery(calendarQuery)
  const [year, setYear] = useState(new Date().getFullYear())
  const [settings, setSettings] = useState<CalendarSettings | null>(null)
  // The revision the edits started from: a save over someone else's newer one is refused (409).
  const [baseRevision, setBaseRevision] = useState<number | null>(null)
  const edit = (next: CalendarSettings) => {
    if (settings === null && data) setBaseRevision(data.revision)
    setSettings(next)
  }
  const current = settings ?? data?.settings ?? null
  const calendar = useMemo(() => (current ? new WorkingCalendar(current) : null), [current])
  // Office hours, day changes and deadline rules go in one request, saved all or nothing.
  const save = useMutation({
    mutationFn: () =>
      read(
        client.admin['calendar-settings'].$put({
          json: { ...current!, revision: baseRevision ?? data!.revision },
        }),
      ),
    onSuccess: () => {
      toast('Календарь сохранён. Уже выставленные сроки не меняются.', 'success')
      setSettings(null)
      void queryClient.invalidateQueries({ queryKey: keys.calendar })
    },
  })
  if (!current || !calendar) return <p role="status">Загрузка…</p>
  const py = calendar.productionYear(year)
  const fromFile = current.overrides.some(
    (o) => o.note === IMPORT_NOTE && o.date.startsWith(`${year}-`),
  )
  const toggleDay = (date: string) => {
    const kind = calendar.day(date).kind
    const overrides = current.overrides.filter((o) => o.date !== date)
    const had = current.overrides.some((o) => o.date === date)
    edit({
      ...current,
      overrides: had ? overrides : [...overrides, { date, kind: NEXT_KIND[kind] }],
    })
  }
  const setHours = (
    change: (h: CalendarSettings['officeHours']) => CalendarSettings['officeHours'],
  ) => edit({ ...current, officeHours: change(current.officeHours) })
  const setWeekdayHours = (field: 'open' | 'close', v: string) =>
    setHours((h) => ({ ...h, weekdays: h.weekdays.map((d) => (d ? { ...d, [field]: v } : d)) }))
  const setLunch = (field: 'start' | 'end', v: string) =>
    setHours((h) => ({
      ...h,
      lunch: { start: h.lunch?.start ?? '13:00', end: h.lunch?.end ?? '14:00', [field]: v },
    }))
  const setPolicy = (k: keyof DeadlinePolicies, field: 'unit' | 'amount', value: string) =>
    edit({
      ...current,
      policies: {
        ...current.policies,
        [k]: { ...current.policies[k], [field]: field === 'amount' ? Number(value) : value },
      },
    })

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Производственный календарь</h1>
        <div className="ml-auto flex items-center gap-2">
          <button
            className="btn-secondary"
            onClick={() => setYear(year - 1)}
            aria-label="Предыдущий год"
          >
            ←
          </button>
          <span className="text-xl font-semibold tabular-nums">{year}</span>
          <button
            className="btn-secondary"
            onClick={() => setYear(year + 1)}
            aria-label="Следующий год"
          >
            →
          </button>
        </div>
      </div>
      <p className="text-sm text-slate-700">
        {fromFile
          ? 'Дни года загружены из файла производственного календаря.'
          : (py.decree ?? 'Постановления о переносах нет — действуют праздники ст. 112 ТК РФ.')}
        {py.status === 'provisional' && (
          <>
            {' '}
            {current.confirmedYears.includes(year) ? (
              <strong>Год подтверждён администратором.</strong>
            ) : (
              <>
                <strong>Данные предварительные.</strong> {py.note}
              </>
            )}{' '}
            <label className="ml-2 inline-flex items-center gap-2">
              <input
                type="checkbox"
                className="h-5 w-5"
                checked={current.confirmedYears.includes(year)}
                onChange={(e) =>
                  edit({
                    ...current,
                    confirmedYears: e.target.checked
                      ? [...current.confirmedYears, year]
                      : current.confirmedYears.filter((y) => y !== year),
                  })
                }
              />
              Год сверен с постановлением
            </label>
          </>
        )}
      </p>
      <ul className="flex flex-wrap gap-3 text-xs" aria-label="Обозначения">
        {(Object.keys(kindStyle) as DayKind[]).map((k) => (
          <li key={k} className={`rounded px-2 py-1 ring-1 ring-slate-200 ${kindStyle[k]}`}>
            {kindLabel[k]}
          </li>
        ))}
        <li className="rounded px-2 py-1 ring-2 ring-brand-600">изменено администратором</li>
      </ul>
      <p className="text-sm text-slate-600">
        Нажмите на день, чтобы сделать его рабочим или выходным.
      </p>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        {MONTHS.map((name, m) => (
          <Month
            key={name}
            year={year}
            month={m + 1}
            name={name}
            calendar={calendar}
            overridden={new Set(current.overrides.map((o) => o.date))}
            onToggle={toggleDay}
          />
        ))}
      </div>
      <ImportPanel onYear={setYear} />
      <Section title="Рабочее время и сроки">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TimeField
            label="Начало дня (пн–пт)"
            value={current.officeHours.weekdays[0]?.open ?? '09:00'}
            onChange={(v) => setWeekdayHours('open', v)}
          />
          <TimeField
            label="Конец дня (пн–пт)"
            value={current.officeHours.weekdays[0]?.close ?? '18:00'}
            onChange={(v) => setWeekdayHours('close', v)}
          />
          <TimeField
            label="Обед с"
            value={current.officeHours.lunch?.start ?? '13:00'}
            onChange={(v) => setLunch('start', v)}
          />
          <TimeField
            label="Обед до"
            value={current.officeHours.lunch?.end ?? '14:00'}
            onChange={(v) => setLunch('end', v)}
          />
        </div>
        <div className="mt-4 grid gap-4 sm:grid-cols-3">
          {(['regular', 'urgent', 'comment'] as const).map((k) => (
            <fieldset key={k} className="rounded-lg p-3 ring-1 ring-slate-200">
              <legend className="px-1 text-sm font-semibold">
                {
                  {
                    regular: 'Обычный запрос',
                    urgent: 'Поручение губернатора',
                    comment: 'Ответ на комментарий',
                  }[k]
                }
              </legend>
              <label className="label" htmlFor={`p-${k}-a`}>
                Срок
              </label>
              <input
                id={`p-${k}-a`}
                type="number"
                min={0.5}
                step={0.5}
                className="field"
                value={current.policies[k].amount}
                onChange={(e) => setPolicy(k, 'amount', e.target.value)}
              />
              <label className="label mt-2" htmlFor={`p-${k}-u`}>
                Единица
              </label>
              <select
                id={`p-${k}-u`}
                className="field"
                value={current.policies[k].unit}
                onChange={(e) => setPolicy(k, 'unit', e.target.value)}
              >
                <option value="workingDays">рабочих дней</option>
                <option value="workingHours">рабочих часов</option>
                <option value="hours">часов</option>
              </select>
            </fieldset>
          ))}
        </div>
      </Section>
      <ErrorNote error={save.error} />
      <div className="flex gap-3">
        <button
          className="btn-primary"
          disabled={!settings || save.isPending}
          onClick={() => save.mutate()}
        >
          Сохранить изменения
        </button>
        {settings && (
          <button className="btn-secondary" onClick={() => setSettings(null)}>
            Сбросить
          </button>
        )}
      </div>
    </div>
  )
}

function TimeField({
  label,
  value,
  onChange,
}: {
  label: string
  value: string
  onChange: (v: string) => void
}) {
  const id = `t-${label}`
  return (
    <div>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="time"
        className="field"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  )
}

function Month({
  year,
  month,
  name,
  calendar,
  overridden,
  onToggle,
}: {
  year: number
  month: number
  name: string
  calendar: WorkingCalendar
  overridden: Set<string>
  onToggle: (d: string) => void
}) {
  const first = isoDate(year, month, 1)
  const days: string[] = []
  for (let d = first; d.slice(5, 7) === String(month).padStart(2, '0'); d = addDays(d, 1))
    days.push(d)
  const offset = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7
  const working = days.filter((d) => calendar.day(d).intervals.length > 0).length
  return (
    <div className="card p-3">
      <h3 className="mb-2 flex justify-between text-sm font-semibold">
        {name} <span className="font-normal text-slate-600">{working} раб. дн.</span>
      </h3>
      <div
        className="grid grid-cols-7 gap-1 text-center text-xs"
        role="group"
        aria-label={`${name} ${year}`}
      >
        {['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'].map((w) => (
          <div key={w} className="text-slate-500" aria-hidden="true">
            {w}
          </div>
        ))}
        {Array.from({ length: offset }, (_, i) => (
          <div key={`e${i}`} />
        ))}
        {days.map((d) => {
          const kind = calendar.day(d).kind
          return (
            <button
              key={d}
              type="button"
              onClick={() => onToggle(d)}
              className={`rounded py-1 ${kindStyle[kind]} ${overridden.has(d) ? 'ring-2 ring-brand-600' : ''}`}
              aria-label={`${Number(d.slice(8))} ${MONTHS_GENITIVE[month - 1]}: ${kindLabel[kind]}`}
            >
              {Number(d.slice(8))}
            </button>
          )
        })}
      </div>
    </div>
  )
}
