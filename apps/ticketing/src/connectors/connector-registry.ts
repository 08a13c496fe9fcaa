import { Inject, Injectable } from '@nestjs/common';
import { Catalog } from '@hookline/catalog';
import { TICKETING_SETTINGS, type TicketingSettings } from '../ticketing-settings.token';
import type { TicketConnector } from './connector';
import { type ConnectorConfig, connectorConfigSchema } from './connector-config';
import { HttpTicketConnector } from './http-connector';
import { JiraTicketConnector } from './jira-connector';

/** A team's connector as the API shows it: never its credentials. */
export interface ConnectorDescription {
  /** The team id: one connector, and one circuit breaker, per team. */
  connector: string;
  kind: ConnectorConfig['kind'];
  system: string;
  baseUrl: string;
}

/** Thrown at start-up when a team's connector settings are wrong; lists every problem with its catalog path. */
export class ConnectorConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid ticket connectors in the service catalog:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConnectorConfigError';
  }
}

/** What the registry reads from the ticketing settings: the connector secrets and the default call timeout. */
export type ConnectorSettings = { secrets: TicketingSettings['secrets']; sync: Pick<TicketingSettings['sync'], 'timeoutMs'> };

/** The connectors of the catalog's teams, validated and built once at start-up. */
@Injectable()
export class ConnectorRegistry {
  private readonly connectors: ReadonlyMap<string, TicketConnector>;
  private readonly descriptions: readonly ConnectorDescription[];

  /**
   * Validates every `teams.<id>.connector` and checks that the secret each
   * names is set; throws a `ConnectorConfigError` naming every problem, so a
   * wrong setting stops the app while it is built, before it consumes
   * anything, rather than failing tickets later.
   */
  constructor(@Inject(Catalog) catalog: Catalog, @Inject(TICKETING_SETTINGS) settings: ConnectorSettings) {
    ({ connectors: this.connectors, descriptions: this.descriptions } = buildConnectors(catalog, settings.secrets, settings.sync.timeoutMs));
  }

  get(team: string): TicketConnector | undefined {
    return this.connectors.get(team);
  }

  has(team: string | undefined): team is string {
    return team !== undefined && this.connectors.has(team);
  }

  describe(): readonly ConnectorDescription[] {
    return this.descriptions;
  }
}

function buildConnectors(catalog: Catalog, secrets: ReadonlyMap<string, string>, defaultTimeoutMs: number) {
  const connectors = new Map<string, TicketConnector>();
  const descriptions: ConnectorDescription[] = [];
  const problems: string[] = [];
  for (const teamId of Object.keys(catalog.definition.teams)) {
    const raw = catalog.team(teamId)?.connector;
    if (raw === undefined) continue;
    const path = `teams.${teamId}.connector`;
    const parsed = connectorConfigSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${[path, ...issue.path.map(String)].join('.')}: ${issue.message}`));
      continue;
    }
    const config = parsed.data;
    const secretName = config.auth?.secret;
    const secret = secretName === undefined ? undefined : secrets.get(secretName);
    if (secretName !== undefined && secret === undefined) {
      problems.push(`${path}.auth.secret: the environment variable ${secretName} is not set`);
      continue;
    }
    const connector =
      config.kind === 'jira' ? new JiraTicketConnector(config, secret as string, defaultTimeoutMs) : new HttpTicketConnector(config, secret, defaultTimeoutMs);
    connectors.set(teamId, connector);
    descriptions.push({ connector: teamId, kind: config.kind, system: connector.system, baseUrl: config.baseUrl });
  }
  if (problems.length > 0) throw new ConnectorConfigError(problems);
  return { connectors, descriptions };
}
