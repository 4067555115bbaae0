/** The emulated channel accounts (tests and test mode only). */
export const EMULATED = {
  telegram: { token: '123456:TEST-token', chatId: '@gov_test' },
  vk: { token: 'vk1.a.test-token', groupId: '555' },
  ok: { appKey: 'CBATESTKEY', secret: 'OK-SECRET-123', token: 'tkn-ok-test', groupId: '7001' },
  max: { token: 'max-test-bot-token-0001', chatId: '-70000000001' },
}
