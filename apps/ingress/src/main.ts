import { runService } from '@hookline/platform/service';
import { ingressDefinition } from './ingress.definition';

void runService(ingressDefinition);
