// Paths of the registry: models, their versions, tags, aliases and per-model grants.
import { listModelsSchema } from "@/lib/registry/registry.validation";
import {
  listOf,
  keyParam,
  nameParam,
  object,
  op,
  pathParam,
  queryParam,
  queryParams,
  ref,
  versionParam,
  type Json,
} from "./helpers";

/** `{deleted: ...}`: what was deleted. */
const deleted = (what: Json): Json => object({ deleted: what }, ["deleted"]);

const tagValue = object({ value: { type: "string" } }, ["value"]);

/** PUT and DELETE of one tag, on a model or on a version. */
const tagOps = (owner: string): Json => ({
  put: op({
    summary: `Set a ${owner} tag`,
    body: tagValue,
    ok: ["Tags", ref("Tags")],
    errors: [400, 401, 403, 404],
  }),
  delete: op({
    summary: `Delete a ${owner} tag`,
    ok: ["Tags", ref("Tags")],
    errors: [401, 403, 404],
  }),
});

export function registryPaths(): Record<string, Json> {
  return {
    "/api/v1/models": {
      get: op({
        summary: "List models",
        parameters: queryParams(listModelsSchema),
        ok: [
          "One page",
          object({
            items: { type: "array", items: ref("ModelSummary") },
            next_cursor: { type: ["string", "null"] },
            total: { type: "integer" },
          }),
        ],
        errors: [400, 401],
      }),
      post: op({
        summary: "Register a model",
        body: ref("CreateModel"),
        ok: ["Created", ref("ModelDetail"), 201],
        errors: [400, 401, 403, 409],
      }),
    },
    "/api/v1/models/{name}": {
      parameters: [nameParam],
      get: op({
        summary: "A model",
        ok: ["The model", ref("ModelDetail")],
        errors: [401, 404],
      }),
      patch: op({
        summary: "Edit or rename a model (owner or admin)",
        body: ref("UpdateModel"),
        ok: ["Updated", ref("ModelDetail")],
        errors: [400, 401, 403, 404, 409],
      }),
      delete: op({
        summary: "Delete a model (none of its versions in staging/production)",
        ok: ["Deleted", deleted({ type: "string" })],
        errors: [401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/permissions": {
      parameters: [nameParam],
      get: op({
        summary:
          "Grants on the model besides its owner (edit: versions, artifacts, requests; manage: also the model and its grants)",
        ok: ["Grants", listOf("grants", ref("Grant"))],
        errors: [401, 404],
      }),
      put: op({
        summary:
          "Grant a user edit or manage (the owner, a manager or an admin)",
        body: object(
          {
            email: { type: "string" },
            level: { type: "string", enum: ["edit", "manage"] },
          },
          ["email", "level"],
        ),
        ok: ["The grant", ref("Grant")],
        errors: [400, 401, 403, 404],
      }),
    },
    "/api/v1/models/{name}/permissions/{user}": {
      parameters: [nameParam, pathParam("user", "string", "The user's id")],
      delete: op({
        summary: "Revoke a user's grant",
        ok: { raw: { "204": { description: "Revoked" } } },
        errors: [401, 403, 404],
      }),
    },
    "/api/v1/models/{name}/tags/{key}": {
      parameters: [nameParam, keyParam],
      ...tagOps("model"),
    },
    "/api/v1/models/{name}/versions": {
      parameters: [nameParam],
      get: op({
        summary: "Versions, newest first",
        parameters: [
          queryParam("limit", { type: "integer", minimum: 1, maximum: 200 }),
          queryParam("cursor", { type: "string" }),
        ],
        ok: [
          "One page",
          object({
            items: { type: "array", items: ref("ModelVersion") },
            next_cursor: { type: ["string", "null"] },
          }),
        ],
        errors: [400, 401, 404],
      }),
      post: op({
        summary: "Register a version (numbers grow by one, never reused)",
        body: ref("CreateVersion"),
        ok: ["Created", ref("ModelVersion"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/versions/{version}": {
      parameters: [nameParam, versionParam],
      get: op({
        summary: "A version",
        ok: ["The version", ref("ModelVersion")],
        errors: [400, 401, 404],
      }),
      patch: op({
        summary: "Edit a version",
        body: ref("UpdateVersion"),
        ok: ["Updated", ref("ModelVersion")],
        errors: [400, 401, 403, 404, 409],
      }),
      delete: op({
        summary: "Delete a version (soft; number not reused)",
        ok: [
          "Deleted",
          deleted(
            object(
              { model: { type: "string" }, version: { type: "integer" } },
              ["model", "version"],
            ),
          ),
        ],
        errors: [401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/tags/{key}": {
      parameters: [nameParam, versionParam, keyParam],
      ...tagOps("version"),
    },
    "/api/v1/models/{name}/aliases/{alias}": {
      parameters: [nameParam, pathParam("alias")],
      get: op({
        summary: "The version an alias points at",
        ok: ["The version", ref("ModelVersion")],
        errors: [400, 401, 404],
      }),
      put: op({
        summary: "Set or move an alias",
        description:
          "409 for a protected alias (the production policy's `protected_aliases`, default `champion`): request it with POST .../versions/{version}/transition-requests `{\"alias\": ...}`. 409 as well when a live built-in deployment serves the alias's current version and the new version's signature differs.",
        body: object({ version: { type: "integer" } }, ["version"]),
        ok: ["The version", ref("ModelVersion")],
        errors: [400, 401, 403, 404, 409],
      }),
      delete: op({
        summary: "Remove an alias (409 for a protected alias)",
        ok: ["Removed", deleted({ type: "string" })],
        errors: [401, 403, 404, 409],
      }),
    },
  };
}
