/** A demo channel's link points inside Viza; a real one is shown as the address it is. */
export const linkLabel = (url: string) =>
  url.startsWith('/') ? 'открыть в демо-канале' : url.replace(/^https?:\/\//, '')
