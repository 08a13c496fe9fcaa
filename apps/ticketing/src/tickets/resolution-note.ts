import { fieldLimits, type IncidentData } from '@hookline/contracts/events';

/**
 * The note a ticket closes with: how long the incident lasted (from when it
 * first opened, reopenings included), how many alerts it gathered, and how
 * it ended, e.g. "Resolved after 1h 12m, 3 alerts: every alert recovered."
 */
export function resolutionNote(incident: IncidentData): string {
  const alerts = `${incident.alertCount} ${incident.alertCount === 1 ? 'alert' : 'alerts'}`;
  const lasted = incident.resolvedAt === undefined ? '' : ` after ${formatDuration(Date.parse(incident.resolvedAt) - Date.parse(incident.openedAt))}`;
  const resolution = incident.resolution;
  let how: string;
  switch (resolution?.reason) {
    case undefined:
      how = 'resolved';
      break;
    case 'alerts_resolved':
      how = incident.alertCount === 1 ? 'the alert recovered' : 'every alert recovered';
      break;
    case 'timeout':
      how = 'no alert arrived for the auto-resolve period';
      break;
    case 'manual':
      how = `resolved by hand${resolution.resolvedBy ? ` by ${resolution.resolvedBy}` : ''}`;
      break;
  }
  const note = resolution?.note ? ` Note: ${resolution.note}` : '';
  return `Resolved${lasted}, ${alerts}: ${how}.${note}`.slice(0, fieldLimits.detailLength);
}

/** "45s", "12m", "1h 12m", "2d 3h": two units at most, which is what a reader wants from a duration. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}
