import { runService } from '@hookline/platform/service';
import { ingressService } from './ingress.service';

void runService(ingressService);
