import { createHash } from 'node:crypto';
import type { ComponentStatus, Indicator } from '../../status/component-status';
import { html, Markup } from '../markup';

/**
 * One stylesheet, inline: the page loads nothing from anywhere (it must
 * work when everything else is down, and offline once loaded). Colours meet
 * WCAG AA contrast on their backgrounds; every status is also written out
 * and has its own icon shape, so colour never carries information alone.
 */
const css = `
:root{color-scheme:light;--text:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--ok:#1a7f37;--minor:#8a5a00;--major:#a34100;--critical:#c0262d;--maint:#0b5cad;--none:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--text);background:var(--bg)}
a{color:#0550ae}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #0550ae;outline-offset:2px}
.wrap{max-width:52rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}.skip:focus{left:1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.site{border-bottom:1px solid var(--line);margin-bottom:1.5rem}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;padding-top:1rem;padding-bottom:1rem}
.brand{font-weight:700;font-size:1.25rem;color:var(--text);text-decoration:none}
nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
h1{font-size:1.5rem;line-height:1.3;margin:0}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:1rem 0 .25rem}
.banner{display:flex;gap:.75rem;align-items:center;border:2px solid currentColor;border-radius:.5rem;padding:1rem;background:var(--soft)}
.banner h1{color:var(--text)}
.icon{width:1.25em;height:1.25em;flex:none;vertical-align:-.25em}
.banner .icon{width:2rem;height:2rem}
.s-operational,.i-none{color:var(--ok)}.s-degraded_performance,.i-minor{color:var(--minor)}
.s-partial_outage,.i-major{color:var(--major)}.s-major_outage,.i-critical{color:var(--critical)}
.s-under_maintenance,.i-maintenance{color:var(--maint)}.s-no_data{color:var(--none)}
.status{display:inline-flex;gap:.35rem;align-items:center;font-weight:600}
.badge{display:inline-block;border:1px solid currentColor;border-radius:1rem;padding:0 .6rem;font-size:.875rem;font-weight:600;background:var(--bg)}
.meta{color:var(--muted);font-size:.875rem;margin:.25rem 0}
.card{border:1px solid var(--line);border-left-width:.35rem;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
.c-none{border-left-color:var(--line)}.c-minor{border-left-color:var(--minor)}.c-major{border-left-color:var(--major)}
.c-critical{border-left-color:var(--critical)}.c-maintenance{border-left-color:var(--maint)}
.kind{display:inline-flex;gap:.3rem;align-items:center;font-size:.875rem;font-weight:600;margin-right:.25rem}
.card h3,.card h4{margin:0 0 .25rem;font-size:1.05rem}.card p{margin:.25rem 0}
.components{list-style:none;margin:0;padding:0}
.component{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
.component-head{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;align-items:baseline}
.component-name{font-weight:600}
.description{color:var(--muted);font-size:.875rem;margin:.1rem 0 .5rem}
.bars{display:flex;gap:1px;height:2.25rem;list-style:none;margin:.5rem 0 .25rem;padding:0}
.bars li{flex:1;min-width:0;border-radius:1px}
.bar{background:currentColor}
.bar.s-degraded_performance{background:repeating-linear-gradient(135deg,currentColor 0 3px,#fff 3px 5px)}
.bar.s-partial_outage{background:linear-gradient(to top,currentColor 55%,#fff 55%);box-shadow:inset 0 0 0 1px currentColor}
.bar.s-major_outage{box-shadow:inset 0 5px 0 var(--text)}
.bar.s-under_maintenance{background:repeating-linear-gradient(0deg,currentColor 0 3px,#fff 3px 5px)}
.bar.s-no_data{background:var(--soft);box-shadow:inset 0 0 0 1px var(--line)}
.uptime-scale{display:flex;justify-content:space-between;gap:.5rem;color:var(--muted);font-size:.8rem}
.uptime-scale strong{color:var(--text)}
details{margin:.25rem 0;font-size:.875rem}summary{cursor:pointer;color:#0550ae}
details ul{margin:.25rem 0;padding-left:1.25rem}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;font-size:.875rem}
.legend li{display:flex;gap:.35rem;align-items:center}
.swatch{display:inline-block;width:.75rem;height:1.1rem}
.updates{list-style:none;margin:0;padding:0}
.updates li{border-left:3px solid var(--line);padding:.25rem 0 .25rem 1rem;margin:0 0 1rem}
.updates h2{font-size:1rem;margin:0}
.day{border-top:1px solid var(--line);padding:.5rem 0}
.day h3{margin:.25rem 0}
.empty{color:var(--muted);margin:.25rem 0}
footer{border-top:1px solid var(--line);margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;color:var(--muted);font-size:.875rem}
footer ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;margin:.5rem 0}
.short{display:none}
@media (max-width:40rem){.bars li:nth-child(-n+60){display:none}.bars{gap:2px}h1{font-size:1.3rem}.long{display:none}.short{display:inline}}
@media (forced-colors:active){.bars li{forced-color-adjust:none}}
`;

/** Sent with every page: nothing but this stylesheet may load, nothing may run. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface LayoutOptions {
  pageName: string;
  title: string;
  body: Markup;
}

export function layout(options: LayoutOptions): Markup {
  const name = options.pageName;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<meta name="description" content="${`Current status, incidents and maintenance of ${name}.`}">
<link rel="alternate" type="application/rss+xml" title="${`${name} status history (RSS)`}" href="/history.rss">
<link rel="alternate" type="application/atom+xml" title="${`${name} status history (Atom)`}" href="/history.atom">
<style>${new Markup(css)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="wrap">
<a class="brand" href="/">${name} status</a>
<nav aria-label="Status page"><ul><li><a href="/">Current status</a></li><li><a href="/history">Incident history</a></li></ul></nav>
</div></header>
<main id="main" class="wrap">
${options.body}
</main>
<footer class="wrap">
<p>All times are in UTC.</p>
<ul>
<li><a href="/history.rss">RSS feed</a></li>
<li><a href="/history.atom">Atom feed</a></li>
<li><a href="/api/v2/summary.json">JSON API (Statuspage v2)</a></li>
</ul>
</footer>
</body>
</html>
`;
}

const iconPaths: Record<ComponentStatus | 'no_data', string> = {
  // A check in a circle.
  operational: '<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>',
  // An exclamation mark in a triangle.
  degraded_performance: '<path d="M12 2.5L22.5 21h-21z" fill="currentColor"/><path d="M12 9v5.5" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="17.6" r="1.4" fill="#fff"/>',
  // A half-filled circle.
  partial_outage: '<circle cx="12" cy="12" r="9" fill="#fff" stroke="currentColor" stroke-width="2.5"/><path d="M12 3a9 9 0 0 0 0 18z" fill="currentColor"/>',
  // A cross in an octagon.
  major_outage: '<path d="M8 2h8l6 6v8l-6 6H8l-6-6V8z" fill="currentColor"/><path d="M8.5 8.5l7 7m0-7l-7 7" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/>',
  // A clock: planned work.
  under_maintenance: '<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M12 6.5V12l3.5 2.5" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>',
  no_data: '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 3"/>',
};

/** A decorative icon whose shape differs per status; the status is always written next to it. */
export function statusIcon(status: ComponentStatus | 'no_data'): Markup {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${new Markup(iconPaths[status])}</svg>`;
}

export function indicatorStatus(indicator: Indicator, maintenance: boolean): ComponentStatus {
  if (maintenance && indicator === 'none') return 'under_maintenance';
  switch (indicator) {
    case 'none':
      return 'operational';
    case 'minor':
      return 'degraded_performance';
    case 'major':
      return 'partial_outage';
    case 'critical':
      return 'major_outage';
  }
}
