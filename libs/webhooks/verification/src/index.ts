export { authConfigSchema, hmacPresets } from './auth-config';
export type { AuthConfig, AuthScheme, HmacPreset } from './auth-config';
export { generateSecret } from './generate-secret';
export { createVerifier, verifyRequest } from './verify-request';
export { missingCredentialHeader } from './credential-headers';
export type { RequestToVerify, VerificationResult, Verifier } from './verification-result';
export { standardWebhooksKey } from './standard-webhooks';
export { resolveHmacSettings } from './hmac';
export type { HmacSettings } from './hmac';
