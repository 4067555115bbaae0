import type { OutgoingMessage, Recipient, Sender, SendOutcome } from './sender'

/**
 * A messenger bot that writes to a person's linked chat. Telegram implements it today
 * (telegram.ts); a MAX bot (the MAX client is built on another branch) implements the same
 * three members and becomes a channel with `messengerSender`, after adding 'max' to the
 * notification channels and the `messenger_links.messenger` values.
 */
export interface MessengerBot {
  readonly messenger: 'telegram'
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
