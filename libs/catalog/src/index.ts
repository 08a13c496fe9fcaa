// The service catalog: one YAML file (config/catalog.yaml), validated with zod,
// and the lookups every app needs from it. Explicit exports only.

export {
  businessHoursSchema,
  componentSchema,
  defaultBusinessDays,
  defaultPriorityMatrix,
  defaultSeverityWeights,
  overrideSchema,
  rotationSchema,
  routingRuleSchema,
  routingWindows,
  serviceCatalogSchema,
  serviceSchema,
  teamSchema,
  tier,
  tiers,
} from './catalog.schema';
export type {
  BusinessHours,
  ComponentEntry,
  Priority,
  PriorityMatrix,
  Rotation,
  RotationOverride,
  RoutingRule,
  RoutingWindow,
  ServiceCatalog,
  ServiceCatalogInput,
  ServiceEntry,
  SeverityWeights,
  TeamEntry,
  Tier,
} from './catalog.schema';

export { catalogProblems, parseCatalog } from './parse-catalog';
export { defaultCatalogPath, loadCatalog } from './load-catalog';
export { CatalogError, formatPath, formatProblem } from './problems';
export type { CatalogPath, CatalogProblem } from './problems';

export { Catalog } from './catalog';
export type { ComponentInfo, ServiceInfo, TeamInfo } from './catalog';
export type { Route, RouteRequest } from './routing';
export { activeOverride, onCallAt, shiftAt } from './rotation';
export type { OnCall, Shift } from './rotation';
export { isWithinBusinessHours } from './business-hours';
export { defaultPublicTitle, publicTitlePlaceholders, renderPublicTitle } from './public-title';
export type { Weekday } from './zoned-time';
