import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header row and one CRLF-terminated line per row', () => {
    expect(toCsv(['service', 'uptime_percent'], [['checkout-api', 99.95], ['search-api', 100]])).toBe(
      'service,uptime_percent\r\ncheckout-api,99.95\r\nsearch-api,100\r\n',
    );
  });

  it('leaves a null field empty', () => {
    expect(toCsv(['service', 'uptime_percent'], [['checkout-api', null]])).toBe('service,uptime_percent\r\ncheckout-api,\r\n');
  });

  it('quotes fields holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(toCsv(['title'], [['a,b'], ['say "hi"'], ['two\nlines']])).toBe('title\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(toCsv(['service'], [['=HYPERLINK("http://evil.example")'], ['+1'], ['-2'], ['@SUM(A1)']])).toBe(
      'service\r\n"\'=HYPERLINK(""http://evil.example"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n',
    );
  });

  it('writes negative numbers as numbers', () => {
    expect(toCsv(['delta'], [[-1.5]])).toBe('delta\r\n-1.5\r\n');
  });
});
