import { createHash, randomBytes } from 'node:crypto'
import { and, asc, eq, gt, lte } from 'drizzle-orm'
import type { Messenger } from '../../domain/notifications/rules'
import type { Db, Tx } from '../db/client'
import { messengerLinkCodes, messengerLinks, users } from '../db/schema'
import type { Clock } from '../lib/clock'
import type { OutgoingMessage, Recipient, Sender, SendOutcome } from './sender'

/**
 * A messenger bot that writes to a person's linked chat: Telegram (telegram.ts) and MAX
 * (max.ts). Each becomes a channel with `messengerSender`; both link people with the one-time
 * codes below.
 */
export interface MessengerBot {
  readonly messenger: Messenger
  sendDirect(chatId: string, m: OutgoingMessage): Promise<SendOutcome>
  close?(): Promise<void>
}

/** The worker's channel for a messenger: reaches whoever linked a chat with it. */
export function messengerSender(bot: MessengerBot): Sender {
  return {
    channel: bot.messenger,
    reaches: (r: Recipient) => !!r.chats[bot.messenger],
    send: (to, m) => bot.sendDirect(to.chats[bot.messenger]!, m),
    close: () => bot.close?.() ?? Promise.resolve(),
  }
}

// ---- one-time link codes, shared by the bots ----

/** How long a link code works. */
const LINK_CODE_TTL_MS = 15 * 60_000
const hash = (code: string) => createHash('sha256').update(code).digest('hex')
/** 24 characters of [A-Za-z0-9_-]: within Telegram's 64 and MAX's 128 for a start payload. */
const CODE = /^[A-Za-z0-9_-]{1,64}$/

/**
 * How many unused codes one person may hold per messenger at once. Each lives 15 minutes and
 * a used one is deleted, so this is also how many links a person can ask for in 15 minutes
 * without using one — enough for a page reloaded a few times, and it bounds the table.
 */
export const LINK_CODES_PER_PERSON = 5

/** Issuing refused: the person holds LINK_CODES_PER_PERSON unused codes; the oldest expires in `retryAfterSeconds`. */
export class TooManyLinkCodes extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many unused link codes')
  }
}

/**
 * A new one-time code for this person and messenger (only its SHA-256 is stored). Expired
 * codes (everyone's) are deleted first; a person holding LINK_CODES_PER_PERSON unused ones is
 * refused with `TooManyLinkCodes` until the oldest expires.
 */
export async function issueLinkCode(
  db: Db,
  clock: Clock,
  messenger: Messenger,
  userId: string,
): Promise<{ code: string; expiresAt: Date }> {
  const now = clock.now()
  return db.transaction(async (tx) => {
    await deleteExpiredLinkCodes(tx, now)
    // One issue at a time per person: two tabs asking at once cannot both pass the count.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update')
    const unused = await tx
      .select({ expiresAt: messengerLinkCodes.expiresAt })
      .from(messengerLinkCodes)
      .where(
        and(eq(messengerLinkCodes.userId, userId), eq(messengerLinkCodes.messenger, messenger)),
      )
      .orderBy(asc(messengerLinkCodes.expiresAt))
    if (unused.length >= LINK_CODES_PER_PERSON) {
      const ms = unused[unused.length - LINK_CODES_PER_PERSON]!.expiresAt.getTime() - now.getTime()
      throw new TooManyLinkCodes(Math.max(1, Math.ceil(ms / 1000)))
    }
    const code = randomBytes(18).toString('base64url')
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS)
    await tx
      .insert(messengerLinkCodes)
      .values({ codeHash: hash(code), userId, messenger, expiresAt })
    return { code, expiresAt }
  })
}

/** Deletes the codes that no longer work (on every issue, and on the sweeper's beat); how many. */
export async function deleteExpiredLinkCodes(db: Db | Tx, now: Date): Promise<number> {
  const gone = await db
    .delete(messengerLinkCodes)
    .where(lte(messengerLinkCodes.expiresAt, now))
    .returning({ codeHash: messengerLinkCodes.codeHash })
  return gone.length
}

/** Links the chat to the code's owner, once; false for an unknown, used or expired code. */
export async function redeemLinkCode(
  db: Db,
  clock: Clock,
  messenger: Messenger,
  code: string,
  chatId: string,
): Promise<boolean> {
  if (!CODE.test(code)) return false
  const now = clock.now()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(messengerLinkCodes)
      .where(
        and(
          eq(messengerLinkCodes.codeHash, hash(code)),
          eq(messengerLinkCodes.messenger, messenger),
          gt(messengerLinkCodes.expiresAt, now),
        ),
      )
      .returning()
    if (!row) return false
    // One chat per person, one person per chat: a new link replaces both sides' old ones.
    await tx
      .delete(messengerLinks)
      .where(and(eq(messengerLinks.messenger, messenger), eq(messengerLinks.chatId, chatId)))
    await tx
      .insert(messengerLinks)
      .values({ userId: row.userId, messenger, chatId, linkedAt: now })
      .onConflictDoUpdate({
        target: [messengerLinks.userId, messengerLinks.messenger],
        set: { chatId, linkedAt: now },
      })
    return true
  })
}

/** Unlinks a chat from its side (/stop, a blocked bot); true when one was linked. */
export async function unlinkChat(db: Db, messenger: Messenger, chatId: string) {
  const gone = await db
    .delete(messengerLinks)
    .where(and(eq(messengerLinks.messenger, messenger), eq(messengerLinks.chatId, chatId)))
    .returning()
  return gone.length > 0
}

/** Unlinks a person from Viza's side; the chat that was linked, if any. */
export async function unlinkUser(db: Db, messenger: Messenger, userId: string) {
  const [gone] = await db
    .delete(messengerLinks)
    .where(and(eq(messengerLinks.messenger, messenger), eq(messengerLinks.userId, userId)))
    .returning()
  return gone ? gone.chatId : null
}
