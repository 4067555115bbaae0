import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Channel credentials at rest: AES-256-GCM with a key derived (HKDF-SHA-256) from
 * `VIZA_SECRET_KEY`. The stored form is `v1.<iv>.<tag>.<ciphertext>` in base64url; the channel
 * name is bound as associated data, so a row copied to another channel does not decrypt.
 */
export class SecretBox {
  private readonly key: Buffer

  private constructor(secret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', secret, 'viza', 'viza channel settings v1', 32) as ArrayBuffer,
    )
  }

  /** Null when the environment has no usable key: secrets are then refused, never stored plain. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox | null {
    const secret = env.VIZA_SECRET_KEY
    return secret && secret.length >= 16 ? new SecretBox(secret) : null
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    const b = (x: Buffer) => x.toString('base64url')
    return `v1.${b(iv)}.${b(cipher.getAuthTag())}.${b(data)}`
  }

  /** Throws when the key is wrong or the text was altered. */
  open(sealed: string, context: string): string {
    const [v, iv, tag, data] = sealed.split('.')
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown secret format')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
  }
}
