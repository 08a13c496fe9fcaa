import { z } from 'zod';
import { defineTopic } from './topic';

const schema = z.object({ data: z.object({ n: z.number() }) });

describe('defineTopic', () => {
  it('returns the definition with its key function', () => {
    const topic = defineTopic({ name: 'spec.widget.v1', description: 'test', schema, key: (event) => String(event.data.n) });
    expect(topic.name).toBe('spec.widget.v1');
    expect(topic.key({ data: { n: 7 } })).toBe('7');
  });

  it('accepts a test topic with a unique suffix', () => {
    expect(() => defineTopic({ name: 'spec.outbox_3fa9c1d2e4.v1', description: 'test', schema, key: () => 'k' })).not.toThrow();
  });

  it.each(['widget.v1', 'spec.widget', 'spec.widget.v0', 'Spec.widget.v1', 'spec.widget.v1.extra', 'spec..v1', 'dlq.correlator'])(
    'rejects the name %s',
    (name) => {
      expect(() => defineTopic({ name, description: 'test', schema, key: () => 'k' })).toThrow(/<owner>\.<aggregate>\.v<major>/);
    },
  );
});
