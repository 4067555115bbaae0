/**
 * A post's images: the bytes are stored first, then attached through the machine
 * (ATTACH_MEDIA) as a new content version; a refused attachment removes the bytes again.
 */
import { createHash, randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { MediaRef, PostEventPayload } from '../../domain/post-lifecycle'
import type { Actor } from '../../domain/roles'
import type { Db } from '../db/client'
import { media, posts } from '../db/schema'
import { notFound } from '../lib/errors'
import { POST_NOT_FOUND } from './refusals'
import { canSee } from '../lib/visibility'

export interface UploadedImage {
  name: string
  mime: MediaRef['mime']
  bytes: Buffer
}

export class PostMedia {
  constructor(private readonly db: Db) {}

  /** Stores the image, then lets `attach` send ATTACH_MEDIA; undoes the store if refused. */
  async attach<T>(
    actor: Actor,
    postId: string,
    file: UploadedImage,
    now: Date,
    attach: (payload: PostEventPayload) => Promise<T>,
  ): Promise<T> {
    const [row] = await this.db
      .select({ departmentId: posts.departmentId })
      .from(posts)
      .where(eq(posts.id, postId))
    if (!row || !canSee(actor, row)) throw notFound(POST_NOT_FOUND)
    const ref: MediaRef = {
      id: randomUUID(),
      name: file.name,
      mime: file.mime,
      bytes: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    }
    await this.db.insert(media).values({
      id: ref.id,
      postId,
      name: ref.name,
      mime: ref.mime,
      size: ref.bytes,
      sha256: ref.sha256,
      bytes: file.bytes,
      createdBy: actor.id,
      createdAt: now,
    })
    try {
      return await attach({ type: 'ATTACH_MEDIA', media: ref })
    } catch (e) {
      await this.db.delete(media).where(eq(media.id, ref.id))
      throw e
    }
  }

  /** An image's bytes, for whoever may see its post. */
  async file(actor: Actor, mediaId: string) {
    const [row] = await this.db
      .select({ m: media, departmentId: posts.departmentId })
      .from(media)
      .innerJoin(posts, eq(posts.id, media.postId))
      .where(eq(media.id, mediaId))
    if (!row || !canSee(actor, { departmentId: row.departmentId }))
      throw notFound('Фото не найдено или у вас нет к нему доступа')
    return row.m
  }
}
