import { services } from '@hookline/launcher';
import { appPortOffsets, appUrl } from './app-url';

describe('appUrl', () => {
  it("knows every app's port offset as npm start lays them out", () => {
    expect(appPortOffsets).toEqual(Object.fromEntries(services.map((service) => [service.name, service.portOffset])));
  });

  it("derives an app's URL from the ingress's under npm start", () => {
    expect(appUrl('ticketing', 'http://127.0.0.1:3000', undefined, {})).toBe('http://127.0.0.1:3002');
    expect(appUrl('ingress', 'http://127.0.0.1:3000/', undefined, {})).toBe('http://127.0.0.1:3000');
  });

  it('takes the app URL variable, and --url above it', () => {
    const env = { HOOKLINE_STATUS_PAGE_URL: 'https://status-admin.example.com/' };

    expect(appUrl('status-page', 'http://127.0.0.1:3000', undefined, env)).toBe('https://status-admin.example.com');
    expect(appUrl('status-page', 'http://127.0.0.1:3000', 'http://10.0.0.5:9003', env)).toBe('http://10.0.0.5:9003');
  });

  it('names the setting when a URL is not one', () => {
    expect(() => appUrl('ledger', 'http://127.0.0.1:3000', undefined, { HOOKLINE_LEDGER_URL: 'ledger:3004' })).toThrow('HOOKLINE_LEDGER_URL must be an http(s) URL');
    expect(() => appUrl('ledger', 'http://127.0.0.1:3000', 'not a url', {})).toThrow('--url must be an http(s) URL');
  });
});
