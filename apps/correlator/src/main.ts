import { runService } from '@hookline/platform/service';
import { correlatorDefinition } from './correlator.definition';

void runService(correlatorDefinition);
