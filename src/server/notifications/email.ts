import type nodemailer from 'nodemailer'
import type { Recipient, Sender, SendOutcome } from './sender'

export interface MailConfig {
  /** `VIZA_SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  smtpUrl: string
  /** `VIZA_MAIL_FROM`: `Виза <viza@example.ru>`. */
  from: string
  /** Tests: a local SMTP server with a self-signed certificate. */
  allowSelfSigned?: boolean
}

/** SMTP reply codes that will not change on a retry: the address or the message is refused. */
const permanent = (code: number | undefined) => code !== undefined && code >= 500 && code < 600

/**
 * E-mail through nodemailer over SMTP. A 5xx reply (unknown mailbox, refused domain) is a
 * permanent failure shown to the admin; a 4xx reply or a connection problem is retried.
 */
export function emailSender(config: MailConfig): Sender {
  // nodemailer (≈ 15 MB once loaded) is loaded with the first message, not at start.
  let transport: ReturnType<typeof nodemailer.createTransport> | null = null
  const transportNow = async () => {
    const { default: mailer } = await import('nodemailer')
    // The URL and the transport options together (a second argument would be message defaults).
    transport ??= mailer.createTransport({
      url: config.smtpUrl,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 10_000,
      socketTimeout: 20_000,
      ...(config.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
    } as Parameters<typeof mailer.createTransport>[0])
    return transport
  }
  return {
    channel: 'email',
    reaches: (r: Recipient) => !!r.email,
    async send(to, m): Promise<SendOutcome> {
      try {
        await (
          await transportNow()
        ).sendMail({
          from: config.from,
          to: { name: to.name, address: to.email! },
          subject: m.title,
          text: `${m.title}\n\n${m.body}\n\nОткрыть в Визе: ${m.url}\n`,
          html: htmlOf(m),
          headers: { 'X-Viza-Delivery': String(m.deliveryId) },
        })
        return { ok: true }
      } catch (err) {
        const e = err as { responseCode?: number; message?: string; code?: string }
        if (permanent(e.responseCode)) {
          return { ok: false, retryable: false, error: `Почта не принята: ${e.message ?? ''}` }
        }
        return {
          ok: false,
          retryable: true,
          error: `Почтовый сервер недоступен: ${e.code ?? e.message}`,
        }
      }
    },
    async close() {
      transport?.close()
    },
  }
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

function htmlOf(m: { title: string; body: string; url: string }) {
  const lines = m.body
    .split('\n')
    .filter(Boolean)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')
  return `<!doctype html><html lang="ru"><body><h1 style="font-size:18px">${escapeHtml(m.title)}</h1>${lines}<p><a href="${escapeHtml(m.url)}">Открыть в Визе</a></p></body></html>`
}
