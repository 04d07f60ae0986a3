// Reading the audit trail: filtered by entity, actor, action and date, newest first, paged by id.
import "server-only";
import {
  and,
  asc,
  desc,
  eq,
  gte,
  like,
  lt,
  lte,
  notLike,
  or,
  type SQL,
} from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditEvents, type AuditEventRow } from "@/db/schema";
import type { VerifyResult } from "./audit-verify";
import { verifyAndAnchor } from "./anchor";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors";
import { csvCell } from "@/lib/csv";
import { describeEvent, fieldChanges, type FieldChange } from "./describe";
import { resolveSubjects, subjectKey, type Subject } from "./subjects";

const dateSchema = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), {
    message: "must be a date like 2026-03-03",
  })
  .transform((s) => Date.parse(s));

export const auditFilterSchema = z.object({
  entity_type: z.string().max(100).optional(),
  entity_id: z.string().max(200).optional(),
  actor: z.string().max(320).optional(),
  action: z.string().max(100).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  before: z.coerce
    .number({ message: "before must be an event id" })
    .int()
    .positive()
    .optional(),
  limit: z.coerce
    .number({ message: "limit must be a number" })
    .int()
    .min(1, { message: "limit must be between 1 and 1000" })
    .max(1000, { message: "limit must be between 1 and 1000" })
    .default(100),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export function searchAudit(
  actor: Actor,
  input: AuditFilter | Record<string, unknown>,
): { events: AuditEventRow[]; next_before: number | null } {
  assertCan(actor, "audit.read");
  return readEvents(actor, parseInput(auditFilterSchema, input), []);
}

function readEvents(
  actor: Actor,
  f: z.output<typeof auditFilterSchema>,
  extra: SQL[],
): { events: AuditEventRow[]; next_before: number | null } {
  const where = [...conditions(actor, f), ...extra];
  if (f.before) where.push(lt(auditEvents.id, f.before));
  // One row more than asked for says whether there is a next page.
  const rows = getDb()
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  const events = can(actor, "webhooks.manage")
    ? page
    : page.map(redactWebhookUrls);
  return {
    events,
    next_before: rows.length > f.limit ? (events.at(-1)?.id ?? null) : null,
  };
}

/** The filter's conditions, and what the actor may not see left out (all but the `before` cursor). */
function conditions(
  actor: Actor,
  f: z.output<typeof auditFilterSchema>,
): SQL[] {
  const where: SQL[] = [];
  if (f.entity_type) where.push(eq(auditEvents.entityType, f.entity_type));
  if (f.entity_id) where.push(eq(auditEvents.entityId, f.entity_id));
  if (f.actor) where.push(eq(auditEvents.actorLabel, f.actor.toLowerCase()));
  // "transition" matches transition.requested, transition.applied, ...
  if (f.action)
    where.push(
      f.action.includes(".")
        ? eq(auditEvents.action, f.action)
        : like(auditEvents.action, `${f.action.replace(/[%_]/g, "")}.%`),
    );
  if (f.from !== undefined) where.push(gte(auditEvents.at, f.from));
  // A bare date as `to` means the whole of that day.
  if (f.to !== undefined)
    where.push(
      lte(auditEvents.at, f.to + (f.to % 86_400_000 === 0 ? 86_399_999 : 0)),
    );
  // Sign-in records carry addresses and e-mails: admins see everyone's, others only their own.
  if (!can(actor, "users.manage"))
    where.push(
      or(
        notLike(auditEvents.action, "auth.%"),
        eq(auditEvents.actorId, actor.id),
      ) as SQL,
    );
  return where;
}

/** An event as the audit page and the dashboard show it: its subject by name, a sentence, its diff. */
export type AuditLine = AuditEventRow & {
  subject: Subject;
  sentence: string;
  changes: FieldChange[];
};

export const AUDIT_PAGE_SIZE = 50;

/**
 * One page of the trail for the audit page, newest first, keyed on the event id: `before` (from
 * the URL) always shows the same events, however many are added since. `previous` is the `before`
 * of the page of newer events (null: the first page), or absent on the first page.
 */
export function auditPage(
  actor: Actor,
  input: Record<string, unknown>,
): {
  events: AuditLine[];
  next_before: number | null;
  previous: { before: number | null } | null;
} {
  const { events, next_before } = searchAudit(actor, {
    ...input,
    limit: AUDIT_PAGE_SIZE,
  });
  const f = parseInput(auditFilterSchema, { ...input, limit: AUDIT_PAGE_SIZE });
  let previous: { before: number | null } | null = null;
  if (f.before) {
    const newer = getDb()
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(...conditions(actor, f), gte(auditEvents.id, f.before)))
      .orderBy(asc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE + 1)
      .all();
    const last = newer.at(AUDIT_PAGE_SIZE - 1);
    previous =
      newer.length === 0
        ? null
        : {
            before: newer.length > AUDIT_PAGE_SIZE && last ? last.id + 1 : null,
          };
  }
  return { events: toLines(actor, events), next_before, previous };
}

/**
 * The latest changes the actor may see, as lines (the dashboard's recent activity). Sign-ins and
 * sign-outs are left out there: they are not changes, and every visit would push the changes out.
 */
export function recentAuditLines(actor: Actor, limit = 8): AuditLine[] {
  assertCan(actor, "audit.read");
  const f = parseInput(auditFilterSchema, { limit });
  return toLines(
    actor,
    readEvents(actor, f, [notLike(auditEvents.action, "auth.%")]).events,
  );
}

function toLines(actor: Actor, events: AuditEventRow[]): AuditLine[] {
  const subjects = resolveSubjects(actor, events);
  return events.map((e) => ({
    ...e,
    subject: subjects.get(subjectKey(e)) ?? {
      label: `${e.entityType} ${e.entityId}`,
      href: null,
      deleted: false,
    },
    sentence: describeEvent(e),
    changes: fieldChanges(e),
  }));
}

export const HIDDEN_URL = "(hidden: only admins see webhook URLs)";

/**
 * Webhook URLs are often secrets themselves (a Slack or Teams incoming-webhook URL is its own
 * credential), so only those who manage webhooks see them. The stored event keeps the URL (the
 * hash chain covers the stored JSON and must still verify); it is hidden when read, in every form
 * the trail leaves through: the page, the REST API and the CSV export all read through here.
 */
function redactWebhookUrls(e: AuditEventRow): AuditEventRow {
  if (e.entityType !== "webhook") return e;
  const hide = (json: string | null) => {
    if (!json) return json;
    const value = JSON.parse(json) as Record<string, unknown>;
    return "url" in value
      ? JSON.stringify({ ...value, url: HIDDEN_URL })
      : json;
  };
  return { ...e, before: hide(e.before), after: hide(e.after) };
}

export function recentAuditEvents(actor: Actor, limit = 100): AuditEventRow[] {
  return searchAudit(actor, { limit }).events;
}

/** RFC 4180 CSV of audit events. */
export function auditCsv(events: AuditEventRow[]): string {
  const cols = [
    "id",
    "at",
    "actor",
    "via",
    "action",
    "entity_type",
    "entity_id",
    "before",
    "after",
    "request_id",
    "hash",
  ] as const;
  const rows = events.map((e) =>
    [
      e.id,
      new Date(e.at).toISOString(),
      e.actorLabel,
      e.via,
      e.action,
      e.entityType,
      e.entityId,
      e.before,
      e.after,
      e.requestId,
      e.hash,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[cols.join(","), ...rows].join("\r\n")}\r\n`;
}

/** Admin check of the whole chain (also `npm run audit:verify`); a chain that holds is anchored. */
export function verifyAudit(actor: Actor): VerifyResult {
  assertCan(actor, "audit.verify");
  return verifyAndAnchor(getDb());
}
