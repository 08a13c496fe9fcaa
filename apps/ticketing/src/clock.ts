import { Injectable } from '@nestjs/common';

/** The time, as a provider: specs step through backoff and breaker periods with a clock of their own instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
