// Per-source payload schemas and their normalisation into ingress.alert.v1 events. Explicit exports only.

export { normaliseDelivery, sourceSchemas } from './normalise-delivery';
export type { NormaliseContext, ParseResult } from './normalise-context';

export { FieldMappingError, fieldMappingSchema } from './field-mapping';
export type { FieldMapping } from './field-mapping';

// For the admin API, so a template that cannot work is refused when it is saved, not met on the hot path.
export { correlationTemplateProblems, correlationTemplateSchema } from './correlation-key';

export { datadogRecommendedTemplate } from './datadog-template';

// For any other sender text ingress passes on (the delivery log's error detail quotes the sender's keys).
export { storableText } from './storable-text';
