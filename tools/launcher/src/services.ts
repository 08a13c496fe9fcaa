/** The five apps in start order, with their default HTTP port offset from the base port. */
export const services = [
  { name: 'ingress', portOffset: 0 },
  { name: 'correlator', portOffset: 1 },
  { name: 'ticketing', portOffset: 2 },
  { name: 'status-page', portOffset: 3 },
  { name: 'ledger', portOffset: 4 },
] as const;

export type ServiceName = (typeof services)[number]['name'];
