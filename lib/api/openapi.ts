// The OpenAPI 3.1 document of the REST API, built from the same zod schemas the services validate with.
import { z } from "zod";
import { APP_VERSION } from "@/lib/config";
import { precomputedSchema, rawSchema } from "@/lib/evaluation/evaluation.validation";
import { modelDetailSchema, modelSummarySchema, versionSchema } from "@/lib/registry/dto";
import { createModelSchema, createVersionSchema, listModelsSchema, updateModelSchema, updateVersionSchema } from "@/lib/registry/registry.validation";
import { restoreSchema, retireNowSchema, retirementRequestSchema } from "@/lib/retirement/retirement.validation";
import { createTokenSchema } from "@/lib/tokens/tokens.validation";

type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: "input" | "output" = "output"): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Json;
  return rest;
};

const errorSchema: Json = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", enum: ["invalid", "unauthenticated", "forbidden", "not_found", "conflict", "gone", "too_large", "unprocessable", "rate_limited"] },
        message: { type: "string" },
        details: { type: "object", properties: { fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } } },
      },
      required: ["code", "message", "details"],
    },
  },
  required: ["error"],
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: Json) => ({ content: { "application/json": { schema: s } } });
const ok = (description: string, s: Json, status = "200") => ({ [status]: { description, ...json(s) } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? "Error", ...json(ref("Error")) }]));
const ERROR_TEXT: Record<number, string> = { 400: "Invalid input (the error names the field)", 401: "Not authenticated", 403: "Not allowed for your role", 404: "Not found", 409: "Conflict", 413: "Too large" };

const name = { name: "name", in: "path", required: true, description: "Model name; encode '/' as %2F", schema: { type: "string" } };
const version = { name: "version", in: "path", required: true, description: "Version number, `latest`, a stage or an alias (GET)", schema: { type: "string" } };
const key = { name: "key", in: "path", required: true, schema: { type: "string" } };
const alias = { name: "alias", in: "path", required: true, schema: { type: "string" } };
const artifactPath = { name: "path", in: "path", required: true, description: "Relative path; '/' separates folders", schema: { type: "string" } };

function queryParams(s: z.ZodObject): Json[] {
  const props = (schema(s, "input").properties ?? {}) as Record<string, Json>;
  return Object.entries(props).map(([n, p]) => ({ name: n, in: "query", required: false, schema: p }));
}

export function openApiDocument(): Json {
  const tagValue = { type: "object", properties: { value: { type: "string" } }, required: ["value"] };
  return {
    openapi: "3.1.0",
    info: { title: "Stageline REST API", version: APP_VERSION, description: "Model registry and lifecycle. Authenticate with `Authorization: Bearer <token>` or the session cookie." },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A personal API token (Settings › API tokens)" },
        session: { type: "apiKey", in: "cookie", name: "stageline.session_token" },
      },
      schemas: {
        Error: errorSchema,
        ModelSummary: schema(modelSummarySchema),
        ModelDetail: schema(modelDetailSchema),
        ModelVersion: schema(versionSchema),
        CreateModel: schema(createModelSchema, "input"),
        UpdateModel: schema(updateModelSchema.extend({ name: z.string().optional().describe("Renames the model") }), "input"),
        CreateVersion: schema(createVersionSchema, "input"),
        UpdateVersion: schema(updateVersionSchema, "input"),
        RawEvaluation: schema(rawSchema, "input"),
        PrecomputedEvaluation: schema(precomputedSchema, "input"),
        CreateToken: schema(z.object({ name: createTokenSchema.shape.name, expires_in_days: z.number().int().min(1).max(3650).optional() }), "input"),
        RetirementRequest: schema(retirementRequestSchema, "input"),
        RetireNow: schema(retireNowSchema.extend({ immediate: z.literal(true) }), "input"),
        Restore: schema(restoreSchema, "input"),
        Artifact: { type: "object", properties: { path: { type: "string" }, size: { type: "integer" }, sha256: { type: "string" }, content_type: { type: "string" }, created_at: { type: "integer" } } },
      },
    },
    paths: {
      "/api/health": { get: { summary: "Health (no auth)", security: [], responses: ok("Healthy", { type: "object" }) } },
      "/api/v1/me": { get: { summary: "The caller", responses: { ...ok("The caller", { type: "object" }), ...errors(401) } } },
      "/api/v1/tokens": {
        get: { summary: "Your API tokens", responses: { ...ok("Tokens", { type: "object" }), ...errors(401) } },
        post: { summary: "Create a token (shown once)", requestBody: json(ref("CreateToken")), responses: { ...ok("Created", { type: "object" }, "201"), ...errors(400, 401) } },
      },
      "/api/v1/tokens/{id}": { delete: { summary: "Revoke a token", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: { ...ok("Revoked", { type: "object" }), ...errors(401, 404) } } },
      "/api/v1/models": {
        get: {
          summary: "List models",
          parameters: queryParams(listModelsSchema),
          responses: { ...ok("One page", { type: "object", properties: { items: { type: "array", items: ref("ModelSummary") }, next_cursor: { type: ["string", "null"] }, total: { type: "integer" } } }), ...errors(400, 401) },
        },
        post: { summary: "Register a model", requestBody: json(ref("CreateModel")), responses: { ...ok("Created", ref("ModelDetail"), "201"), ...errors(400, 401, 403, 409) } },
      },
      "/api/v1/models/{name}": {
        parameters: [name],
        get: { summary: "A model", responses: { ...ok("The model", ref("ModelDetail")), ...errors(401, 404) } },
        patch: { summary: "Edit or rename a model (owner or admin)", requestBody: json(ref("UpdateModel")), responses: { ...ok("Updated", ref("ModelDetail")), ...errors(400, 401, 403, 404, 409) } },
        delete: { summary: "Delete a model (none of its versions in staging/production)", responses: { ...ok("Deleted", { type: "object" }), ...errors(401, 403, 404, 409) } },
      },
      "/api/v1/models/{name}/tags/{key}": {
        parameters: [name, key],
        put: { summary: "Set a model tag", requestBody: json(tagValue), responses: { ...ok("Tags", { type: "object" }), ...errors(400, 401, 403, 404) } },
        delete: { summary: "Delete a model tag", responses: { ...ok("Tags", { type: "object" }), ...errors(401, 403, 404) } },
      },
      "/api/v1/models/{name}/versions": {
        parameters: [name],
        get: {
          summary: "Versions, newest first",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200 } },
            { name: "cursor", in: "query", schema: { type: "string" } },
          ],
          responses: { ...ok("One page", { type: "object", properties: { items: { type: "array", items: ref("ModelVersion") }, next_cursor: { type: ["string", "null"] } } }), ...errors(400, 401, 404) },
        },
        post: { summary: "Register a version (numbers grow by one, never reused)", requestBody: json(ref("CreateVersion")), responses: { ...ok("Created", ref("ModelVersion"), "201"), ...errors(400, 401, 403, 404, 409) } },
      },
      "/api/v1/models/{name}/versions/{version}": {
        parameters: [name, version],
        get: { summary: "A version", responses: { ...ok("The version", ref("ModelVersion")), ...errors(400, 401, 404) } },
        patch: { summary: "Edit a version", requestBody: json(ref("UpdateVersion")), responses: { ...ok("Updated", ref("ModelVersion")), ...errors(400, 401, 403, 404, 409) } },
        delete: { summary: "Delete a version (soft; number not reused)", responses: { ...ok("Deleted", { type: "object" }), ...errors(401, 403, 404, 409) } },
      },
      "/api/v1/models/{name}/versions/{version}/tags/{key}": {
        parameters: [name, version, key],
        put: { summary: "Set a version tag", requestBody: json(tagValue), responses: { ...ok("Tags", { type: "object" }), ...errors(400, 401, 403, 404) } },
        delete: { summary: "Delete a version tag", responses: { ...ok("Tags", { type: "object" }), ...errors(401, 403, 404) } },
      },
      "/api/v1/models/{name}/aliases/{alias}": {
        parameters: [name, alias],
        get: { summary: "The version an alias points at", responses: { ...ok("The version", ref("ModelVersion")), ...errors(400, 401, 404) } },
        put: { summary: "Set or move an alias", requestBody: json({ type: "object", properties: { version: { type: "integer" } }, required: ["version"] }), responses: { ...ok("The version", ref("ModelVersion")), ...errors(400, 401, 403, 404) } },
        delete: { summary: "Remove an alias", responses: { ...ok("Removed", { type: "object" }), ...errors(401, 403, 404) } },
      },
      "/api/v1/models/{name}/versions/{version}/evaluations": {
        parameters: [name, version],
        get: { summary: "The version's evaluations, newest first", responses: { ...ok("Evaluations", { type: "object", properties: { evaluations: { type: "array", items: { type: "object" } } } }), ...errors(401, 404) } },
        post: {
          summary: "Log an evaluation: raw predictions (Stageline computes metrics, curves, matrix, fairness, and permutation importance from features) or precomputed figures",
          requestBody: json({ oneOf: [ref("RawEvaluation"), ref("PrecomputedEvaluation")] }),
          responses: { ...ok("Logged", { type: "object" }, "201"), ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      "/api/v1/models/{name}/versions/{version}/artifacts": {
        parameters: [name, version],
        get: { summary: "List artifacts", responses: { ...ok("Artifacts", { type: "object", properties: { artifacts: { type: "array", items: ref("Artifact") } } }), ...errors(401, 404) } },
      },
      "/api/v1/models/{name}/versions/{version}/artifacts/{path}": {
        parameters: [name, version, artifactPath],
        put: {
          summary: "Upload (streamed)",
          parameters: [
            { name: "X-Content-SHA256", in: "header", schema: { type: "string" }, description: "Expected SHA-256 (hex); a mismatch is refused" },
            { name: "Content-Digest", in: "header", schema: { type: "string" }, description: "sha-256=:<base64>:" },
          ],
          requestBody: { content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } },
          responses: { ...ok("Stored", ref("Artifact"), "201"), ...errors(400, 401, 403, 404, 409, 413) },
        },
        get: {
          summary: "Download (SHA-256 re-checked while streaming)",
          responses: { "200": { description: "The file; ETag and Repr-Digest carry its SHA-256", content: { "application/octet-stream": {} } }, ...errors(401, 404, 409) },
        },
      },
      "/api/v1/transition-requests": {
        get: { summary: "Transition, rollback and retirement requests (status=open for the inbox)", parameters: [{ name: "status", in: "query", schema: { type: "string", enum: ["open", "applied", "rejected", "cancelled"] } }], responses: { ...ok("Requests", { type: "object" }), ...errors(400, 401) } },
      },
      "/api/v1/transition-requests/{id}/{decision}": {
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "integer" } },
          { name: "decision", in: "path", required: true, schema: { type: "string", enum: ["approve", "reject", "cancel"] } },
        ],
        post: { summary: "Approve, reject (comment required) or cancel a request, retirements included", requestBody: json({ type: "object", properties: { comment: { type: "string" } } }), responses: { ...ok("The request", { type: "object" }), ...errors(400, 401, 403, 404, 409) } },
      },
      "/api/v1/models/{name}/retirement": {
        parameters: [name],
        post: { summary: "Ask reviewers to retire the whole model, or (admin) retire it at once", requestBody: json({ oneOf: [ref("RetirementRequest"), ref("RetireNow")] }), responses: { ...ok("The retirement", { type: "object" }, "201"), ...errors(400, 401, 403, 404, 409) } },
      },
      "/api/v1/models/{name}/versions/{version}/retirement": {
        parameters: [name, version],
        post: { summary: "Ask reviewers to retire one version, or (admin) retire it at once", requestBody: json({ oneOf: [ref("RetirementRequest"), ref("RetireNow")] }), responses: { ...ok("The retirement", { type: "object" }, "201"), ...errors(400, 401, 403, 404, 409) } },
      },
      "/api/v1/retirements": {
        get: { summary: "Retirements, newest first", parameters: [{ name: "status", in: "query", description: "requested, scheduled, retired, released, restored, rejected, cancelled (comma-separated)", schema: { type: "string" } }, { name: "model", in: "query", schema: { type: "string" } }], responses: { ...ok("Retirements", { type: "object" }), ...errors(400, 401) } },
      },
      "/api/v1/retirements/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        get: { summary: "One retirement with its impact", responses: { ...ok("The retirement", { type: "object" }), ...errors(401, 404) } },
      },
      "/api/v1/retirements/{id}/restore": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        post: { summary: "Undo a retirement before its files are released (admin)", requestBody: json(ref("Restore")), responses: { ...ok("The retirement", { type: "object" }), ...errors(400, 401, 403, 404, 409) } },
      },
      "/api/v1/storage": { get: { summary: "Garbage-collection dry run: bytes each retired model or version will free", responses: { ...ok("Report", { type: "object" }), ...errors(401) } } },
      "/api/v1/reports/portfolio.csv": {
        get: { summary: "The portfolio, one CSV row per model", parameters: [{ name: "team", in: "query", schema: { type: "string" } }, { name: "task", in: "query", schema: { type: "string" } }], responses: { "200": { description: "CSV", content: { "text/csv": {} } }, ...errors(400, 401) } },
      },
      "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: ok("OpenAPI 3.1", { type: "object" }) } },
    },
  };
}
