// Paths of the lifecycle: transition, alias and rollback requests with their reviews, promotion
// policies, stage history, model cards, and retirements.
import { REQUEST_STATUSES } from "@/db/enums";
import { stageChangeSchema, storageSchema } from "./answers/lifecycle";
import {
  listOf,
  schema,
  idParam,
  nameParam,
  object,
  op,
  pathParam,
  queryParam,
  ref,
  versionParam,
  type Json,
} from "./helpers";

const comment = object({ comment: { type: "string" } });
const retirementBody = {
  oneOf: [ref("RetirementRequest"), ref("RetireNow")],
};

export function lifecyclePaths(): Record<string, Json> {
  return {
    "/api/v1/transition-requests": {
      get: op({
        summary:
          "Transition, rollback and retirement requests (status=open for the inbox)",
        parameters: [
          queryParam("status", { type: "string", enum: [...REQUEST_STATUSES] }),
        ],
        ok: [
          "Requests",
          object(
            {
              requests: { type: "array", items: ref("TransitionRequest") },
              next_before: {
                type: ["integer", "null"],
                description: "The `before` of the next page",
              },
            },
            ["requests", "next_before"],
          ),
        ],
        errors: [400, 401],
      }),
    },
    "/api/v1/transition-requests/{id}": {
      parameters: [idParam],
      get: op({
        summary: "One request with its reviews, gates and evidence",
        ok: ["The request", ref("TransitionRequest")],
        errors: [401, 404],
      }),
    },
    "/api/v1/transition-requests/{id}/{decision}": {
      parameters: [
        idParam,
        {
          ...pathParam("decision"),
          schema: { type: "string", enum: ["approve", "reject", "cancel"] },
        },
      ],
      post: op({
        summary:
          "Approve, reject (comment required) or cancel a request, retirements included",
        body: comment,
        ok: ["The request", ref("TransitionRequest")],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/transition-requests": {
      parameters: [nameParam, versionParam],
      get: op({
        summary: "The version's requests",
        ok: ["Requests", listOf("requests", ref("TransitionRequest"))],
        errors: [401, 404],
      }),
      post: op({
        summary:
          "Ask reviewers to move the version to a stage, or (with `alias`) to point a protected alias at it",
        description:
          'With `{"alias": "champion"}` the request (kind `alias`) points the protected alias at this version once the production policy\'s approvals and gates (on this version) are met; it changes no stage. Protected aliases are the production policy\'s `protected_aliases` (default `champion`); setting or deleting one directly answers 409.',
        body: {
          oneOf: [ref("TransitionRequestInput"), ref("AliasRequestInput")],
        },
        ok: ["The request", ref("TransitionRequest"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/override": {
      parameters: [nameParam, versionParam],
      post: op({
        summary: "Move the version at once, recorded as an override (admin)",
        body: ref("Override"),
        ok: ["The request", ref("TransitionRequest"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/rollback": {
      parameters: [nameParam],
      post: op({
        summary:
          "Request a move back to the previous production version (needs its approvals)",
        body: comment,
        ok: ["The request", ref("TransitionRequest"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/stage-history": {
      parameters: [nameParam],
      get: op({
        summary:
          "Stage changes; with ?at= also the versions in production at that moment",
        parameters: [
          queryParam("at", { type: "string" }, "ISO date or milliseconds"),
        ],
        ok: [
          "History",
          object(
            {
              changes: { type: "array", items: schema(stageChangeSchema) },
              at: { type: "integer", description: "With ?at= only" },
              production_versions: {
                type: "array",
                items: { type: "integer" },
                description: "With ?at= only",
              },
            },
            ["changes"],
          ),
        ],
        errors: [400, 401, 404],
      }),
    },
    "/api/v1/policies": {
      get: op({
        summary:
          "Promotion policies per stage, defaults and per-model overrides",
        ok: [
          "Policies",
          listOf(
            "policies",
            object(
              {
                model: {
                  type: ["string", "null"],
                  description: "Null: the default for every model",
                },
                policy: ref("Policy"),
              },
              ["model", "policy"],
            ),
          ),
        ],
        errors: [401],
      }),
      put: op({
        summary: "Set a stage's policy, for all models or one (admin)",
        body: ref("PolicyInput"),
        ok: ["The policy", ref("Policy")],
        errors: [400, 401, 403, 404],
      }),
    },
    "/api/v1/models/{name}/model-card": {
      parameters: [nameParam],
      get: op({
        summary: "The model card (?format=markdown for the .md export)",
        parameters: [
          queryParam("format", { type: "string", enum: ["markdown"] }),
        ],
        ok: ["The card", ref("ModelCard")],
        errors: [401, 404],
      }),
      put: op({
        summary: "Write card sections (owner or admin)",
        body: object({ sections: ref("ModelCardSections") }, ["sections"]),
        ok: ["The card", ref("ModelCard")],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/retirement": {
      parameters: [nameParam],
      post: op({
        summary:
          "Ask reviewers to retire the whole model, or (admin) retire it at once",
        body: retirementBody,
        ok: ["The retirement", ref("Retirement"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/retirement": {
      parameters: [nameParam, versionParam],
      post: op({
        summary:
          "Ask reviewers to retire one version, or (admin) retire it at once",
        body: retirementBody,
        ok: ["The retirement", ref("Retirement"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/retirements": {
      get: op({
        summary: "Retirements, newest first",
        parameters: [
          queryParam(
            "status",
            { type: "string" },
            "requested, scheduled, retired, released, restored, rejected, cancelled (comma-separated)",
          ),
          queryParam("model", { type: "string" }),
        ],
        ok: ["Retirements", listOf("retirements", ref("Retirement"))],
        errors: [400, 401],
      }),
    },
    "/api/v1/retirements/{id}": {
      parameters: [idParam],
      get: op({
        summary: "One retirement with its impact",
        ok: ["The retirement", ref("RetirementWithImpact")],
        errors: [401, 404],
      }),
    },
    "/api/v1/retirements/{id}/restore": {
      parameters: [idParam],
      post: op({
        summary: "Undo a retirement before its files are released (admin)",
        body: ref("Restore"),
        ok: ["The retirement", ref("Retirement")],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/storage": {
      get: op({
        summary:
          "Garbage-collection dry run: bytes each retired model or version will free",
        ok: ["Report", schema(storageSchema)],
        errors: [401],
      }),
    },
  };
}
