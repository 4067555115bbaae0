import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState, type FormEvent } from 'react'
import { addDays, isoDate } from '../../../domain/calendar/region'
import {
  WorkingCalendar,
  type CalendarSettings,
  type DayKind,
  type DeadlinePolicies,
} from '../../../domain/calendar/working-calendar'
import { roleLabels, userRoles, type UserRole } from '../../../domain/roles'
import type { UserDto } from '../../../shared/api/contract'
import { ErrorNote, Section } from '../../components/bits'
import { toast } from '../../components/Toasts'
import { api, get, post } from '../../lib/api'
import { calendarQuery, departmentsQuery, keys } from '../../lib/queries'

export default function AdminPage({ tab, me }: { tab?: string; me: UserDto }) {
  if (tab === 'departments') return <Departments />
  if (tab === 'calendar') return <CalendarAdmin />
  return <Users me={me} />
}

const usersKey = [...keys.admin, 'users'] as const

function Users({ me }: { me: UserDto }) {
  const queryClient = useQueryClient()
  const users = useQuery({
    queryKey: usersKey,
    queryFn: () => get<{ items: UserDto[] }>('/admin/users'),
  })
  const departments = useQuery(departmentsQuery)
  const [form, setForm] = useState({
    login: '',
    name: '',
    role: 'department' as UserRole,
    departmentId: '',
    password: '',
  })
  const create = useMutation({
    mutationFn: () =>
      post<UserDto>('/admin/users', {
        ...form,
        departmentId: form.role === 'department' ? form.departmentId : null,
      }),
    onSuccess: (u) => {
      toast(`Пользователь ${u.login} создан`, 'success')
      setForm({ login: '', name: '', role: 'department', departmentId: '', password: '' })
      void queryClient.invalidateQueries({ queryKey: usersKey })
    },
  })
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: Record<string, unknown> }) =>
      api<UserDto>('PATCH', `/admin/users/${id}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
    onError: (e) => toast(e.message, 'error'),
  })
  const reset = async (u: UserDto) => {
    const password = window.prompt(`Новый пароль для ${u.login} (не короче 8 знаков)`)
    if (!password) return
    try {
      await post(`/admin/users/${u.id}/password`, { password })
      toast('Пароль изменён, сеансы пользователя завершены', 'success')
    } catch (e) {
      toast((e as Error).message, 'error')
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate()
  }
  const depName = (id: string | null) =>
    departments.data?.find((d) => d.id === id)?.shortName ?? '—'

  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Пользователи</h1>
      <Section title="Новый пользователь">
        <form className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" onSubmit={submit}>
          <div>
            <label className="label" htmlFor="u-login">
              Логин
            </label>
            <input
              id="u-login"
              className="field"
              value={form.login}
              onChange={(e) => setForm({ ...form, login: e.target.value })}
              required
            />
          </div>
          <div>
            <label className="label" htmlFor="u-name">
              Имя
            </label>
            <input
              id="u-name"
              className="field"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              required
            />
          </div>
          <div>
            <label className="label" htmlFor="u-role">
              Роль
            </label>
            <select
              id="u-role"
              className="field"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as UserRole })}
            >
              {userRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          </div>
          {form.role === 'department' && (
            <div>
              <label className="label" htmlFor="u-dep">
                Департамент
              </label>
              <select
                id="u-dep"
                className="field"
                value={form.departmentId}
                onChange={(e) => setForm({ ...form, departmentId: e.target.value })}
                required
              >
                <option value="">Выберите…</option>
                {departments.data?.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.shortName}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div>
            <label className="label" htmlFor="u-pass">
              Пароль
            </label>
            <input
              id="u-pass"
              type="password"
              autoComplete="new-password"
              className="field"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              required
              minLength={8}
            />
          </div>
          <div className="flex items-end">
            <button className="btn-primary" type="submit" disabled={create.isPending}>
              Создать
            </button>
          </div>
        </form>
        <ErrorNote error={create.error} />
      </Section>
      <div className="card overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Пользователи</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th className="px-4 py-2">Логин</th>
              <th className="px-4 py-2">Имя</th>
              <th className="px-4 py-2">Роль</th>
              <th className="px-4 py-2">Департамент</th>
              <th className="px-4 py-2">Статус</th>
              <th className="px-4 py-2">
                <span className="sr-only">Действия</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.data?.items.map((u) => (
              <tr key={u.id} className={u.active ? '' : 'text-slate-500'}>
                <td className="px-4 py-2 font-mono">{u.login}</td>
                <td className="px-4 py-2">{u.name}</td>
                <td className="px-4 py-2">{roleLabels[u.role]}</td>
                <td className="px-4 py-2">{depName(u.departmentId)}</td>
                <td className="px-4 py-2">{u.active ? 'активен' : 'отключён'}</td>
                <td className="space-x-2 px-4 py-2 text-right whitespace-nowrap">
                  <button className="btn-secondary" onClick={() => reset(u)}>
                    Сменить пароль
                  </button>
                  {u.id !== me.id && (
                    <button
                      className="btn-secondary"
                      onClick={() => update.mutate({ id: u.id, change: { active: !u.active } })}
                    >
                      {u.active ? 'Отключить' : 'Включить'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function Departments() {
  const queryClient = useQueryClient()
  const departments = useQuery(departmentsQuery)
  const [form, setForm] = useState({ id: '', name: '', shortName: '' })
  const create = useMutation({
    mutationFn: () => post('/admin/departments', form),
    onSuccess: () => {
      toast('Департамент добавлен', 'success')
      setForm({ id: '', name: '', shortName: '' })
      void queryClient.invalidateQueries({ queryKey: keys.departments })
    },
  })
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api('PATCH', `/admin/departments/${id}`, { active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.departments }),
    onError: (e) => toast(e.message, 'error'),
  })
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Департаменты</h1>
      <Section title="Новый орган власти">
        <form
          className="grid gap-3 sm:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault()
            create.mutate()
          }}
        >
          <div>
            <label className="label" htmlFor="d-id">
              Код (латиницей)
            </label>
            <input
              id="d-id"
              className="field"
              value={form.id}
              onChange={(e) => setForm({ ...form, id: e.target.value })}
              required
            />
          </div>
          <div>
            <label className="label" htmlFor="d-short">
              Краткое название
            </label>
            <input
              id="d-short"
              className="field"
              value={form.shortName}
              onChange={(e) => setForm({ ...form, shortName: e.target.value })}
              required
            />
          </div>
          <div>
            <label className="label" htmlFor="d-name">
              Полное название
            </label>
            <input
              id="d-name"
              className="field"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              required
            />
          </div>
          <div>
            <button className="btn-primary" type="submit" disabled={create.isPending}>
              Добавить
            </button>
          </div>
        </form>
        <ErrorNote error={create.error} />
      </Section>
      <ul className="card divide-y divide-slate-100">
        {departments.data?.map((d) => (
          <li key={d.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
            <div className="flex-1">
              <div className="font-medium">{d.shortName}</div>
              <div className="text-sm text-slate-600">{d.name}</div>
            </div>
            <span className="font-mono text-xs text-slate-600">{d.id}</span>
            <button
              className="btn-secondary"
              onClick={() => toggle.mutate({ id: d.id, active: !d.active })}
            >
              {d.active ? 'Скрыть' : 'Вернуть'}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

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

function CalendarAdmin() {
  const queryClient = useQueryClient()
  const { data } = useQuery(calendarQuery)
  const [year, setYear] = useState(new Date().getFullYear())
  const [settings, setSettings] = useState<CalendarSettings | null>(null)
  const current = settings ?? data?.settings ?? null
  const calendar = useMemo(() => (current ? new WorkingCalendar(current) : null), [current])
  const save = useMutation({
    mutationFn: async () => {
      const { policies, ...rest } = current!
      await api('PUT', '/admin/calendar', rest)
      await api('PUT', '/admin/policies', policies)
    },
    onSuccess: () => {
      toast('Календарь сохранён. Уже выставленные сроки не меняются.', 'success')
      setSettings(null)
      void queryClient.invalidateQueries({ queryKey: keys.calendar })
    },
  })
  if (!current || !calendar) return <p role="status">Загрузка…</p>
  const py = calendar.productionYear(year)
  const toggleDay = (date: string) => {
    const kind = calendar.day(date).kind
    const overrides = current.overrides.filter((o) => o.date !== date)
    const had = current.overrides.some((o) => o.date === date)
    setSettings({
      ...current,
      overrides: had ? overrides : [...overrides, { date, kind: NEXT_KIND[kind] }],
    })
  }
  const setHours = (
    change: (h: CalendarSettings['officeHours']) => CalendarSettings['officeHours'],
  ) => setSettings({ ...current, officeHours: change(current.officeHours) })
  const setWeekdayHours = (field: 'open' | 'close', v: string) =>
    setHours((h) => ({ ...h, weekdays: h.weekdays.map((d) => (d ? { ...d, [field]: v } : d)) }))
  const setLunch = (field: 'start' | 'end', v: string) =>
    setHours((h) => ({
      ...h,
      lunch: { start: h.lunch?.start ?? '13:00', end: h.lunch?.end ?? '14:00', [field]: v },
    }))
  const setPolicy = (k: keyof DeadlinePolicies, field: 'unit' | 'amount', value: string) =>
    setSettings({
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
        {py.decree ?? 'Постановления о переносах нет — действуют праздники ст. 112 ТК РФ.'}
        {py.status === 'provisional' && (
          <>
            {' '}
            <strong>Данные предварительные.</strong> {py.note}{' '}
            <label className="ml-2 inline-flex items-center gap-2">
              <input
                type="checkbox"
                className="h-5 w-5"
                checked={current.confirmedYears.includes(year)}
                onChange={(e) =>
                  setSettings({
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
