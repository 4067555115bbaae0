import { describe, expect, it } from 'vitest'
import { commentTitle } from './comment-rules'
import { notificationMessage } from './messages'
import { publicationTroubleFor, type NotificationFacts } from './rules'

const names = { actorName: '', departmentName: null }
const trouble = (outcome: 'failed' | 'unknown', error: string | null) =>
  publicationTroubleFor({
    postId: 'p1',
    title: 'Итоги недели',
    urgent: false,
    channel: 'ok',
    outcome,
    error,
    at: '2026-12-02T06:00:00.000Z',
  })

describe('publication trouble, as the SMC reads it', () => {
  it('a channel that refused: which one, why, and what to do', () => {
    const m = notificationMessage(trouble('failed', 'OK 102: сессия истекла'), names, 'editor')
    expect(m).toEqual({
      title: 'Публикация не прошла: «Итоги недели» — Одноклассники',
      body:
        'Причина: OK 102: сессия истекла\n' +
        'Повторите отправку или опубликуйте вручную и укажите ссылку на странице поста.',
      path: '/posts/p1',
    })
  })

  it('an outcome nobody knows: check the channel, without a reason when none was given', () => {
    const m = notificationMessage(trouble('unknown', null), names, 'editor')
    expect(m.title).toBe('Неизвестно, вышел ли пост: «Итоги недели» — Одноклассники')
    expect(m.body).toBe('Проверьте канал и отметьте на странице поста, есть ли там пост.')
  })

  it('goes to the SMC, from the system', () => {
    expect(trouble('failed', 'x')).toMatchObject({
      kind: 'publicationTrouble',
      audience: [{ role: 'editor' }],
      actorRole: 'system',
    })
  })
})

describe('a named person, whose gender nobody knows', () => {
  const anna = { actorName: 'Анна Соколова', departmentName: 'Депздрав' }
  const facts = (
    kind: NotificationFacts['kind'],
    actorRole: NotificationFacts['actorRole'],
    event: NotificationFacts['event'] = 'RETURN_TO_DEPARTMENT',
  ): NotificationFacts => ({
    kind,
    postId: 'p1',
    title: 'Итоги недели',
    event,
    actorId: 'u1',
    actorRole,
    toState: 'awaitingDepartment',
    urgent: false,
    dueAt: null,
    departmentId: 'd1',
    comment: null,
    at: '2026-12-02T06:00:00.000Z',
    audience: [],
  })

  it.each([
    [facts('requestReturned', 'editor'), 'Возвращено — Анна Соколова, ЦСМ.'],
    [facts('materialSubmitted', 'department'), 'Отправлено — Анна Соколова, Департамент.'],
    [facts('awaitingGovernor', 'editor'), 'Отправлено — Анна Соколова, ЦСМ.'],
    [facts('commentRouted', 'editor', 'TRIAGE'), 'Направлено — Анна Соколова, ЦСМ.'],
    [facts('commentRouted', 'editor', 'REASSIGN'), 'Передано — Анна Соколова, ЦСМ.'],
    [facts('answerReturned', 'editor'), 'Возвращено — Анна Соколова, ЦСМ.'],
    [facts('answerSubmitted', 'department'), 'Отправлено — Анна Соколова, Депздрав.'],
  ])('is named after an impersonal verb: %#', (n, line) => {
    const [first] = notificationMessage(n, anna, 'editor').body.split('\n')
    expect(first?.slice(0, line.length)).toBe(line)
  })
})

describe('a priority comment, routed to a department', () => {
  const routed = (event: NotificationFacts['event']): NotificationFacts => ({
    kind: 'commentRouted',
    postId: null,
    commentId: 'c1',
    title: 'Когда заделают яму?',
    event,
    actorId: 'u1',
    actorRole: 'editor',
    toState: 'withDepartment',
    urgent: true,
    dueAt: '2026-12-01T10:00:00.000Z',
    departmentId: 'd1',
    comment: null,
    at: '2026-12-01T06:00:00.000Z',
    audience: [],
  })
  const names = { actorName: 'Анна Соколова', departmentName: null }

  it('says its urgency once, without a verb about anyone', () => {
    expect(notificationMessage(routed('TRIAGE'), names, 'department').title).toBe(
      'Приоритетный комментарий жителя от ЦСМ: «Когда заделают яму?» — до вт, 1 дек., 15:00',
    )
    expect(notificationMessage(routed('REASSIGN'), names, 'department').title).toBe(
      'Вам передан приоритетный комментарий жителя: «Когда заделают яму?» — до вт, 1 дек., 15:00',
    )
  })

  it("names a comment without text, without quoting it as the citizen's words", () => {
    const n = { ...routed('TRIAGE'), title: commentTitle('') }
    expect(notificationMessage(n, names, 'department').title).toBe(
      'Приоритетный комментарий жителя от ЦСМ: Комментарий без текста — до вт, 1 дек., 15:00',
    )
  })
})
