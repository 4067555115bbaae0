/** An image attached to the post; its bytes live on the server, its SHA-256 here. */
export interface MediaRef {
  id: string
  name: string
  mime: 'image/jpeg' | 'image/png' | 'image/webp'
  bytes: number
  sha256: string
}
