import { parseArgs } from './commands';

describe('parseArgs', () => {
  it('splits positional arguments from flags in both spellings', () => {
    expect(parseArgs(['create', '--source', 'alertmanager', '--name=prod', '--dry-run'])).toEqual({
      positional: ['create'],
      flags: { source: 'alertmanager', name: 'prod', 'dry-run': 'true' },
    });
  });
});
