import {
  addDays,
  computeDeadline,
  deadlineFor,
  fromRegion,
  toRegion,
  WorkingCalendar,
} from '../../domain/calendar'
import { weekStart } from '../../domain/analytics/figures'
import type { Actor } from '../../domain/roles'
import type { PostService } from '../posts/service'

/**
 * Eight weeks of finished requests for the demo database, made through the post service with
 * past clocks (so the history is the real machine's), so the analytics screen and the
 * governor's weekly summary have something to show right after `npm start`. Each department
 * keeps its own habit: health answers on time, transport is late every third week, education
 * often needs a return.
 */
export async function seedDemoHistory(
  service: PostService,
  people: { smc: Actor; departments: Record<string, Actor> },
  now: Date,
) {
  const calendar = new WorkingCalendar()
  const afterWorkingHours = (from: Date, amount: number) =>
    computeDeadline(calendar, { unit: 'workingHours', amount }, from).dueAt
  const monday = weekStart(toRegion(now).date)
  const habits: Record<string, (week: number, i: number) => { lateBy: number; returned: boolean }> =
    {
      health: () => ({ lateBy: 0, returned: false }),
      transport: (week, i) => ({ lateBy: week % 3 === 0 && i === 0 ? 2 : 0, returned: false }),
      education: (week, i) => ({ lateBy: week % 4 === 1 ? 1 : 0, returned: i === 1 }),
    }
  const titles = ['Итоги недели в отрасли', 'Ответ на вопросы жителей', 'Планы на следующую неделю']
  for (let week = 8; week >= 1; week--) {
    for (const [departmentId, actor] of Object.entries(people.departments)) {
      for (let i = 0; i < 2; i++) {
        const day = addDays(monday, -7 * week + i * 2) // Monday and Wednesday
        let at = fromRegion(day, 10 * 60 + i * 90 + Object.keys(habits).indexOf(departmentId) * 20)
        if (calendar.day(day).intervals.length === 0) continue // a holiday: no request
        const habit = habits[departmentId]!(week, i)
        const post = await service.create(
          people.smc,
          {
            title: `${titles[(week + i) % titles.length]} (${day.slice(8, 10)}.${day.slice(5, 7)})`,
            brief: 'Коротко, с цифрами и датами.',
            departmentId,
            urgent: false,
            channels: ['telegram', 'vk'],
          },
          at,
        )
        let v = (
          await service.applyEvent(people.smc, post.id, { type: 'SEND_REQUEST' }, post.version, at)
        ).version
        const rounds = habit.returned ? 2 : 1
        let last = at
        for (let round = 0; round < rounds; round++) {
          // answers come in working time: so many working hours after the request, or after
          // the deadline when the department is late
          const due = deadlineFor(calendar, 'regular', at).dueAt
          const answerAt =
            habit.lateBy && round === rounds - 1
              ? afterWorkingHours(due, habit.lateBy)
              : afterWorkingHours(at, 0.5 + ((week * 3 + i) % 7))
          if (answerAt >= now) return
          last = answerAt
          v = (
            await service.applyEvent(
              actor,
              post.id,
              { type: 'SUBMIT_DRAFT', text: `Материал: ${post.title}. Цифры и сроки — в тексте.` },
              v,
              answerAt,
            )
          ).version
          if (round < rounds - 1) {
            at = new Date(answerAt.getTime() + 3_600_000)
            v = (
              await service.applyEvent(
                people.smc,
                post.id,
                {
                  type: 'RETURN_TO_DEPARTMENT',
                  comment: 'Нет дат и ответственных: допишите, пожалуйста',
                },
                v,
                at,
              )
            ).version
          }
        }
        // Off the SMC's desk: the material went into the weekly digest.
        await service.applyEvent(
          people.smc,
          post.id,
          { type: 'CANCEL', reason: 'Материал вошёл в еженедельный обзор' },
          v,
          new Date(last.getTime() + 86_400_000),
        )
      }
    }
  }
}
