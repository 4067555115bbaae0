import { sql } from 'drizzle-orm'
import type { ClockFact, CommentMarks, WorkItem } from '../../domain/analytics/facts'
import type { AnalyticsSource } from './post-source'

interface CommentClockRow {
  comment_id: string
  text: string
  network: string
  author_name: string
  department_id: string | null
  priority: boolean
  after_interim: boolean
  event: string
  started_at: number
  due_at: string | null
  provisional_due: string | null
  return_reason: string | null
  ended_at: number | null
  end_event: string | null
  overdue: number | string | null
  overrides: Array<{ at: string; reason: string | null; rules: string[] }> | null
}

/** Comment events that matter to the clocks, the overdue marks and the overrides. */
const EVENTS = sql`('TRIAGE', 'REASSIGN', 'RETURN_TO_DEPARTMENT', 'POSTED', 'SUBMIT_ANSWER',
  'DISMISS', 'WITHDRAWN', 'DEADLINE_PASSED', 'APPROVE_ANSWER')`

/**
 * Citizens' comments, straight from the append-only `comment_history`, in one statement that
 * runs on PGlite and PostgreSQL alike. The clocks are the comment machine's own:
 * - a clock **starts** when the SMC routes the comment (`TRIAGE` — counted from the comment's
 *   registration, as the machine does), reassigns it, returns the answer to the department,
 *   or when an interim answer is posted (the final answer's clock: the rows after it are
 *   `after_interim`);
 * - it **ends answered** when the department submits its answer (not an interim one) or when
 *   the interim answer reaches the citizen (`POSTED` back to the department); it **ends
 *   withdrawn** on «ответ не нужен», on the citizen deleting the comment, or when another
 *   clock replaces it (reassignment; a return of an interim answer still under review).
 * `lead()` over the boundary rows of each comment pairs each start with its end. Each row is
 * numbered by the clock that runs at it, so the system's `DEADLINE_PASSED` (recorded once per
 * clock) and the SMC's approvals that overrode a blocking checker finding are attached to the
 * clock — hence to the department — they belong to. The deadline a clock was given is in its
 * starting row's payload (`clock`, recorded since the comment clocks are; older rows leave it
 * to the domain, which recomputes it with today's calendar). Working time is the domain's
 * business.
 */
export const commentSource: AnalyticsSource = {
  name: 'comments',
  async items(db, q) {
    const start = new Date(q.start).toISOString()
    const end = new Date(q.end).toISOString()
    const department = q.departmentId ?? null
    const result = await db.execute(sql`
      with in_period as (
        select c.id from comments c
        where c.registered_at >= ${start}::timestamptz and c.registered_at < ${end}::timestamptz
        union
        select x.comment_id from comment_history x
        where x.event = 'REASSIGN' and x.at >= ${start}::timestamptz and x.at < ${end}::timestamptz
      ),
      candidates as (
        select p.id from in_period p ${
          department === null
            ? sql``
            : sql`where p.id in (select x.comment_id from comment_history x
                where x.department_ids @> jsonb_build_array(${department}::text))`
        }
      ),
      marked as (
        select h.id, h.comment_id, h.event, h.to_state, h.at,
          coalesce(h.payload->>'departmentId', h.department_ids->>0) as department_id,
          h.payload->'clock'->>'dueAt' as due_at,
          h.payload->'clock'->>'provisional' as provisional_due,
          h.event = 'TRIAGE' and h.payload->>'priority' = 'true' as priority_triage,
          case when h.event = 'RETURN_TO_DEPARTMENT' then h.payload->>'comment' end as return_reason,
          case when h.event = 'APPROVE_ANSWER' then jsonb_build_object('at', h.at,
            'reason', h.payload->>'override', 'rules', h.payload->'check'->'blocking') end as override,
          case
            when h.event = 'TRIAGE' and h.to_state = 'withDepartment' then 'start'
            when h.event in ('REASSIGN', 'RETURN_TO_DEPARTMENT') and h.to_state = 'withDepartment'
              then 'start'
            when h.event = 'POSTED' and h.to_state = 'withDepartment' then 'start'
            when h.event = 'SUBMIT_ANSWER' and coalesce(h.payload->>'interim', 'false') <> 'true'
              then 'end'
            when h.event in ('DISMISS', 'WITHDRAWN') and h.from_state in ('withDepartment', 'inReview')
              then 'end'
            when h.event = 'DEADLINE_PASSED' then 'overdue'
            when h.event = 'APPROVE_ANSWER'
              and jsonb_array_length(coalesce(h.payload->'check'->'blocking', '[]'::jsonb)) > 0
              then 'override'
          end as role
        from comment_history h join candidates c on c.id = h.comment_id
        where h.event in ${EVENTS}
      ),
      numbered as (
        select m.*,
          count(*) filter (where m.role = 'start') over w as clock_no,
          bool_or(m.event = 'POSTED' and m.to_state = 'withDepartment') over w as after_interim,
          bool_or(m.priority_triage) over (partition by m.comment_id) as priority
        from marked m
        where m.role is not null
        window w as (partition by m.comment_id order by m.id)
      ),
      paired as (
        select n.*, lead(n.event) over b as end_event, lead(n.at) over b as ended_at
        from numbered n
        where n.role in ('start', 'end')
        window b as (partition by n.comment_id order by n.id)
      ),
      marks as (
        select comment_id, clock_no,
          count(*) filter (where role = 'overdue') as overdue,
          jsonb_agg(override order by id) filter (where role = 'override') as overrides
        from numbered
        where role in ('overdue', 'override')
        group by comment_id, clock_no
      ),
      clocks as (
        select p.* from paired p where p.role = 'start'
      )
      select k.comment_id, c.text, c.network, c.author_name, k.department_id, k.priority,
        k.after_interim, k.event,
        (extract(epoch from case when k.event = 'TRIAGE' then c.registered_at else k.at end)
          * 1000)::float8 as started_at,
        k.due_at, k.provisional_due, k.return_reason,
        (extract(epoch from k.ended_at) * 1000)::float8 as ended_at,
        k.end_event, m.overdue, m.overrides
      from clocks k
        join comments c on c.id = k.comment_id
        left join marks m on m.comment_id = k.comment_id and m.clock_no = k.clock_no
      where ${department}::text is null or k.department_id = ${department}::text
      order by k.comment_id, k.id`)
    const rows = (result as unknown as { rows: CommentClockRow[] }).rows
    const items = new Map<string, WorkItem & { comment: CommentMarks }>()
    for (const r of rows) {
      if (!r.department_id) continue
      const key = `${r.comment_id}\u0000${r.department_id}`
      let item = items.get(key)
      if (!item) {
        item = {
          source: 'comments',
          refId: r.comment_id,
          title: excerpt(r.text),
          departmentId: r.department_id,
          kind: r.priority ? 'commentPriority' : 'comment',
          clocks: [],
          comment: {
            interimPostedAt: null,
            overrides: [],
            network: r.network,
            authorName: r.author_name,
          },
        }
        items.set(key, item)
      }
      const endedAt = r.ended_at === null ? null : Number(r.ended_at)
      const answered = r.end_event === 'SUBMIT_ANSWER' || r.end_event === 'POSTED'
      const clock: ClockFact = {
        startedAt: Number(r.started_at),
        // the deadline the department was given, recorded on the row that started the clock;
        // history written before it was recorded leaves it to the domain, which recomputes it
        // with the machine's rule and today's calendar
        dueAt: r.due_at ? Date.parse(r.due_at) : null,
        provisionalDue: r.provisional_due === 'true',
        endedAt,
        end: endedAt === null ? null : answered ? 'answered' : 'withdrawn',
        returnReason: r.return_reason,
        kind: r.after_interim ? 'commentFinal' : item.kind,
        overdueRecorded: Number(r.overdue ?? 0) > 0,
      }
      if (r.end_event === 'POSTED' && endedAt !== null) item.comment.interimPostedAt = endedAt
      for (const o of r.overrides ?? [])
        item.comment.overrides.push({
          at: Date.parse(o.at),
          reason: o.reason ?? '',
          rules: o.rules ?? [],
        })
      item.clocks.push(clock)
    }
    // A comment belongs to the period in which the department's first clock started.
    return [...items.values()].filter((i) => {
      const first = i.clocks[0]!.startedAt
      return first >= q.start && first < q.end
    })
  },
}

/** A comment's text as the drill-down's title: the first 120 characters, on one line. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}
