import { sql } from 'drizzle-orm'
import type { ClockFact, WorkItem } from '../../domain/analytics/facts'
import type { Db } from '../db/client'

/** Where and for whom the facts are read. */
export interface SourceQuery {
  /** Instants (epoch ms): work first asked of a department within [start, end). */
  start: number
  end: number
  /** Only this department's work (a department contact; or a chosen department). */
  departmentId?: string
}

/**
 * A workflow whose history yields work items for the analytics. Posts are the first; the
 * citizens' comments add a second one reading their own history (docs/analytics.md).
 */
export interface AnalyticsSource {
  readonly name: WorkItem['source']
  items(db: Db, q: SourceQuery): Promise<WorkItem[]>
}

interface ClockRow {
  post_id: string
  title: string
  urgent: boolean
  department_id: string | null
  started_at: number
  due_at: string | null
  provisional: string | null
  return_reason: string | null
  ended_at: number | null
  end_event: string | null
}

const STARTS = sql`('SEND_REQUEST', 'RETURN_TO_DEPARTMENT', 'REASSIGN')`
const ENDS = sql`('SUBMIT_DRAFT', 'CANCEL', 'WRITE_IN_HOUSE', 'REASSIGN')`

/**
 * The posts' department clocks, straight from the append-only history, in one statement that
 * runs on PGlite and PostgreSQL alike. A clock starts on a row that moves the post *into*
 * `awaitingDepartment` (a request, a return with its reason, a reassignment) and ends on the
 * next row that moves it *out* (the material — answered; a cancellation, the SMC writing it
 * itself, a reassignment — withdrawn). `lead()` over the boundary rows of each post pairs
 * them; a reassignment is both the end of one clock and the start of the next. The deadline
 * the department was given is in the starting row's payload (`clock`, recorded since the
 * analytics exist; older rows leave it to the calendar). Working-time arithmetic is not done
 * here: SQL hands over instants, the domain measures them with the working calendar.
 */
export const postSource: AnalyticsSource = {
  name: 'posts',
  async items(db, q) {
    const start = new Date(q.start).toISOString()
    const end = new Date(q.end).toISOString()
    const department = q.departmentId ?? null
    const result = await db.execute(sql`
      with candidates as (
        select distinct post_id from post_history
        where at >= ${start}::timestamptz and at < ${end}::timestamptz
          and to_state = 'awaitingDepartment' and event in ${STARTS}
          and (${department}::text is null or department_ids @> jsonb_build_array(${department}::text))
      ),
      boundary as (
        select h.id, h.post_id, h.event, h.from_state, h.to_state, h.at, h.department_ids, h.payload
        from post_history h join candidates c on c.post_id = h.post_id
        where (h.to_state = 'awaitingDepartment' and h.event in ${STARTS})
           or (h.from_state = 'awaitingDepartment' and h.event in ${ENDS})
      ),
      paired as (
        select b.*,
          lead(b.event) over w as end_event,
          lead(b.at) over w as ended_at
        from boundary b
        window w as (partition by b.post_id order by b.id)
      ),
      clocks as (
        select s.post_id, s.id, s.at, s.payload, s.event, s.end_event, s.ended_at,
          coalesce(
            s.payload->'clock'->>'departmentId',
            case when s.event = 'REASSIGN' then s.payload->>'departmentId' else s.department_ids->>0 end
          ) as department_id
        from paired s
        where s.to_state = 'awaitingDepartment' and s.event in ${STARTS}
      )
      select k.post_id, p.title, p.urgent, k.department_id,
        (extract(epoch from k.at) * 1000)::float8 as started_at,
        k.payload->'clock'->>'dueAt' as due_at,
        k.payload->'clock'->>'provisional' as provisional,
        case when k.event = 'RETURN_TO_DEPARTMENT' then k.payload->>'comment' end as return_reason,
        (extract(epoch from k.ended_at) * 1000)::float8 as ended_at,
        k.end_event
      from clocks k join posts p on p.id = k.post_id
      where ${department}::text is null or k.department_id = ${department}::text
      order by k.post_id, k.id`)
    const rows = (result as unknown as { rows: ClockRow[] }).rows
    const items = new Map<string, WorkItem>()
    for (const r of rows) {
      if (!r.department_id) continue
      const key = `${r.post_id}\u0000${r.department_id}`
      let item = items.get(key)
      if (!item) {
        item = {
          source: 'posts',
          refId: r.post_id,
          title: r.title,
          departmentId: r.department_id,
          kind: r.urgent ? 'urgent' : 'regular',
          clocks: [],
        }
        items.set(key, item)
      }
      const endedAt = r.ended_at === null ? null : Number(r.ended_at)
      const clock: ClockFact = {
        startedAt: Number(r.started_at),
        dueAt: r.due_at ? Date.parse(r.due_at) : null,
        provisionalDue: r.provisional === 'true',
        endedAt,
        end: endedAt === null ? null : r.end_event === 'SUBMIT_DRAFT' ? 'answered' : 'withdrawn',
        returnReason: r.return_reason,
      }
      item.clocks.push(clock)
    }
    // A request belongs to the period in which the department was first asked.
    return [...items.values()].filter((i) => {
      const first = i.clocks[0]!.startedAt
      return first >= q.start && first < q.end
    })
  },
}
