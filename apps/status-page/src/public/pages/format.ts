import { html, type Markup } from '../markup';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const monthOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** `12 May 2026, 14:03 UTC` in a `<time>` element; every time on the page is UTC and says so. */
export function time(date: Date): Markup {
  return html`<time datetime="${date.toISOString()}">${dateTime.format(date)} UTC</time>`;
}

export function day(date: Date): Markup {
  return html`<time datetime="${date.toISOString().slice(0, 10)}">${dayOnly.format(date)}</time>`;
}

export function monthName(date: Date): string {
  return monthOnly.format(date);
}

/** `2 h 5 min`, `45 min`, `under a minute`. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean).join(' ');
}

/** Uptime as people quote it: two decimals, never rounded up to a perfect 100 that was not. */
export function percent(value: number): string {
  const floored = Math.floor(value * 100) / 100;
  return `${floored.toFixed(2)} %`;
}
