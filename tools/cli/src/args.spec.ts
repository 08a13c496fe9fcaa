import { parseArgs, wantsHelp } from './args';

describe('parseArgs', () => {
  it('splits positional arguments from flags in both spellings', () => {
    expect(parseArgs(['create', '--source', 'alertmanager', '--name=prod', '--dry-run'])).toEqual({
      positional: ['create'],
      flags: { source: 'alertmanager', name: 'prod', 'dry-run': 'true' },
    });
  });
});

describe('wantsHelp', () => {
  it.each([['--help'], ['-h'], ['help'], ['integrations', '--help'], ['integrations', 'help'], ['integrations', 'create', '--help']])(
    'is true for %s',
    (...argv) => expect(wantsHelp(parseArgs(argv))).toBe(true),
  );

  it('is false when help is only the value of a flag', () => {
    expect(wantsHelp(parseArgs(['integrations', 'create', '--name', 'help']))).toBe(false);
  });
});
