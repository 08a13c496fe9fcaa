import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed for the same integration', () => {
    expect(box.open(box.seal('whsec_abc', 'int_1'), 'int_1')).toBe('whsec_abc');
  });

  it('never stores the secret in clear', () => {
    expect(box.seal('whsec_abc', 'int_1')).not.toContain('whsec_abc');
  });

  it('refuses to open a secret sealed for another integration', () => {
    expect(() => box.open(box.seal('whsec_abc', 'int_1'), 'int_2')).toThrow();
  });

  it('refuses to open a secret under another master key', () => {
    expect(() => new SecretBox(randomBytes(32)).open(box.seal('whsec_abc', 'int_1'), 'int_1')).toThrow();
  });

  it('refuses a sealed secret whose tag was cut short, which GCM would otherwise check against fewer bits', () => {
    const [v, nonce, tag, ciphertext] = box.seal('whsec_abc', 'int_1').split('.');
    const truncated = [v, nonce, Buffer.from(tag ?? '', 'base64url').subarray(0, 4).toString('base64url'), ciphertext].join('.');

    expect(() => box.open(truncated, 'int_1')).toThrow('wrong nonce or tag length');
  });
});
