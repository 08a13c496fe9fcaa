import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

/**
 * The status an app's `/readyz` answers with, over HTTP or HTTPS.
 *
 * Over HTTPS the certificate is not verified, for this probe only: npm start
 * asks an app it has just started, on 127.0.0.1, whether it is ready. Its
 * certificate is the user's (TLS_CERT_FILE), usually issued for the name
 * senders use, not for 127.0.0.1, and often by a CA this process does not
 * know; the probe sends no credential and its answer grants nothing, so
 * there is nothing to protect that verification would. The user's own
 * clients verify as usual.
 */
export function readinessStatus(url: string, timeoutMs = 3_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const request = get(url, { timeout: timeoutMs, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
