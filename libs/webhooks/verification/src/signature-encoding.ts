export type SignatureEncoding = 'hex' | 'base64';

// Buffer.from(text, 'hex' | 'base64') silently skips or stops at invalid characters, so a
// truncated or garbled signature has to be refused by shape before it is decoded.
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
// 32 bytes end in a character holding 4 data bits and 2 zero bits; requiring those zero bits
// means each signature has exactly one accepted spelling, as when comparing the encoded text.
const BASE64_SHA256 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=?$/;

/** The 32 bytes of an encoded HMAC-SHA256 signature, or undefined when it has the wrong shape. */
export function decodeSha256Signature(text: string, encoding: SignatureEncoding): Buffer | undefined {
  const shape = encoding === 'hex' ? HEX_SHA256 : BASE64_SHA256;
  return shape.test(text) ? Buffer.from(text, encoding) : undefined;
}
