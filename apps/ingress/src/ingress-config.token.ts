/** The ingress-specific part of the config (`IngressConfig['ingress']`), for injection. */
export const INGRESS_CONFIG = Symbol('INGRESS_CONFIG');
