import { type AlertState, alertmanagerWebhook } from './alertmanager';
import { serviceName } from './catalog';

export interface StormShape {
  webhooks: number;
  /** Distinct alerts (fingerprints). */
  alerts: number;
  services: number;
  /** Alerts per Alertmanager group; a group is one incident. */
  alertsPerGroup: number;
}

export const defaultStormShape: StormShape = { webhooks: 50_000, alerts: 500, services: 50, alertsPerGroup: 5 };

/** What the pipeline must end with for one group, whatever order the groups' webhooks interleave in. */
export interface GroupOutcome {
  status: 'open' | 'resolved';
  /** Times the group's incident resolved and fired again (within the correlator's cool-down, so the same incident). */
  reopens: number;
  alerts: number;
}

/** One Alertmanager group's notifications, to be sent in order (Alertmanager notifies a group one at a time). */
export interface StormGroup {
  groupKey: string;
  webhooks: Buffer[];
  expected: GroupOutcome;
}

// Share of notifications that repeat the previous one unchanged (repeat interval, the HA twin).
const repeatShare = 0.3;
// Full resolves in the middle of the storm, per group: reopening more often would mark the
// incident flapping and hold its last resolve down for ten minutes, longer than a run.
const maxMidStormResolves = 2;

/**
 * An alert storm as Alertmanager sends one: `alerts` alerts on `services`
 * services, in groups of `alertsPerGroup` (one group per service and alert
 * name), each group a sequence of notifications. A group's alerts fire one
 * after another, then alerts resolve and fire again at random, a group
 * resolves completely and comes back now and then, and three notifications
 * in ten repeat the previous one. At the end every other group has resolved.
 * Seeded, so every run sends the same storm.
 */
export function stormWebhooks(run: string, shape: StormShape = defaultStormShape): StormGroup[] {
  const groupCount = Math.ceil(shape.alerts / shape.alertsPerGroup);
  const alertNamesPerService = Math.ceil(groupCount / shape.services);
  const base = Date.now() - 3_600_000;
  return Array.from({ length: groupCount }, (_, index) => {
    const service = serviceName(index % shape.services);
    const alertName = `StormAlert${Math.floor(index / shape.services) % alertNamesPerService}`;
    const webhooks = Math.floor(shape.webhooks / groupCount) + (index < shape.webhooks % groupCount ? 1 : 0);
    const alertCount = Math.min(shape.alertsPerGroup, shape.alerts - index * shape.alertsPerGroup);
    return groupScript({ run, index, service, alertName, webhooks, alertCount, base, endResolved: index % 2 === 0 });
  });
}

interface GroupSpec {
  run: string;
  index: number;
  service: string;
  alertName: string;
  webhooks: number;
  alertCount: number;
  /** Epoch ms the group's alert times count from, one second per notification. */
  base: number;
  endResolved: boolean;
}

function groupScript(spec: GroupSpec): StormGroup {
  const random = mulberry32(spec.index + 1);
  const groupLabels = { alertname: spec.alertName, service: spec.service };
  const group = { groupKey: `{}:{alertname="${spec.alertName}", service="${spec.service}", storm="${spec.run}"}`, groupLabels };
  const alerts: AlertState[] = [];
  const webhooks: Buffer[] = [];
  let reopens = 0;
  let midStormResolves = 0;
  const firing = () => alerts.filter((alert) => alert.status === 'firing');
  const at = (step: number) => new Date(spec.base + step * 1000).toISOString();
  const fire = (alert: AlertState, step: number) => {
    if (alerts.length > 0 && firing().length === 0) reopens += 1;
    alert.status = 'firing';
    alert.startsAt = at(step);
    delete alert.endsAt;
  };
  const resolve = (alert: AlertState, step: number) => {
    alert.status = 'resolved';
    alert.endsAt = at(step);
  };

  for (let step = 0; step < spec.webhooks; step += 1) {
    const last = step === spec.webhooks - 1;
    if (alerts.length < spec.alertCount) {
      // The group builds up: one more alert fires with each notification.
      const number = alerts.length;
      const alert: AlertState = {
        fingerprint: `${spec.run}-${spec.index}-${number}`,
        labels: { ...groupLabels, instance: `10.${spec.index}.0.${number}:9100`, severity: number === 0 && spec.index % 4 === 0 ? 'critical' : number === 0 ? 'error' : 'warning' },
        summary: `${spec.service} ${spec.alertName} on instance ${number}`,
        status: 'firing',
        startsAt: at(step),
      };
      fire(alert, step);
      alerts.push(alert);
    } else if (last) {
      if (spec.endResolved) for (const alert of firing()) resolve(alert, step);
      else if (firing().length === 0) fire(alerts[0] as AlertState, step);
    } else if (random() >= repeatShare) {
      const alert = alerts[Math.floor(random() * alerts.length)] as AlertState;
      if (alert.status === 'resolved') fire(alert, step);
      else if (firing().length > 1) resolve(alert, step);
      else if (midStormResolves < maxMidStormResolves && step < spec.webhooks - 2) {
        midStormResolves += 1;
        resolve(alert, step);
      }
    }
    // A step that changed nothing sends the previous notification again: the same bytes.
    webhooks.push(alertmanagerWebhook(group, alerts));
  }
  return {
    groupKey: group.groupKey,
    webhooks,
    expected: { status: firing().length === 0 ? 'resolved' : 'open', reopens, alerts: alerts.length },
  };
}

/** A small seeded PRNG (mulberry32): the same storm on every run and machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
