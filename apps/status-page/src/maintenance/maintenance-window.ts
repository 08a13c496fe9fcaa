/** A planned maintenance window, as the status page keeps it and publishes it (statuspage.maintenance.v1). */
export interface MaintenanceWindow {
  id: string;
  revision: number;
  title: string;
  /** Shown on the page only; the event carries no prose. */
  description?: string;
  components: string[];
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Statuspage's maintenance statuses (`verifying` is never used: a window ends when it says it ends). */
export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'completed';

export function maintenanceStatus(window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt'>, now: Date): MaintenanceStatus {
  if (now < window.startsAt) return 'scheduled';
  return now < window.endsAt ? 'in_progress' : 'completed';
}

export const maintenanceStatusLabels: Record<MaintenanceStatus, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
};

/** Windows in force at `at` (not cancelled) that cover the component. */
export function coveringWindows(windows: readonly MaintenanceWindow[], component: string, at: Date): MaintenanceWindow[] {
  return windows.filter((window) => !window.cancelled && window.startsAt <= at && at < window.endsAt && window.components.includes(component));
}
