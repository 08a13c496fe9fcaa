import { componentStatusLabels } from '../status/component-status';
import type { AutomaticUpdateKind, ImpactSnapshot } from './public-incident';

/** The words of an automatic update: catalog names and statuses only, never alert text. */
export function automaticUpdateBody(kind: AutomaticUpdateKind, impact: ImpactSnapshot, componentName: (id: string) => string): string {
  const names = Object.keys(impact).map(componentName).join(', ');
  switch (kind) {
    case 'opened':
      return `We are investigating an issue affecting ${names}.`;
    case 'reopened':
      return `The issue affecting ${names} has returned; we are investigating.`;
    case 'resolved':
      return 'This incident has been resolved.';
    case 'impact': {
      const statuses = Object.entries(impact).map(([id, status]) => `${componentName(id)}: ${componentStatusLabels[status].toLowerCase()}`);
      return `We have updated the impact of this incident (${statuses.join('; ')}).`;
    }
    default: {
      const unexpected: never = kind;
      throw new Error(`unexpected update kind ${String(unexpected)}`);
    }
  }
}
