/** The status-page-specific part of the config (`StatusPageSettings`), for injection. */
export const STATUS_PAGE_SETTINGS = Symbol('STATUS_PAGE_SETTINGS');
