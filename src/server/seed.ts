import { randomUUID } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import { sendingChannels } from '../domain/channels'
import type { Actor } from '../domain/roles'
import type { UserRole } from '../domain/roles'
import { hashPassword } from './auth/passwords'
import type { CalendarStore } from './calendar-store'
import type { Db } from './db/client'
import { departments, posts, users } from './db/schema'
import type { PostService } from './posts/service'
import { seedDemoHistory } from './analytics/demo-history'

/** Executive bodies of the Government of Khanty-Mansi Autonomous Okrug – Yugra. */
export const YUGRA_DEPARTMENTS = [
  [
    'health',
    'Департамент здравоохранения Ханты-Мансийского автономного округа – Югры',
    'Депздрав Югры',
  ],
  [
    'education',
    'Департамент образования и науки Ханты-Мансийского автономного округа – Югры',
    'Депобразования Югры',
  ],
  [
    'social',
    'Департамент социального развития Ханты-Мансийского автономного округа – Югры',
    'Депсоцразвития Югры',
  ],
  [
    'construction',
    'Департамент строительства и жилищно-коммунального комплекса Ханты-Мансийского автономного округа – Югры',
    'Депстрой и ЖКК Югры',
  ],
  [
    'transport',
    'Департамент дорожного хозяйства и транспорта Ханты-Мансийского автономного округа – Югры',
    'Дептранс Югры',
  ],
  [
    'culture',
    'Департамент культуры Ханты-Мансийского автономного округа – Югры',
    'Депкультуры Югры',
  ],
  [
    'sport',
    'Департамент физической культуры и спорта Ханты-Мансийского автономного округа – Югры',
    'Депспорт Югры',
  ],
  [
    'economy',
    'Департамент экономического развития Ханты-Мансийского автономного округа – Югры',
    'Депэкономики Югры',
  ],
  ['finance', 'Департамент финансов Ханты-Мансийского автономного округа – Югры', 'Депфин Югры'],
  [
    'nature',
    'Департамент недропользования и природных ресурсов Ханты-Мансийского автономного округа – Югры',
    'Депнедра Югры',
  ],
  [
    'industry',
    'Департамент промышленности Ханты-Мансийского автономного округа – Югры',
    'Деппромышленности Югры',
  ],
  [
    'policy',
    'Департамент внутренней политики Ханты-Мансийского автономного округа – Югры',
    'Депполитики Югры',
  ],
  [
    'public-relations',
    'Департамент общественных, внешних связей и молодёжной политики Ханты-Мансийского автономного округа – Югры',
    'Депобщсвязей Югры',
  ],
  [
    'property',
    'Департамент по управлению государственным имуществом Ханты-Мансийского автономного округа – Югры',
    'Депимущества Югры',
  ],
  [
    'digital',
    'Департамент информационных технологий и цифрового развития Ханты-Мансийского автономного округа – Югры',
    'Депцифразвития Югры',
  ],
  [
    'labour',
    'Департамент труда и занятости населения Ханты-Мансийского автономного округа – Югры',
    'Дептруда Югры',
  ],
  [
    'civil-defence',
    'Департамент гражданской защиты населения Ханты-Мансийского автономного округа – Югры',
    'Депгражданской защиты Югры',
  ],
  [
    'housing-inspection',
    'Служба жилищного и строительного надзора Ханты-Мансийского автономного округа – Югры',
    'Жилстройнадзор Югры',
  ],
  [
    'veterinary',
    'Ветеринарная служба Ханты-Мансийского автономного округа – Югры',
    'Ветслужба Югры',
  ],
  [
    'nature-inspection',
    'Служба по контролю и надзору в сфере охраны окружающей среды, объектов животного мира и лесных отношений Ханты-Мансийского автономного округа – Югры',
    'Природнадзор Югры',
  ],
] as const

export const DEMO_PASSWORD = 'viza-demo'

export const DEMO_USERS: ReadonlyArray<{
  login: string
  name: string
  role: UserRole
  departmentId?: string
}> = [
  { login: 'smc', name: 'Анна Соколова', role: 'editor' },
  { login: 'governor', name: 'Губернатор', role: 'governor' },
  { login: 'health', name: 'Игорь Петров', role: 'department', departmentId: 'health' },
  {
    login: 'transport',
    name: 'Мария Ким',
    role: 'department',
    departmentId: 'transport',
  },
  {
    login: 'education',
    name: 'Олег Смирнов',
    role: 'department',
    departmentId: 'education',
  },
  { login: 'admin', name: 'Администратор системы', role: 'admin' },
]

/** Departments and the calendar row: what every database needs. Idempotent. */
export async function seedBase(db: Db, calendars: CalendarStore, now: Date) {
  await db
    .insert(departments)
    .values(YUGRA_DEPARTMENTS.map(([id, name, shortName]) => ({ id, name, shortName })))
    .onConflictDoNothing()
  await calendars.ensure(db, now)
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users)
  return (row?.n ?? 0) === 0
}

/** A demo database is one with the demo accounts in it. */
export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.demo, true))
  return (row?.n ?? 0) > 0
}

export async function createUser(
  db: Db,
  u: {
    login: string
    name: string
    role: UserRole
    departmentId?: string | null
    email?: string | null
    password: string
    demo?: boolean
  },
  now: Date,
) {
  const id = randomUUID()
  await db.insert(users).values({
    id,
    login: u.login,
    name: u.name,
    role: u.role,
    departmentId: u.departmentId ?? null,
    email: u.email ?? null,
    passwordHash: await hashPassword(u.password),
    demo: u.demo ?? false,
    createdAt: now,
  })
  return id
}

/** Demo accounts for every role and a few posts in flight, so the first screen is not empty. */
export async function seedDemo(db: Db, service: PostService, now: Date) {
  const ids = new Map<string, Actor>()
  for (const u of DEMO_USERS) {
    const id = await createUser(db, { ...u, password: DEMO_PASSWORD, demo: true }, now)
    ids.set(u.login, { id, role: u.role, departmentId: u.departmentId ?? null })
  }
  const smc = ids.get('smc')!
  const governor = ids.get('governor')!
  const health = ids.get('health')!
  const transport = ids.get('transport')!
  const [postCount] = await db.select({ n: count() }).from(posts)
  if ((postCount?.n ?? 0) > 0) return
  // Finished requests of the past eight weeks, for the analytics screens (issue 15).
  await seedDemoHistory(
    service,
    {
      smc,
      departments: { health, transport, education: ids.get('education')! },
    },
    now,
  )

  const a = await service.create(
    smc,
    {
      title: 'Открытие поликлиники в Сургуте',
      brief: 'Нужны: дата открытия, число врачей и мест, что изменится для жителей микрорайона.',
      departmentId: 'health',
      urgent: false,
      channels: [...sendingChannels],
    },
    now,
  )
  await service.applyEvent(smc, a.id, { type: 'SEND_REQUEST' }, a.version, now)

  const b = await service.create(
    governor,
    {
      title: 'Ремонт моста через Обь: сроки',
      brief:
        'Жители спрашивают в комментариях, когда закончится ремонт и будет ли объезд. Коротко, с датами.',
      departmentId: 'transport',
      channels: ['telegram'],
    },
    now,
  )
  await service.applyEvent(smc, b.id, { type: 'SEND_REQUEST' }, b.version, now)

  const c = await service.create(
    smc,
    {
      title: 'Новые места в детских садах Нижневартовска',
      brief: 'Сколько мест откроется до конца года и как записаться.',
      departmentId: 'health',
      urgent: false,
      channels: ['telegram', 'vk'],
    },
    now,
  )
  let v = (await service.applyEvent(smc, c.id, { type: 'SEND_REQUEST' }, c.version, now)).version
  v = (
    await service.applyEvent(
      health,
      c.id,
      {
        type: 'SUBMIT_DRAFT',
        text: 'До конца года в Нижневартовске откроются 240 новых мест в двух детских садах. Записаться можно на Госуслугах.',
      },
      v,
      now,
    )
  ).version
  v = (
    await service.applyEvent(
      smc,
      c.id,
      {
        type: 'EDIT_TEXT',
        text: 'До 31 декабря в Нижневартовске откроются 240 мест в двух новых детских садах. Запись — на Госуслугах, в разделе «Запись в детский сад».',
      },
      v,
      now,
    )
  ).version
  await service.applyEvent(smc, c.id, { type: 'SEND_TO_GOVERNOR' }, v, now)

  const d = await service.create(
    smc,
    {
      title: 'График движения зимников',
      brief: 'Какие зимники открыты, ограничения по массе, телефон диспетчерской.',
      departmentId: 'transport',
      urgent: false,
      channels: [...sendingChannels],
    },
    now,
  )
  v = (await service.applyEvent(smc, d.id, { type: 'SEND_REQUEST' }, d.version, now)).version
  await service.applyEvent(
    transport,
    d.id,
    {
      type: 'SUBMIT_DRAFT',
      text: 'Открыты зимники Сургут – Нижневартовск и Ханты-Мансийск – Нягань. Ограничение — 30 тонн. Диспетчерская: 8 (3467) 00-00-00.',
    },
    v,
    now,
  )
}
