// The OpenAPI 3.1 document of the REST API, built from the same zod schemas the services validate with.
import { REQUEST_STATUSES } from "@/db/enums";
import { z } from "zod";
import { APP_VERSION } from "@/lib/config";
import {
  precomputedSchema,
  rawSchema,
} from "@/lib/evaluation/evaluation.validation";
import {
  modelDetailSchema,
  modelSummarySchema,
  versionSchema,
} from "@/lib/registry/dto";
import {
  createModelSchema,
  createVersionSchema,
  listModelsSchema,
  updateModelSchema,
  updateVersionSchema,
} from "@/lib/registry/registry.validation";
import {
  restoreSchema,
  retireNowSchema,
  retirementRequestSchema,
} from "@/lib/retirement/retirement.validation";
import { createTokenSchema } from "@/lib/tokens/tokens.validation";
import { ruleInputSchema } from "@/lib/alerts/rules";
import { auditFilterSchema } from "@/lib/audit/audit-queries";
import { deploymentInputSchema } from "@/lib/deployments/deployments";
import { referenceSchema } from "@/lib/drift/drift";
import { policyInputSchema } from "@/lib/lifecycle/policies";
import {
  aliasRequestSchema,
  overrideSchema,
  requestTransitionSchema,
} from "@/lib/lifecycle/requests.validation";
import { sectionsSchema } from "@/lib/model-card/model-card";
import { feedbackSchema } from "@/lib/monitoring/feedback";
import { metricsBatchSchema } from "@/lib/monitoring/ingest";
import { signingKeyInputSchema } from "@/lib/signing/trusted-keys";
import { webhookInputSchema } from "@/lib/webhooks/webhooks";

type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: "input" | "output" = "output"): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: "any",
  }) as Json;
  return rest;
};

const errorSchema: Json = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: {
          type: "string",
          enum: [
            "invalid",
            "unauthenticated",
            "forbidden",
            "not_found",
            "conflict",
            "gone",
            "too_large",
            "unprocessable",
            "rate_limited",
            "insufficient_storage",
          ],
        },
        message: { type: "string" },
        details: {
          type: "object",
          properties: {
            fields: {
              type: "object",
              additionalProperties: {
                type: "array",
                items: { type: "string" },
              },
            },
          },
        },
      },
      required: ["code", "message", "details"],
    },
  },
  required: ["error"],
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: Json) => ({ content: { "application/json": { schema: s } } });
const ok = (description: string, s: Json, status = "200") => ({
  [status]: { description, ...json(s) },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: ERROR_TEXT[c] ?? "Error", ...json(ref("Error")) },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (the error names the field)",
  401: "Not authenticated",
  403: "Not allowed for your role",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  507: "The server's disk is full",
};

const name = {
  name: "name",
  in: "path",
  required: true,
  description: "Model name; encode '/' as %2F",
  schema: { type: "string" },
};
const version = {
  name: "version",
  in: "path",
  required: true,
  description: "Version number, `latest`, a stage or an alias (GET)",
  schema: { type: "string" },
};
const key = {
  name: "key",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const alias = {
  name: "alias",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const artifactPath = {
  name: "path",
  in: "path",
  required: true,
  description: "Relative path; '/' separates folders",
  schema: { type: "string" },
};

function queryParams(s: z.ZodObject): Json[] {
  const props = (schema(s, "input").properties ?? {}) as Record<string, Json>;
  return Object.entries(props).map(([n, p]) => ({
    name: n,
    in: "query",
    required: false,
    schema: p,
  }));
}

export function openApiDocument(): Json {
  const tagValue = {
    type: "object",
    properties: { value: { type: "string" } },
    required: ["value"],
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Stageline REST API",
      version: APP_VERSION,
      description:
        "Model registry and lifecycle. Authenticate with `Authorization: Bearer <token>` or the session cookie.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "A personal API token (Settings › API tokens)",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "stageline.session_token",
        },
      },
      schemas: {
        Error: errorSchema,
        ModelSummary: schema(modelSummarySchema),
        ModelDetail: schema(modelDetailSchema),
        ModelVersion: schema(versionSchema),
        CreateModel: schema(createModelSchema, "input"),
        UpdateModel: schema(
          updateModelSchema.extend({
            name: z.string().optional().describe("Renames the model"),
          }),
          "input",
        ),
        CreateVersion: schema(createVersionSchema, "input"),
        UpdateVersion: schema(updateVersionSchema, "input"),
        RawEvaluation: schema(rawSchema, "input"),
        PrecomputedEvaluation: schema(precomputedSchema, "input"),
        CreateToken: schema(
          z.object({
            name: createTokenSchema.shape.name,
            expires_in_days: z.number().int().min(1).max(3650).optional(),
            scope: createTokenSchema.shape.scope,
          }),
          "input",
        ),
        TransitionRequestInput: schema(requestTransitionSchema, "input"),
        AliasRequestInput: schema(aliasRequestSchema, "input"),
        Override: schema(overrideSchema, "input"),
        Deployment: schema(deploymentInputSchema, "input"),
        MetricsBatch: schema(metricsBatchSchema, "input"),
        Feedback: schema(feedbackSchema, "input"),
        Reference: schema(referenceSchema, "input"),
        AlertRule: schema(ruleInputSchema, "input"),
        Webhook: schema(webhookInputSchema, "input"),
        Policy: schema(policyInputSchema, "input"),
        ModelCardSections: schema(sectionsSchema, "input"),
        Predict: {
          oneOf: [
            {
              type: "object",
              properties: {
                inputs: {
                  type: "object",
                  additionalProperties: {
                    type: "array",
                    items: { type: ["number", "string"] },
                  },
                },
                keys: { type: "array", items: { type: "string" } },
              },
              required: ["inputs"],
              description:
                "Columns: each input name to its values, one per row",
            },
            {
              type: "object",
              properties: {
                instances: { type: "array", items: { type: "object" } },
                keys: { type: "array", items: { type: "string" } },
              },
              required: ["instances"],
              description: "Rows: one object of input values per row",
            },
          ],
        },
        RetirementRequest: schema(retirementRequestSchema, "input"),
        RetireNow: schema(
          retireNowSchema.extend({ immediate: z.literal(true) }),
          "input",
        ),
        Restore: schema(restoreSchema, "input"),
        SigningKeyInput: schema(signingKeyInputSchema, "input"),
        SigningKey: {
          type: "object",
          properties: {
            id: { type: "integer" },
            name: { type: "string" },
            fingerprint: {
              type: "string",
              description: "SHA-256 hex of the DER public key",
            },
            hint: {
              type: "string",
              description: "model_signing's key hint: SHA-256 hex of the PEM",
            },
            public_key: { type: "string" },
            created_at: { type: "integer" },
            revoked_at: { type: ["integer", "null"] },
          },
        },
        Artifact: {
          type: "object",
          properties: {
            path: { type: "string" },
            size: { type: "integer" },
            sha256: { type: "string" },
            content_type: { type: "string" },
            created_at: { type: "integer" },
          },
        },
      },
    },
    paths: {
      "/api/health": {
        get: {
          summary: "Health (no auth)",
          security: [],
          responses: ok("Healthy", { type: "object" }),
        },
      },
      "/api/v1/me": {
        get: {
          summary: "The caller",
          responses: {
            ...ok("The caller", { type: "object" }),
            ...errors(401),
          },
        },
      },
      "/api/v1/tokens": {
        get: {
          summary: "Your API tokens",
          responses: { ...ok("Tokens", { type: "object" }), ...errors(401) },
        },
        post: {
          summary: "Create a token (shown once)",
          requestBody: json(ref("CreateToken")),
          responses: {
            ...ok("Created", { type: "object" }, "201"),
            ...errors(400, 401),
          },
        },
      },
      "/api/v1/tokens/{id}": {
        delete: {
          summary: "Revoke a token",
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              schema: { type: "integer" },
            },
          ],
          responses: {
            ...ok("Revoked", { type: "object" }),
            ...errors(401, 404),
          },
        },
      },
      "/api/v1/models": {
        get: {
          summary: "List models",
          parameters: queryParams(listModelsSchema),
          responses: {
            ...ok("One page", {
              type: "object",
              properties: {
                items: { type: "array", items: ref("ModelSummary") },
                next_cursor: { type: ["string", "null"] },
                total: { type: "integer" },
              },
            }),
            ...errors(400, 401),
          },
        },
        post: {
          summary: "Register a model",
          requestBody: json(ref("CreateModel")),
          responses: {
            ...ok("Created", ref("ModelDetail"), "201"),
            ...errors(400, 401, 403, 409),
          },
        },
      },
      "/api/v1/models/{name}": {
        parameters: [name],
        get: {
          summary: "A model",
          responses: {
            ...ok("The model", ref("ModelDetail")),
            ...errors(401, 404),
          },
        },
        patch: {
          summary: "Edit or rename a model (owner or admin)",
          requestBody: json(ref("UpdateModel")),
          responses: {
            ...ok("Updated", ref("ModelDetail")),
            ...errors(400, 401, 403, 404, 409),
          },
        },
        delete: {
          summary:
            "Delete a model (none of its versions in staging/production)",
          responses: {
            ...ok("Deleted", { type: "object" }),
            ...errors(401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/permissions": {
        parameters: [name],
        get: {
          summary:
            "Grants on the model besides its owner (edit: versions, artifacts, requests; manage: also the model and its grants)",
          responses: {
            ...ok("Grants", {
              type: "object",
              properties: {
                grants: { type: "array", items: { type: "object" } },
              },
            }),
            ...errors(401, 404),
          },
        },
        put: {
          summary:
            "Grant a user edit or manage (the owner, a manager or an admin)",
          requestBody: json({
            type: "object",
            properties: {
              email: { type: "string" },
              level: { type: "string", enum: ["edit", "manage"] },
            },
            required: ["email", "level"],
          }),
          responses: {
            ...ok("The grant", { type: "object" }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/v1/models/{name}/permissions/{user}": {
        parameters: [
          name,
          {
            name: "user",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "The user's id",
          },
        ],
        delete: {
          summary: "Revoke a user's grant",
          responses: {
            "204": { description: "Revoked" },
            ...errors(401, 403, 404),
          },
        },
      },
      "/api/v1/models/{name}/tags/{key}": {
        parameters: [name, key],
        put: {
          summary: "Set a model tag",
          requestBody: json(tagValue),
          responses: {
            ...ok("Tags", { type: "object" }),
            ...errors(400, 401, 403, 404),
          },
        },
        delete: {
          summary: "Delete a model tag",
          responses: {
            ...ok("Tags", { type: "object" }),
            ...errors(401, 403, 404),
          },
        },
      },
      "/api/v1/models/{name}/versions": {
        parameters: [name],
        get: {
          summary: "Versions, newest first",
          parameters: [
            {
              name: "limit",
              in: "query",
              schema: { type: "integer", minimum: 1, maximum: 200 },
            },
            { name: "cursor", in: "query", schema: { type: "string" } },
          ],
          responses: {
            ...ok("One page", {
              type: "object",
              properties: {
                items: { type: "array", items: ref("ModelVersion") },
                next_cursor: { type: ["string", "null"] },
              },
            }),
            ...errors(400, 401, 404),
          },
        },
        post: {
          summary: "Register a version (numbers grow by one, never reused)",
          requestBody: json(ref("CreateVersion")),
          responses: {
            ...ok("Created", ref("ModelVersion"), "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}": {
        parameters: [name, version],
        get: {
          summary: "A version",
          responses: {
            ...ok("The version", ref("ModelVersion")),
            ...errors(400, 401, 404),
          },
        },
        patch: {
          summary: "Edit a version",
          requestBody: json(ref("UpdateVersion")),
          responses: {
            ...ok("Updated", ref("ModelVersion")),
            ...errors(400, 401, 403, 404, 409),
          },
        },
        delete: {
          summary: "Delete a version (soft; number not reused)",
          responses: {
            ...ok("Deleted", { type: "object" }),
            ...errors(401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/tags/{key}": {
        parameters: [name, version, key],
        put: {
          summary: "Set a version tag",
          requestBody: json(tagValue),
          responses: {
            ...ok("Tags", { type: "object" }),
            ...errors(400, 401, 403, 404),
          },
        },
        delete: {
          summary: "Delete a version tag",
          responses: {
            ...ok("Tags", { type: "object" }),
            ...errors(401, 403, 404),
          },
        },
      },
      "/api/v1/models/{name}/aliases/{alias}": {
        parameters: [name, alias],
        get: {
          summary: "The version an alias points at",
          responses: {
            ...ok("The version", ref("ModelVersion")),
            ...errors(400, 401, 404),
          },
        },
        put: {
          summary: "Set or move an alias",
          description:
            "409 for a protected alias (the production policy's `protected_aliases`, default `champion`): request it with POST .../versions/{version}/transition-requests `{\"alias\": ...}`. 409 as well when a live built-in deployment serves the alias's current version and the new version's signature differs.",
          requestBody: json({
            type: "object",
            properties: { version: { type: "integer" } },
            required: ["version"],
          }),
          responses: {
            ...ok("The version", ref("ModelVersion")),
            ...errors(400, 401, 403, 404, 409),
          },
        },
        delete: {
          summary: "Remove an alias (409 for a protected alias)",
          responses: {
            ...ok("Removed", { type: "object" }),
            ...errors(401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/evaluations": {
        parameters: [name, version],
        get: {
          summary: "The version's evaluations, newest first",
          responses: {
            ...ok("Evaluations", {
              type: "object",
              properties: {
                evaluations: { type: "array", items: { type: "object" } },
              },
            }),
            ...errors(401, 404),
          },
        },
        post: {
          summary:
            "Log an evaluation: raw predictions (Stageline computes metrics, curves, matrix, fairness, and permutation importance from features) or precomputed figures",
          requestBody: json({
            oneOf: [ref("RawEvaluation"), ref("PrecomputedEvaluation")],
          }),
          responses: {
            ...ok("Logged", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409, 413),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/evaluations/jobs": {
        parameters: [name, version],
        get: {
          summary:
            "Progress of the version's recent evaluations: queued, running (progress 0..1 and stage), done or failed (with a message); kept 10 minutes after they end",
          responses: {
            ...ok("Jobs", {
              type: "object",
              properties: {
                jobs: { type: "array", items: { type: "object" } },
              },
            }),
            ...errors(401, 404),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/artifacts": {
        parameters: [name, version],
        get: {
          summary: "List artifacts",
          responses: {
            ...ok("Artifacts", {
              type: "object",
              properties: {
                artifacts: { type: "array", items: ref("Artifact") },
              },
            }),
            ...errors(401, 404),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/artifacts/{path}": {
        parameters: [name, version, artifactPath],
        put: {
          summary: "Upload (streamed)",
          parameters: [
            {
              name: "X-Content-SHA256",
              in: "header",
              schema: { type: "string" },
              description: "Expected SHA-256 (hex); a mismatch is refused",
            },
            {
              name: "Content-Digest",
              in: "header",
              schema: { type: "string" },
              description: "sha-256=:<base64>:",
            },
          ],
          requestBody: {
            content: {
              "application/octet-stream": {
                schema: {
                  type: "string",
                  contentMediaType: "application/octet-stream",
                },
              },
            },
          },
          responses: {
            ...ok("Stored", ref("Artifact"), "201"),
            ...errors(400, 401, 403, 404, 409, 413, 507),
          },
        },
        get: {
          summary: "Download (SHA-256 re-checked while streaming)",
          responses: {
            "200": {
              description: "The file; ETag and Repr-Digest carry its SHA-256",
              content: { "application/octet-stream": {} },
            },
            ...errors(401, 404, 409),
          },
        },
      },
      "/api/v1/transition-requests": {
        get: {
          summary:
            "Transition, rollback and retirement requests (status=open for the inbox)",
          parameters: [
            {
              name: "status",
              in: "query",
              schema: { type: "string", enum: [...REQUEST_STATUSES] },
            },
          ],
          responses: {
            ...ok("Requests", { type: "object" }),
            ...errors(400, 401),
          },
        },
      },
      "/api/v1/transition-requests/{id}/{decision}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
          {
            name: "decision",
            in: "path",
            required: true,
            schema: { type: "string", enum: ["approve", "reject", "cancel"] },
          },
        ],
        post: {
          summary:
            "Approve, reject (comment required) or cancel a request, retirements included",
          requestBody: json({
            type: "object",
            properties: { comment: { type: "string" } },
          }),
          responses: {
            ...ok("The request", { type: "object" }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/retirement": {
        parameters: [name],
        post: {
          summary:
            "Ask reviewers to retire the whole model, or (admin) retire it at once",
          requestBody: json({
            oneOf: [ref("RetirementRequest"), ref("RetireNow")],
          }),
          responses: {
            ...ok("The retirement", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/retirement": {
        parameters: [name, version],
        post: {
          summary:
            "Ask reviewers to retire one version, or (admin) retire it at once",
          requestBody: json({
            oneOf: [ref("RetirementRequest"), ref("RetireNow")],
          }),
          responses: {
            ...ok("The retirement", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/retirements": {
        get: {
          summary: "Retirements, newest first",
          parameters: [
            {
              name: "status",
              in: "query",
              description:
                "requested, scheduled, retired, released, restored, rejected, cancelled (comma-separated)",
              schema: { type: "string" },
            },
            { name: "model", in: "query", schema: { type: "string" } },
          ],
          responses: {
            ...ok("Retirements", { type: "object" }),
            ...errors(400, 401),
          },
        },
      },
      "/api/v1/retirements/{id}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        get: {
          summary: "One retirement with its impact",
          responses: {
            ...ok("The retirement", { type: "object" }),
            ...errors(401, 404),
          },
        },
      },
      "/api/v1/retirements/{id}/restore": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        post: {
          summary: "Undo a retirement before its files are released (admin)",
          requestBody: json(ref("Restore")),
          responses: {
            ...ok("The retirement", { type: "object" }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/storage": {
        get: {
          summary:
            "Garbage-collection dry run: bytes each retired model or version will free",
          responses: { ...ok("Report", { type: "object" }), ...errors(401) },
        },
      },
      "/api/v1/reports/portfolio.csv": {
        get: {
          summary: "The portfolio, one CSV row per model",
          parameters: [
            { name: "team", in: "query", schema: { type: "string" } },
            { name: "task", in: "query", schema: { type: "string" } },
          ],
          responses: {
            "200": { description: "CSV", content: { "text/csv": {} } },
            ...errors(400, 401),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          summary: "This document",
          security: [],
          responses: ok("OpenAPI 3.1", { type: "object" }),
        },
      },
      "/api/v1/models/{name}/versions/{version}/signature": {
        parameters: [name, { ...version, description: "Version number" }],
        get: {
          summary:
            "The version's model.sig: an OpenSSF model signing (model_signing v1) Sigstore bundle over its files; `model_signing verify key --signature model.sig --public_key key.pub <dir>` checks a downloaded version",
          parameters: [
            {
              name: "kind",
              in: "query",
              required: false,
              schema: {
                type: "string",
                enum: ["stageline", "uploaded"],
                default: "stageline",
              },
              description:
                "Stageline's own signature or the one uploaded from the team's CI",
            },
          ],
          responses: {
            ...ok(
              "The bundle (application/vnd.dev.sigstore.bundle.v0.3+json)",
              { type: "object" },
            ),
            ...errors(400, 401, 404),
          },
        },
        put: {
          summary:
            "Upload a bundle signed in the team's CI (`model_signing sign key`); it must verify under a registered, unrevoked signing key over the version's current files",
          requestBody: json({
            type: "object",
            description:
              "The Sigstore bundle JSON, as model_signing writes model.sig",
          }),
          responses: {
            ...ok(
              "Stored",
              {
                type: "object",
                properties: {
                  kind: { type: "string" },
                  content_digest: { type: "string" },
                  key: { type: "object" },
                  created_at: { type: "integer" },
                },
              },
              "201",
            ),
            ...errors(400, 401, 403, 404, 409, 413),
          },
        },
      },
      "/api/v1/signing-key": {
        get: {
          summary:
            "Stageline's public signing key (PEM, ECDSA P-256); X-Key-Fingerprint carries the SHA-256 of its DER",
          responses: {
            "200": { description: "PEM", content: { "text/plain": {} } },
            ...errors(401),
          },
        },
      },
      "/api/v1/signing-keys": {
        get: {
          summary:
            "Public keys trusted for signatures made in the team's CI (admin)",
          responses: {
            ...ok("Keys", {
              type: "object",
              properties: {
                signing_keys: { type: "array", items: ref("SigningKey") },
              },
            }),
            ...errors(401, 403),
          },
        },
        post: {
          summary: "Register a trusted public key (admin)",
          requestBody: json(ref("SigningKeyInput")),
          responses: {
            ...ok("The key", ref("SigningKey"), "201"),
            ...errors(400, 401, 403, 409),
          },
        },
      },
      "/api/v1/signing-keys/{id}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        delete: {
          summary:
            "Revoke a trusted key (admin): its signatures no longer pass the `signed by trusted key` gate",
          responses: {
            ...ok("The revoked key", ref("SigningKey")),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/metrics": {
        get: {
          summary:
            "Prometheus text exposition (STAGELINE_METRICS_TOKEN as bearer, or any user's token or session)",
          responses: {
            "200": { description: "Metrics", content: { "text/plain": {} } },
            ...errors(401),
          },
        },
      },
      "/api/v1/inbox": {
        get: {
          summary:
            "The shell's live counters: open requests and unread notifications",
          responses: { ...ok("Counters", { type: "object" }), ...errors(401) },
        },
      },
      "/api/v1/notifications": {
        get: {
          summary: "Your notifications, newest first, with the unread count",
          responses: {
            ...ok("Notifications", { type: "object" }),
            ...errors(401),
          },
        },
        post: {
          summary: "Mark notifications read",
          requestBody: json({
            type: "object",
            properties: {
              read: {
                oneOf: [
                  { const: "all" },
                  { type: "array", items: { type: "integer" } },
                ],
              },
            },
            required: ["read"],
          }),
          responses: {
            ...ok("Notifications", { type: "object" }),
            ...errors(400, 401),
          },
        },
      },
      "/api/v1/models/{name}/stage-history": {
        parameters: [name],
        get: {
          summary:
            "Stage changes; with ?at= also the versions in production at that moment",
          parameters: [
            {
              name: "at",
              in: "query",
              description: "ISO date or milliseconds",
              schema: { type: "string" },
            },
          ],
          responses: {
            ...ok("History", { type: "object" }),
            ...errors(400, 401, 404),
          },
        },
      },
      "/api/v1/models/{name}/model-card": {
        parameters: [name],
        get: {
          summary: "The model card (?format=markdown for the .md export)",
          parameters: [
            {
              name: "format",
              in: "query",
              schema: { type: "string", enum: ["markdown"] },
            },
          ],
          responses: {
            ...ok("The card", { type: "object" }),
            ...errors(401, 404),
          },
        },
        put: {
          summary: "Write card sections (owner or admin)",
          requestBody: json({
            type: "object",
            properties: { sections: ref("ModelCardSections") },
            required: ["sections"],
          }),
          responses: {
            ...ok("The card", { type: "object" }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/rollback": {
        parameters: [name],
        post: {
          summary:
            "Request a move back to the previous production version (needs its approvals)",
          requestBody: json({
            type: "object",
            properties: { comment: { type: "string" } },
          }),
          responses: {
            ...ok("The request", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/transition-requests": {
        parameters: [name, version],
        get: {
          summary: "The version's requests",
          responses: {
            ...ok("Requests", { type: "object" }),
            ...errors(401, 404),
          },
        },
        post: {
          summary:
            "Ask reviewers to move the version to a stage, or (with `alias`) to point a protected alias at it",
          description:
            'With `{"alias": "champion"}` the request (kind `alias`) points the protected alias at this version once the production policy\'s approvals and gates (on this version) are met; it changes no stage. Protected aliases are the production policy\'s `protected_aliases` (default `champion`); setting or deleting one directly answers 409.',
          requestBody: json({
            oneOf: [ref("TransitionRequestInput"), ref("AliasRequestInput")],
          }),
          responses: {
            ...ok("The request", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/override": {
        parameters: [name, version],
        post: {
          summary: "Move the version at once, recorded as an override (admin)",
          requestBody: json(ref("Override")),
          responses: {
            ...ok("The request", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/transition-requests/{id}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        get: {
          summary: "One request with its reviews, gates and evidence",
          responses: {
            ...ok("The request", { type: "object" }),
            ...errors(401, 404),
          },
        },
      },
      "/api/v1/policies": {
        get: {
          summary:
            "Promotion policies per stage, defaults and per-model overrides",
          responses: { ...ok("Policies", { type: "object" }), ...errors(401) },
        },
        put: {
          summary: "Set a stage's policy, for all models or one (admin)",
          requestBody: json(ref("Policy")),
          responses: {
            ...ok("The policy", { type: "object" }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/v1/audit": {
        get: {
          summary: "Audit events, newest first (?format=csv for an export)",
          parameters: [
            ...queryParams(auditFilterSchema),
            {
              name: "format",
              in: "query",
              schema: { type: "string", enum: ["csv"] },
            },
          ],
          responses: {
            ...ok("Events", { type: "object" }),
            ...errors(400, 401),
          },
        },
      },
      "/api/v1/audit/verify": {
        get: {
          summary: "Check the audit hash chain (admin)",
          responses: {
            ...ok("Result", {
              type: "object",
              properties: { ok: { type: "boolean" } },
            }),
            ...errors(401, 403),
          },
        },
      },
      "/api/v1/models/{name}/deployments": {
        parameters: [name],
        get: {
          summary: "The model's deployments",
          responses: {
            ...ok("Deployments", { type: "object" }),
            ...errors(401, 404),
          },
        },
        post: {
          summary:
            "Record a deployment (production only for a version in Production)",
          requestBody: json(ref("Deployment")),
          responses: {
            ...ok("The deployment", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      "/api/v1/deployments": {
        get: {
          summary: "All deployments (?status=live for the live ones)",
          parameters: [
            {
              name: "status",
              in: "query",
              schema: { type: "string", enum: ["live"] },
            },
          ],
          responses: {
            ...ok("Deployments", { type: "object" }),
            ...errors(401),
          },
        },
      },
      "/api/v1/deployments/{id}/stop": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        post: {
          summary: "Stop a deployment",
          responses: {
            ...ok("The deployment", { type: "object" }),
            ...errors(401, 403, 404, 409),
          },
        },
      },
      "/api/v1/deployments/{id}/series": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        get: {
          summary:
            "Throughput, error rate, latency percentiles and live quality over time",
          parameters: [
            {
              name: "range",
              in: "query",
              schema: { type: "string", enum: ["1h", "24h", "7d", "30d"] },
            },
          ],
          responses: {
            ...ok("Series", { type: "object" }),
            ...errors(400, 401, 404),
          },
        },
      },
      "/api/v1/deployments/{id}/drift": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        get: {
          summary:
            "PSI (with its band) and a second test per input feature against the version's reference",
          parameters: [
            {
              name: "range",
              in: "query",
              schema: { type: "string", enum: ["1h", "24h", "7d", "30d"] },
            },
          ],
          responses: {
            ...ok("Drift", { type: "object" }),
            ...errors(400, 401, 404),
          },
        },
      },
      "/api/v1/deployments/{id}/metrics": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        post: {
          summary:
            "Push metric points (at most 10,000 per batch) from an external deployment",
          requestBody: json(ref("MetricsBatch")),
          responses: {
            ...ok(
              "Accepted",
              { type: "object", properties: { accepted: { type: "integer" } } },
              "202",
            ),
            ...errors(400, 401, 403, 404, 409, 413),
          },
        },
      },
      "/api/v1/deployments/{id}/feedback": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        post: {
          summary:
            "Ground truth for served predictions (by prediction id or your key)",
          requestBody: json(ref("Feedback")),
          responses: {
            ...ok("Accepted", { type: "object" }, "202"),
            ...errors(400, 401, 403, 404, 413),
          },
        },
      },
      "/api/v1/models/{name}/versions/{version}/reference": {
        parameters: [name, version],
        post: {
          summary:
            "Reference distributions per input feature (training values) for drift",
          requestBody: json(ref("Reference")),
          responses: {
            ...ok("Stored", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404, 413),
          },
        },
      },
      "/api/v1/serve/{model}/{ref}/predict": {
        parameters: [
          {
            name: "model",
            in: "path",
            required: true,
            schema: { type: "string" },
          },
          {
            name: "ref",
            in: "path",
            required: true,
            description: "An alias, a stage or a version number",
            schema: { type: "string" },
          },
        ],
        post: {
          summary:
            "Run the version's ONNX model; a deprecated one answers with Deprecation, Sunset and Link headers",
          requestBody: json(ref("Predict")),
          responses: {
            ...ok("Predictions", {
              type: "object",
              properties: {
                model: { type: "string" },
                version: { type: "integer" },
                predictions: { type: "array", items: { type: "number" } },
                prediction_ids: { type: "array", items: { type: "string" } },
                deployment_id: { type: ["integer", "null"] },
              },
            }),
            "410": { description: "Retired", ...json(ref("Error")) },
            ...errors(400, 401, 403, 404, 409, 413),
          },
        },
      },
      "/api/v1/monitoring": {
        get: {
          summary: "Every live deployment with its last hour",
          responses: { ...ok("Health", { type: "object" }), ...errors(401) },
        },
      },
      "/api/v1/alert-rules": {
        get: {
          summary: "Alert rules with their current state",
          responses: { ...ok("Rules", { type: "object" }), ...errors(401) },
        },
        post: {
          summary: "Create an alert rule",
          requestBody: json(ref("AlertRule")),
          responses: {
            ...ok("The rule", { type: "object" }, "201"),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/v1/alert-rules/{id}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        patch: {
          summary: "Change an alert rule (fields as on creation)",
          requestBody: json({ type: "object" }),
          responses: {
            ...ok("The rule", { type: "object" }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/v1/webhooks": {
        get: {
          summary: "Webhooks (admin)",
          responses: {
            ...ok("Webhooks", { type: "object" }),
            ...errors(401, 403),
          },
        },
        post: {
          summary:
            "Subscribe a URL to events; the signing secret is returned once (admin)",
          requestBody: json(ref("Webhook")),
          responses: {
            ...ok("The webhook and its secret", { type: "object" }, "201"),
            ...errors(400, 401, 403),
          },
        },
      },
      "/api/v1/webhooks/{id}": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        get: {
          summary:
            "The webhook's recent deliveries with their response status (admin)",
          responses: {
            ...ok("Deliveries", { type: "object" }),
            ...errors(401, 403, 404),
          },
        },
        patch: {
          summary: "Turn the webhook on or off (admin)",
          requestBody: json({
            type: "object",
            properties: { active: { type: "boolean" } },
            required: ["active"],
          }),
          responses: {
            ...ok("The webhook", { type: "object" }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/v1/webhooks/{id}/test": {
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "integer" },
          },
        ],
        post: {
          summary: "Queue a test delivery (admin)",
          responses: {
            ...ok("Queued", { type: "object" }, "202"),
            ...errors(401, 403, 404),
          },
        },
      },
    },
  };
}
