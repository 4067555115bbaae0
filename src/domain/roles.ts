export const userRoles = ['editor', 'department', 'governor', 'admin'] as const
export type UserRole = (typeof userRoles)[number]

/** Who acts on a post: a signed-in person, or the server itself (timers, publishers). */
export type ActorRole = UserRole | 'system'

export interface Actor {
  id: string
  role: ActorRole
  /** Set for the `department` role: the one executive body the person speaks for. */
  departmentId?: string | null
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' }

export const roleLabels: Record<ActorRole, string> = {
  editor: 'ЦСМ',
  department: 'Департамент',
  governor: 'Губернатор',
  admin: 'Администратор',
  system: 'Система',
}

/** «Анна Соколова, ЦСМ»; the governor is «Губернатор», once; the server is «Система». */
export function personLabel(name: string, role: ActorRole): string {
  const label = roleLabels[role]
  if (role === 'system') return label
  return name.trim() === label || !name.trim() ? label : `${name}, ${label}`
}
