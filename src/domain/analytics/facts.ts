/**
 * What the analytics read from the history, source by source: the **work items** that a
 * department was asked to do and the **clocks** that ran while it did them. The figures
 * (`figures.ts`, `comment-figures.ts`) are computed from these facts only; each workflow
 * (requests for posts, citizens' comments) produces them from its own history — see
 * docs/analytics.md.
 */

/** Which workflow a work item comes from: requests for posts, or citizens' comments. */
export type WorkSource = 'posts' | 'comments'

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
  /**
   * The rule this clock ran by, when it is not the item's own: a comment's final answer after
   * an interim one runs on its own clock (7 working days).
   */
  kind?: ClockKind
  /** The system recorded this clock overdue (`DEADLINE_PASSED`, once per clock). */
  overdueRecorded?: boolean
}

/** The deadline rules of a request for a post (`DeadlineKind` of the working calendar). */
export type PostKind = 'regular' | 'urgent'
/** The answer rules of a citizen's comment: the calendar's `comment` rule, or a priority one. */
export type CommentKind = 'comment' | 'commentPriority'
/** The deadline rule a work item is measured by. */
export type WorkKind = PostKind | CommentKind
/** Any clock's rule: an item's, or a comment's final answer after an interim one. */
export type ClockKind = WorkKind | 'commentFinal'

/** What a comment's history adds to its clocks (marks the comment figures count). */
export interface CommentMarks {
  /** When an interim answer reached the citizen (its clock stopped then); null if none. */
  interimPostedAt: number | null
  /** Approvals that let a blocking finding of the answer checker through, with the SMC's reason. */
  overrides: Array<{ at: number; reason: string; rules: string[] }>
  network: string
  authorName: string
}

/**
 * A piece of work asked of one department: for posts, a request for material — one post and
 * one department, with every clock that department ran for that post (the first request and
 * the ones after each return).
 */
export interface WorkItem {
  source: WorkSource
  /** The post or the comment the work belongs to. */
  refId: string
  title: string
  departmentId: string
  kind: WorkKind
  /** In the order they ran; never empty. */
  clocks: ClockFact[]
  /** Comments only. */
  comment?: CommentMarks
}
