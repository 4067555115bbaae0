import { and, asc, eq, gt } from 'drizzle-orm'
import type { PostStateValue } from '../../domain/post-lifecycle'
import type { HistoryEntryDto, TextVersionDto } from '../../shared/api/contract'
import type { Db } from '../db/client'
import { postHistory, postVersions } from '../db/schema'

export type VersionRecord = Omit<TextVersionDto, 'authorName'>
export type HistoryRecord = Omit<HistoryEntryDto, 'actorName'>

/** What this process knows of one post's append-only rows, complete up to `version`. */
interface Entry {
  /** Every history row with a post version ≤ this one is in `history`. */
  version: number
  /** Every text version with a number ≤ this one is in `versions`. */
  textNumber: number
  history: HistoryRecord[]
  versions: VersionRecord[]
}

/**
 * A post's text versions and history are append-only, and a post's versions are written one
 * after another (row lock or version guard), so whoever has seen version N has seen every row up
 * to N. This cache keeps them per post and reads only the rows added since, by whichever process:
 * a detail then costs no query when nothing changed, and a transition made here appends its own
 * rows without reading them back. Bounded: least recently used posts are dropped.
 */
export class PostRowsCache {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly max = 500) {}

  clear() {
    this.entries.clear()
  }

  /** The rows of a post as of post version `version` and text version `textNumber`. */
  async load(
    db: Db,
    postId: string,
    version: number,
    textNumber: number,
  ): Promise<{ history: HistoryRecord[]; versions: VersionRecord[] }> {
    let e = this.entries.get(postId)
    if (e) {
      this.entries.delete(postId) // re-inserted below: most recently used last
    } else {
      e = { version: 0, textNumber: 0, history: [], versions: [] }
    }
    if (e.version < version || e.textNumber < textNumber) {
      // History first, then versions: a text version is committed with its history row, so
      // the second read sees at least every text version the first one implies.
      const historyRows = await db
        .select()
        .from(postHistory)
        .where(and(eq(postHistory.postId, postId), gt(postHistory.version, e.version)))
        .orderBy(asc(postHistory.id))
      const versionRows = await db
        .select()
        .from(postVersions)
        .where(and(eq(postVersions.postId, postId), gt(postVersions.number, e.textNumber)))
        .orderBy(asc(postVersions.number))
      // Another load or an append may have added some of these while we waited.
      for (const h of historyRows) {
        if (h.version > e.version) {
          e.history.push(historyRecord(h))
          e.version = h.version
        }
      }
      for (const v of versionRows) {
        if (v.number > e.textNumber) {
          e.versions.push(versionRecord(v))
          e.textNumber = v.number
        }
      }
    }
    this.remember(postId, e)
    return {
      history: e.version > version ? e.history.filter((h) => h.version <= version) : e.history,
      versions:
        e.textNumber > textNumber ? e.versions.filter((v) => v.number <= textNumber) : e.versions,
    }
  }

  /**
   * A transition made by this process from post version `from`: adds its rows when the cache
   * holds everything before them (otherwise the next load reads what is missing).
   */
  append(
    postId: string,
    from: { version: number; textNumber: number },
    history: HistoryRecord,
    version: VersionRecord | null,
  ) {
    const e = this.entries.get(postId)
    if (!e || e.version !== from.version) return
    if (version && e.textNumber !== from.textNumber) return
    e.history.push(history)
    e.version = history.version
    if (version) {
      e.versions.push(version)
      e.textNumber = version.number
    }
  }

  private remember(postId: string, e: Entry) {
    this.entries.set(postId, e)
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
  }
}

export function historyRecord(h: typeof postHistory.$inferSelect): HistoryRecord {
  return {
    id: Number(h.id),
    event: h.event as HistoryEntryDto['event'],
    actorId: h.actorId,
    actorRole: h.actorRole,
    fromState: (h.fromState as PostStateValue | null) ?? null,
    toState: h.toState as PostStateValue,
    version: h.version,
    textVersion: h.textVersion,
    at: h.at.toISOString(),
    payload: h.payload,
  }
}

export function versionRecord(v: typeof postVersions.$inferSelect): VersionRecord {
  return {
    number: v.number,
    text: v.text,
    media: v.media,
    authorId: v.authorId,
    authorRole: v.authorRole,
    createdAt: v.createdAt.toISOString(),
  }
}
