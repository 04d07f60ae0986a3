// What the routes around the registry answer with: the caller, tokens, notifications, audit,
// webhooks and health. Where a route builds its answer itself, the schema follows the route.
import { z } from "zod";
import { ROLES, VERSION_STAGES } from "@/db/schema";
import type { VerifyResult } from "@/lib/audit/audit-verify";
import type { NotificationDto } from "@/lib/notifications/notifications";
import type { SearchResults } from "@/lib/search/search";
import type { listDeliveries, WebhookDto } from "@/lib/webhooks/webhooks";
import { documents, int, when } from "../helpers";

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  via: z.enum(["token", "session"]),
});

export const tokenSchema = z.object({
  id: int,
  name: z.string(),
  prefix: z.string().describe("The token's first characters, to tell it"),
  created_at: when,
  expires_at: int.nullable(),
  last_used_at: int.nullable(),
  revoked_at: int.nullable(),
  scope: z.enum(["read", "write"]),
});

export const createdTokenSchema = tokenSchema.extend({
  token: z.string().describe("The secret, shown this once"),
});

export const revokedTokenSchema = z.object({
  id: int,
  name: z.string(),
  revoked_at: int.nullable(),
});

export const inboxSchema = z.object({
  open_requests: int.nullable().describe("Null for those without the inbox"),
  unread_notifications: int,
});

export const searchSchema = documents<SearchResults>()(
  z.object({
    models: z.array(z.object({ name: z.string(), description: z.string() })),
    versions: z.array(
      z.object({
        model: z.string(),
        version: int,
        stage: z.enum(VERSION_STAGES),
        description: z.string(),
      }),
    ),
    runs: z.array(
      z.object({ run_id: z.string(), model: z.string(), version: int }),
    ),
    people: z.array(
      z.object({
        name: z.string(),
        email: z.string(),
        role: z.enum(ROLES).nullable().describe("Admins only; null for others"),
      }),
    ),
  }),
);

export const notificationsSchema = z.object({
  unread: int,
  items: z.array(
    documents<NotificationDto>()(
      z.object({
        id: int,
        kind: z.string(),
        message: z.string(),
        link: z.string().nullable(),
        created_at: when,
        read: z.boolean(),
      }),
    ),
  ),
});

/** The stored audit row (camelCase, as the route spreads it) with before/after parsed. */
export const auditEventsSchema = z.object({
  events: z.array(
    z.object({
      id: int,
      at: when,
      actorId: z.string().nullable(),
      actorLabel: z.string(),
      via: z.string().describe('"session", "token:<id>", "cli" or "system"'),
      action: z.string(),
      entityType: z.string(),
      entityId: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      requestId: z.string().nullable(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
  next_before: int.nullable(),
});

const anchor = z
  .object({
    format: z.literal(1),
    count: int,
    head_hash: z.string(),
    at: z.string(),
    sent_at: z.string().nullable(),
  })
  .nullable();

export const verifySchema = documents<VerifyResult>()(
  z.union([
    z.object({
      ok: z.literal(true),
      count: int,
      head: z.string(),
      anchor,
    }),
    z.object({
      ok: z.literal(false),
      count: int.describe("Events verified before the problem"),
      brokenAt: int,
      reason: z.string(),
      missing: int.optional(),
      anchor,
    }),
  ]),
);

export const webhookSchema = documents<WebhookDto>()(
  z.object({
    id: int,
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    created_at: when,
  }),
);

export const deliverySchema = documents<
  ReturnType<typeof listDeliveries>[number]
>()(
  z.object({
    id: int,
    delivery_id: z.string(),
    event: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: int,
    last_status: int.nullable(),
    last_error: z.string().nullable(),
    created_at: when,
    delivered_at: int.nullable(),
    next_attempt_at: when,
  }),
);

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.object({
    reachable: z.boolean(),
    migrations: z.object({
      applied: int,
      expected: int,
      up_to_date: z.boolean(),
    }),
  }),
  storage: z.object({
    ok: z.boolean(),
    free_bytes: int.nullable(),
    min_free_bytes: int,
    problem: z.string().optional(),
  }),
});
