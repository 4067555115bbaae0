import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Fragment, useState, type FormEvent } from 'react'
import { roleLabels, userRoles, type UserRole } from '../../../../domain/roles'
import type { UserDto } from '../../../../shared/api/contract'
import { ErrorNote } from '../../../components/ErrorNote'
import { Section } from '../../../components/Section'
import { toast } from '../../../components/Toasts'
import { client, read } from '../../../lib/api'
import { departmentsQuery, keys } from '../../../lib/queries'
import { adminKeys, adminUsersQuery } from '../queries'

interface UserForm {
  name: string
  role: UserRole
  departmentId: string
  email: string
  active: boolean
}

const formOf = (u: UserDto): UserForm => ({
  name: u.name,
  role: u.role,
  departmentId: u.departmentId ?? '',
  email: u.email ?? '',
  active: u.active,
})

export default function UsersAdmin({ me }: { me: UserDto }) {
  const queryClient = useQueryClient()
  const users = useQuery(adminUsersQuery)
  const departments = useQuery(departmentsQuery)
  const [editing, setEditing] = useState<string | null>(null)
  const [resetting, setResetting] = useState<string | null>(null)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.users() })
    // contacts per department change with users
    void queryClient.invalidateQueries({ queryKey: adminKeys.departments() })
    void queryClient.invalidateQueries({ queryKey: keys.departments })
  }
  const depName = (id: string | null) =>
    departments.data?.find((d) => d.id === id)?.shortName ?? '—'

  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Пользователи</h1>
      <NewUser onCreated={refresh} />
      <div className="card overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Пользователи</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th className="px-4 py-2">Логин</th>
              <th className="px-4 py-2">Имя</th>
              <th className="px-4 py-2">Роль</th>
              <th className="px-4 py-2">Департамент</th>
              <th className="px-4 py-2">Почта</th>
              <th className="px-4 py-2">Статус</th>
              <th className="px-4 py-2">
                <span className="sr-only">Действия</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.data?.map((u) => (
              <Fragment key={u.id}>
                {editing === u.id ? (
                  <tr>
                    <td colSpan={7} className="bg-slate-50 px-4 py-3">
                      <EditUser
                        user={u}
                        self={u.id === me.id}
                        onDone={(changed) => {
                          setEditing(null)
                          if (changed) refresh()
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr className={u.active ? '' : 'text-slate-500'}>
                    <td className="px-4 py-2 font-mono">{u.login}</td>
                    <td className="px-4 py-2">{u.name}</td>
                    <td className="px-4 py-2">{roleLabels[u.role]}</td>
                    <td className="px-4 py-2">
                      {u.role === 'department' ? depName(u.departmentId) : '—'}
                    </td>
                    <td className="px-4 py-2">{u.email ?? '—'}</td>
                    <td className="px-4 py-2">{u.active ? 'активен' : 'отключён'}</td>
                    <td className="px-4 py-2 text-right whitespace-nowrap">
                      <div className="flex justify-end gap-2">
                        <button
                          type="button"
                          className="btn-secondary"
                          aria-label={`Изменить: ${u.login}`}
                          onClick={() => setEditing(u.id)}
                        >
                          Изменить
                        </button>
                        <button
                          type="button"
                          className="btn-secondary"
                          aria-label={`Сменить пароль: ${u.login}`}
                          aria-expanded={resetting === u.id}
                          onClick={() => setResetting(resetting === u.id ? null : u.id)}
                        >
                          Сменить пароль
                        </button>
                      </div>
                    </td>
                  </tr>
                )}
                {resetting === u.id && (
                  <tr>
                    <td colSpan={7} className="bg-slate-50 px-4 py-3">
                      <ResetPassword user={u} onDone={() => setResetting(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function DepartmentField({
  id,
  value,
  onChange,
}: {
  id: string
  value: string
  onChange: (v: string) => void
}) {
  const departments = useQuery(departmentsQuery)
  return (
    <div>
      <label className="label" htmlFor={id}>
        Департамент
      </label>
      <select
        id={id}
        className="field"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
      >
        <option value="">Выберите…</option>
        {departments.data
          ?.filter((d) => d.active || d.id === value)
          .map((d) => (
            <option key={d.id} value={d.id}>
              {d.shortName}
            </option>
          ))}
      </select>
    </div>
  )
}

function RoleField({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string
  value: UserRole
  onChange: (v: UserRole) => void
  disabled?: boolean
}) {
  return (
    <div>
      <label className="label" htmlFor={id}>
        Роль
      </label>
      <select
        id={id}
        className="field"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as UserRole)}
      >
        {userRoles.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
    </div>
  )
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const empty = {
    login: '',
    name: '',
    role: 'department' as UserRole,
    departmentId: '',
    email: '',
    password: '',
  }
  const [form, setForm] = useState(empty)
  const create = useMutation({
    mutationFn: () =>
      read(
        client.admin.users.$post({
          json: { ...form, departmentId: form.role === 'department' ? form.departmentId : null },
        }),
      ),
    onSuccess: (u) => {
      toast(`Пользователь ${u.login} создан`, 'success')
      setForm(empty)
      onCreated()
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate()
  }
  return (
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
        <RoleField id="u-role" value={form.role} onChange={(role) => setForm({ ...form, role })} />
        {form.role === 'department' && (
          <DepartmentField
            id="u-dep"
            value={form.departmentId}
            onChange={(departmentId) => setForm({ ...form, departmentId })}
          />
        )}
        <div>
          <label className="label" htmlFor="u-email">
            Почта (необязательно)
          </label>
          <input
            id="u-email"
            type="email"
            className="field"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </div>
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
  )
}

function EditUser({
  user,
  self,
  onDone,
}: {
  user: UserDto
  self: boolean
  onDone: (changed: boolean) => void
}) {
  const [form, setForm] = useState<UserForm>(formOf(user))
  const initial = formOf(user)
  const change: Record<string, unknown> = {}
  if (form.name !== initial.name) change.name = form.name
  if (form.role !== initial.role) change.role = form.role
  if (form.role === 'department' && form.departmentId !== initial.departmentId)
    change.departmentId = form.departmentId
  if (form.email.trim() !== initial.email) change.email = form.email.trim()
  if (form.active !== initial.active) change.active = form.active
  const save = useMutation({
    mutationFn: () =>
      read(client.admin.users[':id'].$patch({ param: { id: user.id }, json: change })),
    onSuccess: () => {
      toast(
        change.active === false || change.role || change.departmentId
          ? `Изменения сохранены — ${user.login}. Сеансы пользователя завершены`
          : `Изменения сохранены — ${user.login}`,
        'success',
      )
      onDone(true)
    },
  })
  const nothing = Object.keys(change).length === 0
  const id = (f: string) => `e-${f}-${user.id}`
  return (
    <form
      aria-label={`Изменение пользователя ${user.login}`}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <h2 className="font-semibold sm:col-span-2 lg:col-span-5">
        Изменение пользователя <span className="font-mono">{user.login}</span>
      </h2>
      <div>
        <label className="label" htmlFor={id('name')}>
          Имя
        </label>
        <input
          id={id('name')}
          className="field"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          required
          minLength={2}
        />
      </div>
      <RoleField
        id={id('role')}
        value={form.role}
        disabled={self}
        onChange={(role) => setForm({ ...form, role })}
      />
      {form.role === 'department' && (
        <DepartmentField
          id={id('dep')}
          value={form.departmentId}
          onChange={(departmentId) => setForm({ ...form, departmentId })}
        />
      )}
      <div>
        <label className="label" htmlFor={id('email')}>
          Почта
        </label>
        <input
          id={id('email')}
          type="email"
          className="field"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
        />
      </div>
      <div className="flex items-end pb-2">
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="h-5 w-5"
            checked={form.active}
            disabled={self}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
          />
          Может входить в Визу
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-5">
        <button className="btn-primary" type="submit" disabled={nothing || save.isPending}>
          Сохранить изменения
        </button>
        <button type="button" className="btn-secondary" onClick={() => onDone(false)}>
          Отмена
        </button>
        {self && (
          <span className="text-sm text-slate-600">
            Свою роль и доступ изменить нельзя: так вы не закроете себе вход
          </span>
        )}
        {!self && form.active !== initial.active && !form.active && (
          <span className="text-sm text-slate-600">
            После сохранения пользователь выйдет из Визы на всех устройствах
          </span>
        )}
      </div>
      <div className="sm:col-span-2 lg:col-span-5">
        <ErrorNote error={save.error} />
      </div>
    </form>
  )
}

/** A new password typed into the row itself, with what will happen written on the button. */
function ResetPassword({ user, onDone }: { user: UserDto; onDone: () => void }) {
  const [password, setPassword] = useState('')
  const reset = useMutation({
    mutationFn: () =>
      read(
        client.admin.users[':id'].password.$post({ param: { id: user.id }, json: { password } }),
      ),
    onSuccess: () => {
      toast(`Пароль изменён — ${user.login}. Сеансы пользователя завершены`, 'success')
      onDone()
    },
  })
  const id = `p-${user.id}`
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault()
        reset.mutate()
      }}
    >
      <div>
        <label className="label" htmlFor={id}>
          Новый пароль для {user.login}
        </label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          className="field"
          value={password}
          minLength={8}
          required
          autoFocus
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button className="btn-primary" type="submit" disabled={reset.isPending}>
        Сменить пароль и завершить сеансы
      </button>
      <button type="button" className="btn-secondary" onClick={onDone}>
        Отмена
      </button>
      <div className="w-full">
        {password.length > 0 && password.length < 8 ? (
          <p className="text-sm text-slate-600">Пароль не короче 8 знаков</p>
        ) : null}
        <ErrorNote error={reset.error} />
      </div>
    </form>
  )
}
