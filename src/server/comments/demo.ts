import { eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { users } from '../db/schema'
import type { CommentService, RegisterCommentInput } from './service'

import { DEMO_PAGE, demoPostId } from './demo-stream'

interface DemoComment {
  network: 'vk' | 'ok'
  author: string
  text: string
  post: string
  minutesAgo: number
  /** Routed by the SMC at once (the rest wait for her triage). */
  to?: { departmentId: string; priority: boolean }
}

const COMMENTS: DemoComment[] = [
  {
    network: 'vk',
    author: 'Мария Иванова',
    text: 'Когда отремонтируют дорогу на улице Ленина у дома 14? Яма уже неделю, машины бьют колёса.',
    post: 'Ремонт дорог в Сургуте: что сделают этим летом',
    minutesAgo: 50,
    to: { departmentId: 'transport', priority: false },
  },
  {
    network: 'vk',
    author: 'Андрей Смирнов',
    text: 'В поликлинике № 3 запись к терапевту только через две недели. Куда обращаться, если болит сейчас?',
    post: 'Новые пункты вакцинации в Югре',
    minutesAgo: 35,
    to: { departmentId: 'health', priority: true },
  },
  {
    network: 'ok',
    author: 'Светлана Кузнецова',
    text: 'Когда откроют детскую поликлинику в Нефтеюганске после ремонта? Возим детей в другой район.',
    post: 'Новые пункты вакцинации в Югре',
    minutesAgo: 20,
    to: { departmentId: 'health', priority: false },
  },
  {
    network: 'vk',
    author: 'Елена Крылова',
    text: 'Спасибо за новый каток в парке! Дети в восторге.',
    post: 'Зимние площадки открыты',
    minutesAgo: 15,
  },
  {
    network: 'ok',
    author: 'Сергей Волков',
    text: 'Почему в школе № 7 до сих пор не отремонтирован спортзал? Обещали к сентябрю.',
    post: 'Школы Югры готовы к учебному году',
    minutesAgo: 5,
  },
]

/**
 * Citizens' comments for a fresh demo database, so the answer workflow can be tried at once
 * after `npm start`: some already routed to departments by the SMC, some waiting for her.
 */
export async function seedDemoComments(db: Db, service: CommentService, now: Date) {
  const [smc] = await db.select({ id: users.id }).from(users).where(eq(users.login, 'smc'))
  if (!smc) return
  let n = 0
  for (const c of COMMENTS) {
    const page = DEMO_PAGE[c.network]
    const input: RegisterCommentInput = {
      network: c.network,
      pageId: page,
      networkPostId: demoPostId(c.post),
      networkCommentId: String(1000 + ++n),
      authorName: c.author,
      authorUrl:
        c.network === 'vk' ? `https://vk.com/id${7000 + n}` : `https://ok.ru/profile/${7000 + n}`,
      text: c.text,
      thread: { postText: c.post, postUrl: `/demo-channels#${c.network}`, earlier: [] },
      leftAt: new Date(now.getTime() - c.minutesAgo * 60_000),
      registeredAt: now,
    }
    const { id, created } = await service.register(input)
    if (created && c.to)
      await service.applyEvent(
        { id: smc.id, role: 'editor' },
        id,
        { type: 'TRIAGE', ...c.to },
        1,
        now,
      )
  }
}
