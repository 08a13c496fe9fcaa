import type { PublicIncident } from '../incidents/public-incident';
import { coveringWindows, type MaintenanceWindow } from '../maintenance/maintenance-window';

/**
 * When an incident appears on the public page, or undefined if it never does.
 *
 * - Not before the publish delay has passed since it first had public
 *   impact: an alert that resolves within the delay never shows.
 * - An automatic incident that would appear while a maintenance window
 *   covers its component is part of that maintenance: it waits for the
 *   window to end, and shows only if it is still open then.
 * - What a person posts is public at once: an incident a person created or
 *   updated shows from their first post at the latest, whatever the delay
 *   or maintenance.
 *
 * Computed when the page is read, with the reader's delay, so every replica
 * shows the same thing whichever of them applied the events.
 */
export function publishedAt(incident: PublicIncident, windows: readonly MaintenanceWindow[], publishDelayMs: number): Date | undefined {
  const automatic = automaticPublication(incident, windows, publishDelayMs);
  if (!incident.personPostedAt) return automatic;
  return automatic && automatic < incident.personPostedAt ? automatic : incident.personPostedAt;
}

function automaticPublication(incident: PublicIncident, windows: readonly MaintenanceWindow[], publishDelayMs: number): Date | undefined {
  if (!incident.impactSince) return undefined;
  let at = new Date(incident.impactSince.getTime() + publishDelayMs);
  for (;;) {
    const ends = incident.components.flatMap((component) => coveringWindows(windows, component, at)).map((window) => window.endsAt.getTime());
    if (ends.length === 0) break;
    at = new Date(Math.max(...ends));
  }
  if (incident.resolvedAt && incident.resolvedAt < at) return undefined;
  return at;
}
