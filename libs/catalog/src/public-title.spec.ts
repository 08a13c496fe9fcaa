import { renderPublicTitle, unknownPlaceholders } from './public-title';

describe('unknownPlaceholders', () => {
  it('allows {{component}} and {{service}}, with or without inner spaces', () => {
    expect(unknownPlaceholders('{{component}} / {{ service }}: degraded')).toEqual([]);
  });

  it('names every other placeholder', () => {
    expect(unknownPlaceholders('{{component}}: {{alert.summary}} on {{host}}')).toEqual(['alert.summary', 'host']);
  });
});

describe('renderPublicTitle', () => {
  it('fills both placeholders', () => {
    expect(renderPublicTitle('{{service}} ({{component}}) is slow', { component: 'Checkout', service: 'Payment processing' })).toBe(
      'Payment processing (Checkout) is slow',
    );
  });

  it('does not expand placeholders inside the values it inserts', () => {
    expect(renderPublicTitle('{{component}} down', { component: '{{service}}', service: 'secret' })).toBe('{{service}} down');
  });
});
