import { alertmanagerFingerprint } from './alertmanager-fingerprint';
import { type Json, loadFixture } from './fixtures/fixtures';

describe('Alertmanager fingerprint', () => {
  it('matches the published value for {alertname="alert1",lbl1="val1"}', () => {
    expect(alertmanagerFingerprint({ alertname: 'alert1', lbl1: 'val1' })).toBe('fac0861a85de433a');
  });

  it('matches the fingerprints in a real delivery', () => {
    const alerts = loadFixture('alertmanager-two-alerts-firing')['alerts'] as Json[];

    expect(alerts.map((alert) => alertmanagerFingerprint(alert['labels'] as Record<string, string>))).toEqual(alerts.map((alert) => alert['fingerprint']));
  });

  it('does not depend on the order the labels were sent in', () => {
    expect(alertmanagerFingerprint({ lbl1: 'val1', alertname: 'alert1' })).toBe('fac0861a85de433a');
  });

  it('is the FNV-1a offset basis for an empty label set, as in Prometheus', () => {
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
  });
});
