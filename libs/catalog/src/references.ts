import type { CatalogProblem } from './problems';

/**
 * Cross-references between sections: a service's team and component, a
 * routing rule's team and services, rules that can never match.
 *
 * These run on the raw document rather than the validated catalog, so that a
 * file with a typo in one team's rotation still gets its unknown-team
 * references reported in the same pass. A key counts as defined as soon as it
 * is present, valid or not, so one broken entry does not cascade into a
 * reference problem everywhere it is used.
 */
export function referenceProblems(document: unknown): CatalogProblem[] {
  if (!isMap(document)) return [];
  const problems: CatalogProblem[] = [];
  const teams = keysOf(document['teams']);
  const components = keysOf(document['components']);
  const services = keysOf(document['services']);

  const serviceEntries = document['services'];
  if (isMap(serviceEntries)) {
    for (const [name, service] of Object.entries(serviceEntries)) {
      if (!isMap(service)) continue;
      checkReference(problems, ['services', name, 'team'], service['team'], teams, 'team', 'teams');
      checkReference(problems, ['services', name, 'component'], service['component'], components, 'component', 'components');
    }
  }

  const routing = document['routing'];
  if (Array.isArray(routing)) {
    let catchAll: number | undefined;
    routing.forEach((rule: unknown, index) => {
      if (!isMap(rule)) return;
      checkReference(problems, ['routing', index, 'team'], rule['team'], teams, 'team', 'teams');
      const match = rule['match'];
      if (isMap(match) && Array.isArray(match['services'])) {
        match['services'].forEach((service: unknown, serviceIndex) => {
          checkReference(problems, ['routing', index, 'match', 'services', serviceIndex], service, services, 'service', 'services');
        });
      }
      if (catchAll !== undefined) {
        problems.push({
          path: ['routing', index],
          message: `can never match: routing[${catchAll}] has no conditions and matches every alert first`,
        });
      } else if (match === undefined || (isMap(match) && Object.keys(match).length === 0)) {
        catchAll = index;
      }
    });
  }
  return problems;
}

function checkReference(
  problems: CatalogProblem[],
  path: (string | number)[],
  value: unknown,
  known: ReadonlySet<string>,
  kind: string,
  section: string,
): void {
  if (typeof value !== 'string' || known.has(value)) return;
  const choices = known.size === 0 ? `there are no ${section}` : `known ${section}: ${[...known].join(', ')}`;
  problems.push({ path, message: `unknown ${kind} "${value}" (${choices})` });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keysOf(section: unknown): ReadonlySet<string> {
  return new Set(isMap(section) ? Object.keys(section) : []);
}
