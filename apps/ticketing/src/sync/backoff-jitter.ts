import { Injectable } from '@nestjs/common';

/** The random share of a retry's backoff (0 to 1), as a provider so that a spec can fix it and expect exact retry times. */
@Injectable()
export class BackoffJitter {
  fraction(): number {
    return Math.random();
  }
}
