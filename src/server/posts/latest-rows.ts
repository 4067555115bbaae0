import type { PostRow } from './read-model'

/**
 * The newest row this process has read or written of recently used posts. Only a hint: an
 * event decides on it but writes only if the post is still at that version, and any refusal is
 * decided again on a fresh read (see `PostCommands.transition`). Bounded: the least recently
 * used post is dropped first.
 */
export class LatestRows {
  private readonly rows = new Map<string, PostRow>()

  constructor(private readonly max = 1_000) {}

  get(id: string): PostRow | undefined {
    return this.rows.get(id)
  }

  /** Keeps `row` unless a newer version of the same post is already known. */
  remember(row: PostRow) {
    const known = this.rows.get(row.id)
    if (known && known.version > row.version) return
    this.rows.delete(row.id)
    this.rows.set(row.id, row)
    if (this.rows.size > this.max) {
      const oldest = this.rows.keys().next().value
      if (oldest !== undefined) this.rows.delete(oldest)
    }
  }
}
