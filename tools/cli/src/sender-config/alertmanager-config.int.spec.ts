import { amtoolCheckConfig } from '../testing/amtool';
import { alertmanagerConfig } from './alertmanager-config';
import type { CreatedIntegration } from './created-integration';

const created = (auth: CreatedIntegration['integration']['auth']): CreatedIntegration => ({
  id: 'int_3vQe1nq0RrJxk7Yb2c9pAw',
  webhookUrl: 'https://hookline.example/webhooks/int_3vQe1nq0RrJxk7Yb2c9pAw',
  secret: 'c2VjcmV0:with "quotes" and #hash',
  integration: { name: "prod: team's alerts", source: 'alertmanager', auth },
});

describe('the printed Alertmanager configuration', () => {
  it('passes amtool check-config with a bearer token', () => {
    const yaml = alertmanagerConfig(created({ scheme: 'bearer' })) ?? '';
    const result = amtoolCheckConfig(yaml);

    expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(result.output).toMatch(/1 receivers/);
  });

  it('passes amtool check-config with basic auth', () => {
    expect(amtoolCheckConfig(alertmanagerConfig(created({ scheme: 'basic', username: 'alertmanager' })) ?? '')).toMatchObject({ status: 0 });
  });

  it('sends resolved alerts and the credential the integration verifies', () => {
    const yaml = alertmanagerConfig(created({ scheme: 'bearer' }));

    expect(yaml).toContain('send_resolved: true');
    expect(yaml).toContain('type: Bearer');
    expect(yaml).toContain('credentials: "c2VjcmV0:with \\"quotes\\" and #hash"');
  });

  it('is not offered for a scheme Alertmanager cannot send', () => {
    expect(alertmanagerConfig(created({ scheme: 'standard-webhooks' }))).toBeUndefined();
  });
});
