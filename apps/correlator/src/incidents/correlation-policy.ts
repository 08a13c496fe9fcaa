/** The correlator's rules that are not per integration (those travel on each alert: `grouping`). */
export interface CorrelationPolicy {
  /** A firing alert this soon after its incident resolved reopens it; later, it opens a new incident. */
  reopenCooldownSeconds: number;
  /** More reopens than this within `flappingWindowSeconds` mark the incident flapping. */
  flappingReopens: number;
  flappingWindowSeconds: number;
  /** While flapping, a resolve waits this long (and is cancelled by a new firing alert) before it is published. */
  flappingHoldDownSeconds: number;
  /** Used when an alert carries no `grouping`: open on the first alert. */
  defaultGroupThreshold: number;
  defaultGroupWindowSeconds: number;
}

export const defaultCorrelationPolicy: CorrelationPolicy = {
  reopenCooldownSeconds: 300,
  flappingReopens: 3,
  flappingWindowSeconds: 3_600,
  flappingHoldDownSeconds: 600,
  defaultGroupThreshold: 1,
  defaultGroupWindowSeconds: 300,
};

/** What the service catalog says about a service; empty for a service it does not list. */
export interface ServiceDescription {
  tier?: string;
  team?: string;
  component?: string;
}

/** What the correlator looks up about a service. An abstract class, so that it is both the type and the injection token. */
export abstract class ServiceDirectory {
  abstract describe(service: string): ServiceDescription;
}

export const emptyServiceDirectory: ServiceDirectory = { describe: () => ({}) };
