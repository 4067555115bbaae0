import type { Messenger, NotificationChannel } from '../../domain/notifications/rules'

/** The person a message goes to, as a sender needs them. */
export interface Recipient {
  id: string
  name: string
  email: string | null
  /** Linked messenger chats, by messenger. */
  chats: Partial<Record<Messenger, string>>
  /** The person's browsers subscribed to Web Push. */
  push: Array<{ id: number; endpoint: string; p256dh: string; auth: string }>
}

/** A message ready to go: the rendered text and the absolute link to the screen. */
export interface OutgoingMessage {
  deliveryId: number
  title: string
  body: string
  /** `VIZA_PUBLIC_URL` + the screen's path. */
  url: string
  urgent: boolean
}

export type SendOutcome =
  /** `note`: it went, but not everywhere (some of the person's browsers); the admin sees it. */
  | { ok: true; note?: string }
  /** `retryable`: the message surely did not go and may be tried again (after `retryAfterMs`). */
  | { ok: false; retryable: boolean; retryAfterMs?: number; error: string }

/**
 * One channel outside the tab (e-mail, a messenger, Web Push). The worker asks `reaches` when
 * it expands a notification (no address, no delivery row) and `send` for each claimed row.
 * A messenger (Telegram, MAX) is a Sender like any other.
 */
export interface Sender {
  channel: Exclude<NotificationChannel, 'app'>
  reaches(r: Recipient): boolean
  send(to: Recipient, m: OutgoingMessage): Promise<SendOutcome>
  close?(): Promise<void>
}

/** Backoff for a retryable failure: 10 s, 20 s, 40 s … at most 10 min, or what the channel asked. */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(10 * 60_000, 10_000 * 2 ** Math.max(0, attempts - 1))
  return Math.max(backoff, retryAfterMs ?? 0)
}

/** After this many attempts a retryable failure is given up and shown to the admin. */
export const MAX_ATTEMPTS = 6
