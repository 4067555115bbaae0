import { describe, expect, it } from 'vitest'
import type { CommentContext } from '../comment-lifecycle'
import {
  commentAuthorLabel,
  commentNotificationsFor,
  commentTitle,
  type CommentTransitionFacts,
} from './comment-rules'
import { notificationMessage } from './messages'

const context: CommentContext = {
  registeredAt: '2026-12-01T05:00:00.000Z',
  departmentId: 'health',
  priority: false,
  dismissal: null,
  text: '',
  textVersion: 0,
  interim: false,
  approval: null,
  clock: null,
  notes: [],
  interimPostedAt: null,
  answeredAt: null,
  links: [],
}
const facts = (over: Partial<CommentTransitionFacts>): CommentTransitionFacts => ({
  commentId: 'c1',
  text: 'Когда откроют каток?',
  author: 'Мария Иванова, ВКонтакте',
  event: 'TRIAGE',
  actorId: 'u1',
  actorRole: 'editor',
  fromState: 'registered',
  toState: 'withDepartment',
  context,
  previousDepartmentId: null,
  at: '2026-12-01T05:00:00.000Z',
  ...over,
})

describe('comment notifications', () => {
  it('name a comment by its opening words, cut at a word', () => {
    expect(commentTitle('Когда  откроют\nкаток?')).toBe('Когда откроют каток?')
    expect(
      commentTitle(
        'Добрый день! Подскажите, пожалуйста, когда на улице Мира заработает новая остановка автобуса',
      ),
    ).toBe('Добрый день! Подскажите, пожалуйста, когда на улице Мира…')
  })

  it('name a comment without text as such, not by empty quotes', () => {
    expect(commentTitle('')).toBe('Комментарий без текста')
    expect(commentTitle(' \n\t ')).toBe('Комментарий без текста')
  })

  it('name the author with the network', () => {
    expect(commentAuthorLabel('Мария Иванова', 'vk')).toBe('Мария Иванова, ВКонтакте')
  })

  it('a comment withdrawn or dismissed before it was routed tells nobody', () => {
    const before = { ...context, departmentId: null }
    for (const event of ['WITHDRAWN', 'DISMISS'] as const)
      expect(
        commentNotificationsFor(
          facts({ event, fromState: 'registered', toState: 'withdrawn', context: before }),
        ),
      ).toEqual([])
  })

  it('the citizen deleted a comment the department holds: it may stop', () => {
    const [n] = commentNotificationsFor(
      facts({
        event: 'WITHDRAWN',
        actorRole: 'system',
        actorId: 'system',
        fromState: 'withDepartment',
        toState: 'withdrawn',
      }),
    )
    expect(n).toMatchObject({ kind: 'commentWithdrawn', audience: [{ departmentId: 'health' }] })
    expect(notificationMessage(n!, { actorName: '', departmentName: null }, 'department')).toEqual({
      title: 'Житель удалил комментарий: «Когда откроют каток?»',
      body: 'Отвечать не нужно.\nАвтор комментария — Мария Иванова, ВКонтакте.',
      path: '/comments/c1',
    })
  })

  it('an interim answer posted: the department owes the final one', () => {
    const clock = {
      number: 2,
      kind: 'final' as const,
      departmentId: 'health',
      startedAt: '2026-12-01T06:00:00.000Z',
      dueAt: '2026-12-10T06:00:00.000Z',
      provisional: false,
      overdueAt: null,
      answeredAt: null,
    }
    const [n] = commentNotificationsFor(
      facts({
        event: 'POSTED',
        actorRole: 'system',
        actorId: 'system',
        fromState: 'posting',
        toState: 'withDepartment',
        context: { ...context, clock },
      }),
    )
    expect(
      notificationMessage(n!, { actorName: '', departmentName: null }, 'department').title,
    ).toBe(
      'Промежуточный ответ опубликован, нужен окончательный: «Когда откроют каток?» — до чт, 10 дек., 11:00',
    )
    // the final answer posted closes the matter: nothing more
    expect(
      commentNotificationsFor(
        facts({ event: 'POSTED', fromState: 'posting', toState: 'answered' }),
      ),
    ).toEqual([])
  })
})
