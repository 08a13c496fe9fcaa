import type { TicketingConfig } from './config';

/** The ticketing-specific part of the config, for injection. */
export const TICKETING_SETTINGS = Symbol('TICKETING_SETTINGS');
export type TicketingSettings = TicketingConfig['ticketing'];
