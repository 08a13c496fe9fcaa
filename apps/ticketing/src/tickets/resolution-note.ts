import { fieldLimits, formatDuration, type IncidentData } from '@hookline/contracts/events';

/**
 * The note a ticket closes with: how long the incident lasted (from when it
 * first opened, reopenings included), how many alerts it gathered, and how
 * it ended, e.g. "Resolved after 1 h 12 min, 3 alerts: every alert recovered."
 * The duration is worded as everywhere else people read one (`formatDuration`).
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
