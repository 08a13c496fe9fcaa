import type { HttpTls } from '@hookline/platform/config';
import type { Logger } from '@hookline/platform/observability';
import { type StatsListener, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { type Server as TlsServer, createSecureContext } from 'node:tls';
import { secureContextPems } from './tls-server-options';

/** How often the certificate files are checked for a change; a stat of three files, so cheap. */
const CHECK_INTERVAL_MS = 2_000;

/**
 * Puts renewed certificate files into service without a restart: on SIGHUP
 * (`reload()`) or when a file changes, the files are read again and, if
 * they make a valid context, every listener's `setSecureContext` swaps it
 * in. New connections get the new certificate; open ones keep theirs.
 * Files are watched by polling their stat, not `fs.watch`, because a
 * renewal usually swaps them by rename or symlink (certbot, Kubernetes
 * secrets), which an inode watch does not follow. A half-written renewal
 * (the certificate new, its key still old) is logged and the current
 * context kept: the next change (the key) reloads.
 */
export class CertificateReloader {
  private readonly servers: TlsServer[] = [];
  private readonly paths: string[];
  private readonly onChange: StatsListener = (current, previous) => {
    if (current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino || current.size !== previous.size) this.reload('file changed');
  };

  constructor(
    private readonly tls: HttpTls,
    private readonly logger: Logger,
  ) {
    this.paths = [tls.cert.path, tls.key.path, ...(tls.clientCa ? [tls.clientCa.path] : [])];
  }

  serve(server: TlsServer): void {
    this.servers.push(server);
  }

  /** Watching never keeps the process alive on its own. */
  watch(intervalMs = CHECK_INTERVAL_MS): void {
    for (const path of this.paths) watchFile(path, { interval: intervalMs, persistent: false }, this.onChange);
  }

  stop(): void {
    for (const path of this.paths) unwatchFile(path, this.onChange);
  }

  /** True when the listeners now serve what the files hold; false (and the old certificate kept) when the files are unusable. */
  reload(reason = 'SIGHUP'): boolean {
    const { tls } = this;
    let options: ReturnType<typeof secureContextPems>;
    try {
      options = secureContextPems({
        cert: readFileSync(tls.cert.path, 'utf8'),
        key: readFileSync(tls.key.path, 'utf8'),
        ...(tls.clientCa ? { clientCa: readFileSync(tls.clientCa.path, 'utf8') } : {}),
      });
      createSecureContext(options);
    } catch (error) {
      this.logger.error({ err: error, reason, certFile: tls.cert.path, keyFile: tls.key.path }, 'TLS certificate not reloaded; still serving the previous one');
      return false;
    }
    for (const server of this.servers) server.setSecureContext(options);
    this.logger.info({ reason, certFile: tls.cert.path }, 'TLS certificate reloaded');
    return true;
  }
}
