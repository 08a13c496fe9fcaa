import { createHash } from 'node:crypto';
import { decodeSha256Signature } from './signature-encoding';

const digest = createHash('sha256').update('body').digest();

describe('decodeSha256Signature', () => {
  it('decodes lowercase hex', () => {
    expect(decodeSha256Signature(digest.toString('hex'), 'hex')).toEqual(digest);
  });

  it('refuses hex with a character Buffer.from would silently stop at', () => {
    expect(decodeSha256Signature(`${digest.toString('hex').slice(0, 62)}zz`, 'hex')).toBeUndefined();
  });

  it('decodes padded base64', () => {
    expect(decodeSha256Signature(digest.toString('base64'), 'base64')).toEqual(digest);
  });

  it('decodes base64 without its padding', () => {
    expect(decodeSha256Signature(digest.toString('base64').replace('=', ''), 'base64')).toEqual(digest);
  });

  it('refuses a second spelling of the same bytes in base64', () => {
    // Set the two padding bits of the last character: the decoded bytes stay the same.
    const canonical = digest.toString('base64');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = canonical.charAt(42);
    const variant = `${canonical.slice(0, 42)}${alphabet.charAt(alphabet.indexOf(last) + 1)}=`;
    expect(Buffer.from(variant, 'base64')).toEqual(digest);
    expect(decodeSha256Signature(variant, 'base64')).toBeUndefined();
  });

  it('refuses a truncated signature', () => {
    expect(decodeSha256Signature(digest.toString('base64').slice(0, 40), 'base64')).toBeUndefined();
  });
});
