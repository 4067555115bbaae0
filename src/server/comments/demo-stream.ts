/**
 * The demo pages' citizens (no real VK or OK group): the posts they comment under and the
 * comments that keep arriving after the demo database was made, so catch-up polling has
 * something to read at once after `npm start` — and on every post published to a demo page.
 * Pure data and arithmetic: the demo adapter (channels/demo.ts) serves it as a page would.
 */
import type { InboundComment } from '../channels/adapter'

/** The demo pages, as comments know them. */
export const DEMO_PAGE = { vk: 'demo-vk', ok: 'demo-ok' } as const

/**
 * The demo pages' own standing posts (ids 900100…900103 on both pages: far above the ids of
 * posts published to a demo page, which count from 1).
 */
export const DEMO_POSTS = [
  'Ремонт дорог в Сургуте: что сделают этим летом',
  'Новые пункты вакцинации в Югре',
  'Зимние площадки открыты',
  'Школы Югры готовы к учебному году',
]
const STANDING = 900_100
export const demoPostId = (title: string) => String(STANDING + DEMO_POSTS.indexOf(title))
export const standingPostIds = () => DEMO_POSTS.map((_, i) => String(STANDING + i))

interface StreamComment {
  network: 'vk' | 'ok'
  /** A standing post (index in DEMO_POSTS), or any post published to the demo page. */
  post: number | 'published'
  author: string
  text: string
  /** Minutes after the demo database was made (or after the post was published). */
  minutes: number
}

const STREAM: StreamComment[] = [
  {
    network: 'vk',
    post: 0,
    author: 'Наталья Белова',
    text: 'На улице Энергетиков в Сургуте после ремонта снова провалился асфальт у остановки. Кто будет переделывать?',
    minutes: 2,
  },
  {
    network: 'ok',
    post: 1,
    author: 'Галина Орлова',
    text: 'Можно ли привиться от гриппа в ФАПе в Салыме или только в районной больнице?',
    minutes: 4,
  },
  {
    network: 'vk',
    post: 2,
    author: 'Дмитрий Соколов',
    text: 'Каток в парке классный, но вечером там нет освещения после 21:00. Можно продлить?',
    minutes: 8,
  },
  {
    network: 'vk',
    post: 3,
    author: 'Ирина Лебедева',
    text: 'В школе № 2 Нижневартовска до сих пор холодно в классах, дети сидят в куртках.',
    minutes: 15,
  },
  {
    network: 'ok',
    post: 0,
    author: 'Виктор Морозов',
    text: 'Когда начнут ремонт дороги на Нефтеюганском шоссе? Ямы по всей полосе.',
    minutes: 25,
  },
  {
    network: 'vk',
    post: 1,
    author: 'Олег Васильев',
    text: 'Спасибо врачам поликлиники № 1 за быструю вакцинацию!',
    minutes: 40,
  },
  {
    network: 'ok',
    post: 3,
    author: 'Татьяна Никитина',
    text: 'Почему автобус до школы в посёлке Солнечный ходит только два раза в день?',
    minutes: 60,
  },
  {
    network: 'vk',
    post: 0,
    author: 'Алексей Федоров',
    text: 'Во дворе дома 12 по улице Мира не вывозят снег уже неделю, машины не проехать.',
    minutes: 90,
  },
  // on every post published to a demo page
  {
    network: 'vk',
    post: 'published',
    author: 'Елена Захарова',
    text: 'А где можно узнать подробности? На сайте администрации пока ничего нет.',
    minutes: 3,
  },
  {
    network: 'ok',
    post: 'published',
    author: 'Николай Павлов',
    text: 'Хорошая новость. А для Ханты-Мансийского района это тоже касается?',
    minutes: 5,
  },
  {
    network: 'vk',
    post: 'published',
    author: 'Марина Егорова',
    text: 'Когда это начнёт работать в Нягани? У нас таких изменений не было.',
    minutes: 20,
  },
]

/**
 * The comments under `postId` of a demo page that have arrived by `now`: the standing posts'
 * from `since` (when the demo database was made), a published post's from its publication.
 */
export function demoStream(
  network: 'vk' | 'ok',
  postId: string,
  anchor: Date,
  now: Date,
): InboundComment[] {
  const standing = standingPostIds().indexOf(postId)
  const isStanding = standing >= 0
  return STREAM.flatMap((c, i) => {
    if (c.network !== network) return []
    if (isStanding ? c.post !== standing : c.post !== 'published') return []
    const leftAt = new Date(anchor.getTime() + c.minutes * 60_000)
    if (leftAt > now) return []
    const n = 8000 + i
    return [
      {
        pageId: DEMO_PAGE[network],
        networkPostId: postId,
        networkCommentId: String(isStanding ? n : n * 1000 + Number(postId)),
        authorName: c.author,
        authorUrl: network === 'vk' ? `https://vk.com/id${n}` : `https://ok.ru/profile/${n}`,
        text: c.text,
        leftAt,
        fromPage: false,
        deleted: false,
        earlier: [],
      },
    ]
  })
}
