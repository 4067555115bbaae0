/**
 * What the analytics read from the history, source by source: the **work items** that a
 * department was asked to do and the **clocks** that ran while it did them. The figures
 * (`figures.ts`) are computed from these facts only, so a second workflow (citizens'
 * comments) plugs in by producing the same facts from its own history — see ARCHITECTURE.md,
 * "Department discipline analytics".
 */

/** Which workflow a work item comes from. Comments add `'comments'` when they land. */
export type WorkSource = 'posts'

/**
 * One department clock: it starts when the department is asked (a request, a return, a
 * reassignment to it) and ends when it answers or the work is taken away from it.
 * Instants are epoch milliseconds.
 */
export interface ClockFact {
  startedAt: number
  /** The deadline recorded when the clock started; null in history written before it was. */
  dueAt: number | null
  /** Whether the recorded deadline touched a provisional production-calendar year. */
  provisionalDue: boolean
  /** When the clock stopped; null while it runs. */
  endedAt: number | null
  /** `answered`: the department gave its answer; `withdrawn`: cancelled, reassigned, taken in-house. */
  end: 'answered' | 'withdrawn' | null
  /** Set when the clock started because the SMC returned the material: the reason given. */
  returnReason: string | null
}

/** The deadline rule a work item is measured by (`DeadlineKind` of the working calendar). */
export type WorkKind = 'regular' | 'urgent'

/**
 * A piece of work asked of one department: for posts, a request for material — one post and
 * one department, with every clock that department ran for that post (the first request and
 * the ones after each return).
 */
export interface WorkItem {
  source: WorkSource
  /** The post (or, later, the comment) the work belongs to. */
  refId: string
  title: string
  departmentId: string
  kind: WorkKind
  /** In the order they ran; never empty. */
  clocks: ClockFact[]
}
