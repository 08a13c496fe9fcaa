import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const version = 'v1';
const nonceLength = 12;
/** GCM's full 128-bit tag. Pinned on decryption: Node would otherwise accept a truncated tag, as short as 4 bytes, and a forger needs far fewer tries. */
const authTagLength = 16;

/**
 * Integration secrets at rest: AES-256-GCM with the master key, a fresh
 * 96-bit nonce per secret, the integration id as associated data (a secret
 * copied onto another integration's row does not decrypt).
 * Stored as `v1.<nonce>.<tag>.<ciphertext>` in base64url.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the master key must be 32 bytes');
  }

  seal(plaintext: string, integrationId: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength });
    cipher.setAAD(Buffer.from(integrationId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [version, nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string, integrationId: string): string {
    const [tag, nonce, authTag, ciphertext] = sealed.split('.');
    if (tag !== version || !nonce || !authTag || ciphertext === undefined) throw new Error('not a sealed secret');
    const nonceBytes = Buffer.from(nonce, 'base64url');
    const tagBytes = Buffer.from(authTag, 'base64url');
    if (nonceBytes.length !== nonceLength || tagBytes.length !== authTagLength) throw new Error('not a sealed secret: wrong nonce or tag length');
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonceBytes, { authTagLength });
    decipher.setAAD(Buffer.from(integrationId));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
