import { runService } from '@hookline/platform/service';
import { correlatorService } from './correlator.service';

void runService(correlatorService);
