// Paths around the registry: the caller and their tokens, inbox and notifications, audit,
// webhooks, reports, and the unauthenticated health, metrics and this document.
import { z } from "zod";
import { auditFilterSchema } from "@/lib/audit/audit-queries";
import {
  auditEventsSchema,
  createdTokenSchema,
  deliverySchema,
  healthSchema,
  inboxSchema,
  meSchema,
  revokedTokenSchema,
  searchSchema,
  verifySchema,
  webhookSchema,
} from "./answers/admin";
import {
  ANY_OBJECT,
  listOf,
  schema,
  idParam,
  object,
  op,
  queryParam,
  queryParams,
  ref,
  type Json,
} from "./helpers";

const text = (description: string, type: string) => ({
  raw: { "200": { description, content: { [type]: {} } } },
});

export function adminPaths(): Record<string, Json> {
  return {
    "/api/health": {
      get: op({
        summary: "Health (no auth)",
        security: [],
        ok: ["Healthy", schema(healthSchema)],
      }),
    },
    "/api/metrics": {
      get: op({
        summary:
          "Prometheus text exposition (STAGELINE_METRICS_TOKEN as bearer, or any user's token or session)",
        ok: text("Metrics", "text/plain"),
        errors: [401],
      }),
    },
    "/api/v1/openapi.json": {
      get: op({
        summary: "This document",
        security: [],
        ok: ["OpenAPI 3.1", ANY_OBJECT],
      }),
    },
    "/api/v1/me": {
      get: op({
        summary: "The caller",
        ok: ["The caller", schema(meSchema)],
        errors: [401],
      }),
    },
    "/api/v1/tokens": {
      get: op({
        summary: "Your API tokens",
        ok: ["Tokens", listOf("tokens", ref("Token"))],
        errors: [401],
      }),
      post: op({
        summary: "Create a token (shown once)",
        body: ref("CreateToken"),
        ok: ["Created", schema(createdTokenSchema), 201],
        errors: [400, 401],
      }),
    },
    "/api/v1/tokens/{id}": {
      delete: op({
        summary: "Revoke a token",
        parameters: [idParam],
        ok: ["Revoked", schema(revokedTokenSchema)],
        errors: [401, 404],
      }),
    },
    "/api/v1/inbox": {
      get: op({
        summary:
          "The shell's live counters: open requests and unread notifications",
        ok: ["Counters", schema(inboxSchema)],
        errors: [401],
      }),
    },
    "/api/v1/search": {
      get: op({
        summary:
          "The shell's search box: up to 6 models, versions, runs and people matching q",
        parameters: [
          queryParam(
            "q",
            { type: "string", maxLength: 100 },
            "Text to find; empty answers empty lists",
          ),
        ],
        ok: ["Answers", schema(searchSchema)],
        errors: [400, 401],
      }),
    },
    "/api/v1/notifications": {
      get: op({
        summary: "Your notifications, newest first, with the unread count",
        ok: ["Notifications", ref("Notifications")],
        errors: [401],
      }),
      post: op({
        summary: "Mark notifications read",
        body: object(
          {
            read: {
              oneOf: [
                { const: "all" },
                { type: "array", items: { type: "integer" } },
              ],
            },
          },
          ["read"],
        ),
        ok: ["Notifications", ref("Notifications")],
        errors: [400, 401],
      }),
    },
    "/api/v1/audit": {
      get: op({
        summary: "Audit events, newest first (?format=csv for an export)",
        parameters: [
          ...queryParams(auditFilterSchema),
          queryParam("format", { type: "string", enum: ["csv"] }),
        ],
        ok: ["Events", schema(auditEventsSchema)],
        errors: [400, 401],
      }),
    },
    "/api/v1/audit/verify": {
      get: op({
        summary: "Check the audit hash chain (admin)",
        ok: ["Result", schema(verifySchema)],
        errors: [401, 403],
      }),
    },
    "/api/v1/webhooks": {
      get: op({
        summary: "Webhooks (admin)",
        ok: ["Webhooks", listOf("webhooks", ref("Webhook"))],
        errors: [401, 403],
      }),
      post: op({
        summary:
          "Subscribe a URL to events; the signing secret is returned once (admin)",
        body: ref("WebhookInput"),
        ok: [
          "The webhook and its secret",
          schema(webhookSchema.extend({ secret: z.string() })),
          201,
        ],
        errors: [400, 401, 403],
      }),
    },
    "/api/v1/webhooks/{id}": {
      parameters: [idParam],
      get: op({
        summary:
          "The webhook's recent deliveries with their response status (admin)",
        ok: ["Deliveries", listOf("deliveries", schema(deliverySchema))],
        errors: [401, 403, 404],
      }),
      patch: op({
        summary: "Turn the webhook on or off (admin)",
        body: object({ active: { type: "boolean" } }, ["active"]),
        ok: ["The webhook", ref("Webhook")],
        errors: [400, 401, 403, 404],
      }),
    },
    "/api/v1/webhooks/{id}/test": {
      parameters: [idParam],
      post: op({
        summary: "Queue a test delivery (admin)",
        ok: ["Queued", object({ queued: { const: true } }, ["queued"]), 202],
        errors: [401, 403, 404],
      }),
    },
    "/api/v1/reports/portfolio.csv": {
      get: op({
        summary: "The portfolio, one CSV row per model",
        parameters: [
          queryParam("team", { type: "string" }),
          queryParam("task", { type: "string" }),
        ],
        ok: text("CSV", "text/csv"),
        errors: [400, 401],
      }),
    },
  };
}
