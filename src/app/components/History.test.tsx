import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { PostEventType, PostStateValue } from '../../domain/post-lifecycle'
import type { ActorRole } from '../../domain/roles'
import type { HistoryEntryDto, LiveEventDto } from '../../shared/api/contract'
import { liveNotice } from '../../domain/post-lifecycle/wording'
import { HistoryTimeline } from './History'

type Row = [
  PostEventType | 'CREATED',
  PostStateValue | null,
  PostStateValue,
  ActorRole,
  string,
  /** the history line */
  string,
  /** the notice the SMC reads */
  string,
]

const anna = 'Анна Соколова'
const igor = 'Игорь Петров'
/** Every event, as the history shows it and as a notice reads: the expected Russian, by hand. */
const TABLE: Row[] = [
  [
    'CREATED',
    null,
    'draft',
    'editor',
    anna,
    'Запрос создан — Анна Соколова, ЦСМ',
    'Запрос создан: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'CREATED',
    null,
    'draft',
    'governor',
    'Губернатор',
    'Поручение дано — Губернатор',
    'Новое поручение губернатора: «Мост»',
  ],
  [
    'SEND_REQUEST',
    'draft',
    'awaitingDepartment',
    'editor',
    anna,
    'Запрос отправлен департаменту — Анна Соколова, ЦСМ',
    'Запрос отправлен департаменту: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'WRITE_IN_HOUSE',
    'draft',
    'editing',
    'editor',
    anna,
    'Взято в работу ЦСМ — Анна Соколова, ЦСМ',
    'Взято в работу ЦСМ: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'SUBMIT_DRAFT',
    'awaitingDepartment',
    'editing',
    'department',
    igor,
    'Материал получен — Игорь Петров, Департамент',
    'Материал получен: «Мост» — Игорь Петров, Департамент',
  ],
  [
    'RETURN_TO_DEPARTMENT',
    'editing',
    'awaitingDepartment',
    'editor',
    anna,
    'Возвращено департаменту на доработку — Анна Соколова, ЦСМ',
    'Возвращено департаменту на доработку: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'REASSIGN',
    'editing',
    'awaitingDepartment',
    'editor',
    anna,
    'Передано другому департаменту — Анна Соколова, ЦСМ',
    'Передано другому департаменту: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'EDIT_TEXT',
    'editing',
    'editing',
    'editor',
    anna,
    'Текст изменён — Анна Соколова, ЦСМ',
    'Текст изменён: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'EDIT_TEXT',
    'approved',
    'awaitingGovernor',
    'editor',
    anna,
    'Текст изменён после утверждения — Анна Соколова, ЦСМ',
    'Текст изменён после утверждения: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'ATTACH_MEDIA',
    'awaitingDepartment',
    'awaitingDepartment',
    'department',
    igor,
    'Фото добавлено — Игорь Петров, Департамент',
    'Фото добавлено: «Мост» — Игорь Петров, Департамент',
  ],
  [
    'DETACH_MEDIA',
    'awaitingGovernor',
    'awaitingGovernor',
    'governor',
    'Губернатор',
    'Фото убрано — Губернатор',
    'Фото убрано: «Мост» — Губернатор',
  ],
  [
    'SEND_TO_GOVERNOR',
    'editing',
    'awaitingGovernor',
    'editor',
    anna,
    'Отправлено губернатору — Анна Соколова, ЦСМ',
    'Отправлено губернатору: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'APPROVE',
    'awaitingGovernor',
    'approved',
    'governor',
    'Губернатор',
    'Утверждено — Губернатор',
    'Утверждено: «Мост» — Губернатор',
  ],
  [
    'RETURN_TO_EDITOR',
    'awaitingGovernor',
    'editing',
    'governor',
    'Губернатор',
    'Возвращено в ЦСМ — Губернатор',
    'Возвращено в ЦСМ: «Мост» — Губернатор',
  ],
  [
    'REJECT',
    'awaitingGovernor',
    'rejected',
    'governor',
    'Губернатор',
    'Отклонено — Губернатор',
    'Отклонено: «Мост» — Губернатор',
  ],
  [
    'PUBLISH',
    'approved',
    'approved',
    'editor',
    anna,
    'Публикация запланирована — Анна Соколова, ЦСМ',
    'Публикация запланирована: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'PUBLISH',
    'approved',
    'publishing',
    'system',
    'Система',
    'Публикация начата',
    'Публикация начата: «Мост»',
  ],
  [
    'PUBLISHED',
    'publishing',
    'published',
    'system',
    'Система',
    'Опубликовано',
    'Опубликовано: «Мост»',
  ],
  [
    'CANCEL',
    'editing',
    'cancelled',
    'editor',
    anna,
    'Отменено — Анна Соколова, ЦСМ',
    'Отменено: «Мост» — Анна Соколова, ЦСМ',
  ],
  [
    'DEADLINE_PASSED',
    'awaitingDepartment',
    'awaitingDepartment',
    'system',
    'Система',
    'Срок истёк',
    'Срок истёк: «Мост»',
  ],
]

const entry = ([event, fromState, toState, actorRole, actorName]: Row, i: number) =>
  ({
    id: i + 1,
    event,
    fromState,
    toState,
    actorRole,
    actorName,
    actorId: `u${i}`,
    version: i + 1,
    textVersion: 1,
    at: '2026-12-01T10:00:00Z',
    payload: {},
  }) satisfies HistoryEntryDto

describe('the history, in Russian that reads as written by a person', () => {
  it('renders every event as a fact in the past, impersonal, with the person after a dash', () => {
    render(<HistoryTimeline history={TABLE.map(entry)} />)
    const lines = screen.getAllByRole('listitem').map((li) => li.firstElementChild!.nextSibling!)
    expect(lines.map((l) => l.textContent)).toEqual(TABLE.map((r) => r[5]).reverse())
  })

  it.each(TABLE.map((r, i) => [r[0], r, i] as const))('%s: the SMC’s notice', (_, row, i) => {
    const e = { ...entry(row, i), postId: 'p', title: 'Мост' } as LiveEventDto
    expect(liveNotice(e, 'editor')).toBe(row[6])
  })

  it('a department is told who asks for what', () => {
    const e = { ...entry(TABLE[2]!, 2), postId: 'p', title: 'Мост' } as LiveEventDto
    expect(liveNotice(e, 'department')).toBe('Новый запрос от ЦСМ: «Мост»')
  })

  it('no line names a person with a verb that would need a gender', () => {
    for (const row of TABLE) expect(row[5]).not.toMatch(/(изменил|прислал|добавил|убрал)\b/)
  })
})
