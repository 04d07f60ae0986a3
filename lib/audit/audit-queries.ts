// Reading the audit trail for pages and the API.
import "server-only";
import { desc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, type AuditEventRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

export function recentAuditEvents(actor: Actor, limit = 100): AuditEventRow[] {
  assertCan(actor, "audit.read");
  return getDb().select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(limit).all();
}
