import { fieldLimits, severity, ticketPriority } from '@hookline/contracts/events';
import type { Severity, TicketPriority } from '@hookline/contracts/events';
import { z } from 'zod';
import { unknownPlaceholders } from './public-title';
import { epochDay, isValidTimeZone, weekdayOf, weekdays } from './zoned-time';

/**
 * The service catalog file, field by field (docs/catalog.md is the prose
 * version). Objects are strict: in a hand-edited file an unknown key is almost
 * always a typo (`costPerMinut`), and silently ignoring it would hide the
 * value its author meant to set.
 *
 * Cross-references (a service's team, a routing rule's services) are checked
 * separately, in `references.ts`, so that they are reported even when other
 * parts of the file are invalid.
 */

export const tiers = ['tier-1', 'tier-2', 'tier-3'] as const;
export const tier = z.enum(tiers);
export type Tier = z.infer<typeof tier>;

export type Priority = TicketPriority;

export const routingWindows = ['business_hours', 'outside_business_hours'] as const;
export type RoutingWindow = (typeof routingWindows)[number];

/** Tier × severity → ticket priority, used for any cell the file leaves out. */
export const defaultPriorityMatrix: Readonly<Record<Tier, Readonly<Record<Severity, Priority>>>> = {
  'tier-1': { critical: 'P1', error: 'P2', warning: 'P3', info: 'P5' },
  'tier-2': { critical: 'P2', error: 'P3', warning: 'P4', info: 'P5' },
  'tier-3': { critical: 'P3', error: 'P4', warning: 'P5', info: 'P5' },
};

/** How much a minute of downtime at each severity counts against cost and SLA (1 = full outage). */
export const defaultSeverityWeights: Readonly<Record<Severity, number>> = {
  critical: 1,
  error: 0.5,
  warning: 0.25,
  info: 0,
};

export const defaultBusinessDays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/** Team and component ids end up in URLs, ticket fields and SQL: a plain lower-case slug. */
const slug = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, 'must be a lower-case id such as "payments" or "sre-core"');

/** A service as alerts name it (their `service` label), so anything an alert can carry. */
const serviceName = z
  .string()
  .min(1)
  .max(fieldLimits.nameLength)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces, as in the alerts\' "service" label');

/** A person as tickets and pages name them: a user name, an email, a chat handle. */
const personId = z
  .string()
  .min(1)
  .max(fieldLimits.idLength)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces, e.g. a user name or an email');

function text(maxLength: number) {
  return z.string().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);
}

const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time "HH:MM", e.g. "09:00"');
/** An end of day may be "24:00", so business hours can run to midnight. */
const endClockTime = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a 24-hour time "HH:MM" (or "24:00")');

const timeZone = z
  .string()
  .refine(isValidTimeZone, { error: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"' });

const localDate = z.iso.date({ error: 'must be a date "YYYY-MM-DD"' });

const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 instant with a zone, e.g. "2026-03-02T09:00:00+01:00" or "2026-03-02T08:00:00Z"',
});

const weekday = z.enum(weekdays);

/**
 * Lets an object-level check run when the fields it reads are valid, even if
 * other fields are not (zod skips refinements after any issue by default),
 * so one pass reports a bad override window next to a bad person id.
 */
function whenValid(...fields: string[]) {
  return {
    when: (payload: z.core.ParsePayload) =>
      !payload.issues.some((issue) => {
        // Issues of the object itself have no path yet (e.g. "expected a map"); its fields' issues start with the field.
        const [field] = issue.path ?? [];
        return field === undefined ? issue.code !== 'unrecognized_keys' : fields.includes(String(field));
      }),
  };
}

export const serviceSchema = z.strictObject({
  tier,
  team: slug,
  /** The status-page component an incident of this service shows on; none keeps it off the status page. */
  component: slug.optional(),
  /** Currency units lost per minute of full outage; the ledger weights it by severity. */
  costPerMinute: z.number().min(0, 'must be 0 or more'),
  displayName: text(fieldLimits.nameLength).optional(),
});

const publicTitleTemplate = text(fieldLimits.titleLength).superRefine((template, ctx) => {
  for (const name of unknownPlaceholders(template)) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown placeholder {{${name}}}: only {{component}} and {{service}} are allowed, public titles never carry alert text`,
    });
  }
});

export const componentSchema = z.strictObject({
  name: text(fieldLimits.nameLength),
  /** A private component is tracked (ledger, internal views) but never shown on the public status page. */
  public: z.boolean().default(true),
  description: text(fieldLimits.summaryLength).optional(),
  publicTitle: publicTitleTemplate.optional(),
  /** Heading the status page groups components under, e.g. "Payments". */
  group: text(fieldLimits.nameLength).optional(),
});

const rotationFields = {
  /** Local wall-clock time of the hand-off, in the team's time zone. */
  handOffTime: clockTime.default('09:00'),
  /** Local date on which the first member's first shift starts (at `handOffTime`). */
  start: localDate,
  members: z.array(personId).min(1, 'must list at least one person'),
};

export const rotationSchema = z.discriminatedUnion('handOff', [
  z.strictObject({ handOff: z.literal('daily'), ...rotationFields }),
  z
    .strictObject({ handOff: z.literal('weekly'), handOffDay: weekday.default('monday'), ...rotationFields })
    .superRefine((rotation, ctx) => {
      const startDay = weekdayOf(epochDay(rotation.start));
      if (startDay !== rotation.handOffDay) {
        ctx.addIssue({
          code: 'custom',
          path: ['start'],
          message: `${rotation.start} is a ${startDay}, but the weekly hand-off is on ${rotation.handOffDay}: start the rotation on a ${rotation.handOffDay}`,
        });
      }
    }, whenValid('start', 'handOffDay')),
]);

export const overrideSchema = z
  .strictObject({
    person: personId,
    from: instant,
    to: instant,
    reason: text(fieldLimits.summaryLength).optional(),
  })
  .superRefine((override, ctx) => {
    if (Date.parse(override.to) <= Date.parse(override.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after "from" (${override.from})` });
    }
  }, whenValid('from', 'to'));

export const teamSchema = z.strictObject({
  name: text(fieldLimits.nameLength),
  /** Default ticket queue for this team's tickets; a routing rule may name another. */
  ticketQueue: text(fieldLimits.nameLength).optional(),
  timeZone,
  rotation: rotationSchema,
  overrides: z.array(overrideSchema).default([]),
  /** Settings of the team's external ticket system; owned and validated by the ticketing app. */
  connector: z.record(z.string(), z.unknown()).optional(),
});

export const businessHoursSchema = z
  .strictObject({
    timeZone: timeZone.default('UTC'),
    days: z
      .array(weekday)
      .min(1, 'must list at least one day')
      .refine((days) => new Set(days).size === days.length, { error: 'must not list a day twice' })
      .default([...defaultBusinessDays]),
    start: clockTime.default('09:00'),
    end: endClockTime.default('17:00'),
  })
  .superRefine((hours, ctx) => {
    if (hours.end <= hours.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${hours.start}); business hours cannot span midnight` });
    }
  }, whenValid('start', 'end'));

export const routingRuleSchema = z.strictObject({
  /** Says why the rule exists; shown nowhere but the file and `route()`'s result. */
  description: text(fieldLimits.summaryLength).optional(),
  /** Every condition given must hold; a rule without conditions matches everything. */
  match: z
    .strictObject({
      services: z.array(serviceName).min(1, 'must list at least one service (or leave "services" out)').optional(),
      severities: z.array(severity).min(1, 'must list at least one severity (or leave "severities" out)').optional(),
      during: z.enum(routingWindows).optional(),
    })
    .default({}),
  team: slug,
  /** Overrides the team's `ticketQueue`. */
  queue: text(fieldLimits.nameLength).optional(),
});

export const priorityMatrixSchema = z
  .partialRecord(tier, z.partialRecord(severity, ticketPriority))
  .optional()
  .transform((overrides): Record<Tier, Record<Severity, Priority>> => ({
    'tier-1': { ...defaultPriorityMatrix['tier-1'], ...overrides?.['tier-1'] },
    'tier-2': { ...defaultPriorityMatrix['tier-2'], ...overrides?.['tier-2'] },
    'tier-3': { ...defaultPriorityMatrix['tier-3'], ...overrides?.['tier-3'] },
  }));

export const severityWeightsSchema = z
  .partialRecord(severity, z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'))
  .optional()
  .transform((overrides): Record<Severity, number> => ({ ...defaultSeverityWeights, ...overrides }));

export const serviceCatalogSchema = z.strictObject({
  services: z.record(serviceName, serviceSchema),
  components: z.record(slug, componentSchema).default({}),
  teams: z.record(slug, teamSchema),
  businessHours: businessHoursSchema.prefault({}),
  /** Ordered: the first rule that matches decides. */
  routing: z.array(routingRuleSchema).default([]),
  priorities: priorityMatrixSchema,
  severityWeights: severityWeightsSchema,
});

/** The catalog as written in the YAML file. */
export type ServiceCatalogInput = z.input<typeof serviceCatalogSchema>;
/** The catalog after validation, every default filled in. */
export type ServiceCatalog = z.output<typeof serviceCatalogSchema>;
export type ServiceEntry = ServiceCatalog['services'][string];
export type ComponentEntry = ServiceCatalog['components'][string];
export type TeamEntry = ServiceCatalog['teams'][string];
export type Rotation = TeamEntry['rotation'];
export type RotationOverride = TeamEntry['overrides'][number];
export type BusinessHours = ServiceCatalog['businessHours'];
export type RoutingRule = ServiceCatalog['routing'][number];
export type PriorityMatrix = ServiceCatalog['priorities'];
export type SeverityWeights = ServiceCatalog['severityWeights'];
