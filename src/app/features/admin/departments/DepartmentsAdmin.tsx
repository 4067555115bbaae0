import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { DepartmentOverviewDto } from '../../../../shared/api/admin-contract'
import { pluralRu } from '../../../lib/format'
import { ErrorNote } from '../../../components/ErrorNote'
import { Section } from '../../../components/Section'
import { toast } from '../../../components/Toasts'
import { client, read } from '../../../lib/api'
import { keys } from '../../../lib/queries'
import { adminDepartmentsQuery, adminKeys } from '../queries'

const contactsWord = (n: number) =>
  `${n} ${pluralRu(n, ['активный контакт', 'активных контакта', 'активных контактов'])}`

export default function DepartmentsAdmin() {
  const queryClient = useQueryClient()
  const departments = useQuery(adminDepartmentsQuery)
  const [editing, setEditing] = useState<string | null>(null)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.departments() })
    void queryClient.invalidateQueries({ queryKey: keys.departments })
  }
  const toggle = useMutation({
    mutationFn: (d: DepartmentOverviewDto) =>
      read(
        client.admin.departments[':id'].$patch({
          param: { id: d.id },
          json: { active: !d.active },
        }),
      ),
    onSuccess: (_, d) => {
      toast(
        d.active
          ? `Департамент отключён — ${d.shortName}. Новые запросы ему не отправить`
          : `Департамент снова доступен для запросов — ${d.shortName}`,
        'success',
      )
      refresh()
    },
    onError: (e) => toast(e.message, 'error'),
  })
  const orphans = departments.data?.filter((d) => d.active && d.activeContacts === 0) ?? []

  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Департаменты</h1>
      {orphans.length > 0 && (
        <section
          aria-labelledby="orphans-title"
          className="rounded-lg bg-amber-50 px-4 py-3 text-amber-950 ring-1 ring-amber-300"
        >
          <h2 id="orphans-title" className="font-semibold">
            Без активного контакта: {orphans.length}{' '}
            {pluralRu(orphans.length, ['департамент', 'департамента', 'департаментов'])}
          </h2>
          <p className="mt-1 text-sm">
            Запросы им никто не получит. Добавьте пользователя с ролью «департамент» или включите
            отключённого на вкладке «Пользователи».
          </p>
          <p className="mt-2 text-sm">{orphans.map((d) => d.shortName).join(', ')}</p>
        </section>
      )}
      <NewDepartment onCreated={refresh} />
      <ul className="card divide-y divide-slate-100" aria-label="Департаменты">
        {departments.data?.map((d) => (
          <li key={d.id} className="px-4 py-3" aria-label={d.shortName}>
            {editing === d.id ? (
              <Rename
                department={d}
                onDone={(changed) => {
                  setEditing(null)
                  if (changed) refresh()
                }}
              />
            ) : (
              <div className="flex flex-wrap items-center gap-3">
                <div className="min-w-0 flex-1">
                  <div className={`font-medium ${d.active ? '' : 'text-slate-500'}`}>
                    {d.shortName}
                    {!d.active && <span className="ml-2 text-sm font-normal">· отключён</span>}
                  </div>
                  <div className="text-sm text-slate-600">{d.name}</div>
                </div>
                {d.active && d.activeContacts === 0 ? (
                  <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-950">
                    нет активного контакта
                  </span>
                ) : d.active ? (
                  <span className="text-sm text-slate-600">{contactsWord(d.activeContacts)}</span>
                ) : null}
                <button
                  type="button"
                  className="btn-secondary"
                  aria-label={`Переименовать: ${d.shortName}`}
                  onClick={() => setEditing(d.id)}
                >
                  Переименовать
                </button>
                <button
                  type="button"
                  className="btn-secondary"
                  aria-label={`${d.active ? 'Отключить' : 'Включить'}: ${d.shortName}`}
                  disabled={toggle.isPending}
                  onClick={() => toggle.mutate(d)}
                >
                  {d.active ? 'Отключить' : 'Включить'}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Rename({
  department,
  onDone,
}: {
  department: DepartmentOverviewDto
  onDone: (changed: boolean) => void
}) {
  const [form, setForm] = useState({ shortName: department.shortName, name: department.name })
  const save = useMutation({
    mutationFn: () =>
      read(client.admin.departments[':id'].$patch({ param: { id: department.id }, json: form })),
    onSuccess: () => {
      toast(`Департамент переименован — ${form.shortName}`, 'success')
      onDone(true)
    },
  })
  const unchanged = form.shortName === department.shortName && form.name === department.name
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_2fr_auto]"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <div>
        <label className="label" htmlFor={`r-short-${department.id}`}>
          Краткое название
        </label>
        <input
          id={`r-short-${department.id}`}
          className="field"
          value={form.shortName}
          required
          minLength={2}
          onChange={(e) => setForm({ ...form, shortName: e.target.value })}
        />
      </div>
      <div>
        <label className="label" htmlFor={`r-name-${department.id}`}>
          Полное название
        </label>
        <input
          id={`r-name-${department.id}`}
          className="field"
          value={form.name}
          required
          minLength={3}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
      </div>
      <div className="flex items-end gap-2">
        <button className="btn-primary" type="submit" disabled={unchanged || save.isPending}>
          Сохранить название
        </button>
        <button type="button" className="btn-secondary" onClick={() => onDone(false)}>
          Отмена
        </button>
      </div>
      <div className="sm:col-span-3">
        <ErrorNote error={save.error} />
      </div>
    </form>
  )
}

function NewDepartment({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({ id: '', name: '', shortName: '' })
  const create = useMutation({
    mutationFn: () => read(client.admin.departments.$post({ json: form })),
    onSuccess: () => {
      toast(`Департамент добавлен — ${form.shortName}`, 'success')
      setForm({ id: '', name: '', shortName: '' })
      onCreated()
    },
  })
  return (
    <Section title="Новый департамент">
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
  )
}
