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

/** Uptime as people quote it: two decimals, never rounded up to a perfect 100 that was not. */
export function percent(value: number): string {
  const floored = Math.floor(value * 100) / 100;
  return `${floored.toFixed(2)} %`;
}
