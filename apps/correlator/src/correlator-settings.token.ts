/** The correlator-specific part of the config (`CorrelatorSettings`), for injection. */
export const CORRELATOR_SETTINGS = Symbol('CORRELATOR_SETTINGS');
