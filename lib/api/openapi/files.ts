// Paths of what a version carries: artifacts, evaluations, drift references and signatures, with
// the keys signatures are checked against.
import { jobSchema, referenceAnswer } from "./answers/evaluation";
import { uploadedSignatureSchema } from "./answers/registry";
import {
  schema,
  queryParam,
  idParam,
  listOf,
  nameParam,
  op,
  pathParam,
  ref,
  versionParam,
  type Json,
} from "./helpers";

const headerParam = (name: string, description: string): Json => ({
  name,
  in: "header",
  schema: { type: "string" },
  description,
});

/** The top of a Sigstore bundle (lib/signing/bundle.ts); an uploaded one may carry more. */
const SIGSTORE_BUNDLE: Json = {
  type: "object",
  properties: {
    mediaType: { type: "string" },
    verificationMaterial: { type: "object" },
    dsseEnvelope: {
      type: "object",
      properties: {
        payload: { type: "string", description: "Base64 in-toto statement" },
        payloadType: { type: "string" },
        signatures: { type: "array", items: { type: "object" } },
      },
      required: ["payload", "payloadType", "signatures"],
    },
  },
  required: ["mediaType", "verificationMaterial"],
};

/** lib/registry/artifact-preview.ts's ArtifactPreview. */
const PREVIEW: Json = {
  type: "object",
  properties: {
    path: { type: "string" },
    size: { type: "integer" },
    kind: { type: "string", enum: ["text", "json", "csv", "image", "none"] },
    text: { type: "string", description: "text and json" },
    truncated: { type: "boolean" },
    note: {
      type: ["string", "null"],
      description: "text: why it is shown as text",
    },
    header: { type: "array", items: { type: "string" } },
    rows: {
      type: "array",
      items: { type: "array", items: { type: "string" } },
    },
    media_type: { type: "string", description: "image" },
    reason: { type: "string", description: "none: why there is no preview" },
  },
  required: ["path", "size", "kind"],
};

export function filePaths(): Record<string, Json> {
  return {
    "/api/v1/models/{name}/versions/{version}/evaluations": {
      parameters: [nameParam, versionParam],
      get: op({
        summary: "The version's evaluations, newest first",
        ok: ["Evaluations", listOf("evaluations", ref("Evaluation"))],
        errors: [401, 404],
      }),
      post: op({
        summary:
          "Log an evaluation: raw predictions (Stageline computes metrics, curves, matrix, fairness, and permutation importance from features) or precomputed figures",
        body: { oneOf: [ref("RawEvaluation"), ref("PrecomputedEvaluation")] },
        ok: ["Logged", ref("Evaluation"), 201],
        errors: [400, 401, 403, 404, 409, 413],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/evaluations/csv": {
      parameters: [nameParam, versionParam],
      post: op({
        summary:
          "Log an evaluation from a CSV file of predictions (at most 32 MiB and 1,000,000 rows): the query names its columns, Stageline computes the figures as from raw predictions",
        parameters: [
          queryParam("dataset", { type: "string" }, "Dataset name (required)"),
          queryParam("split", { type: "string", default: "test" }),
          queryParam(
            "label",
            { type: "string" },
            "Column of true labels or values (required)",
          ),
          queryParam(
            "score",
            { type: "string" },
            "Column of scores or probabilities of the positive class (or prediction)",
          ),
          queryParam(
            "prediction",
            { type: "string" },
            "Column of predicted labels or values (or score)",
          ),
          queryParam(
            "slice",
            { type: "string" },
            "Column to break the figures down by (fairness per group)",
          ),
          queryParam("positive_label", { type: "string" }),
        ],
        requestBody: {
          content: { "text/csv": { schema: { type: "string" } } },
        },
        ok: ["Logged", ref("Evaluation"), 201],
        errors: [400, 401, 403, 404, 409, 413],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/evaluations/jobs": {
      parameters: [nameParam, versionParam],
      get: op({
        summary:
          "Progress of the version's recent evaluations: queued, running (progress 0..1 and stage), done or failed (with a message); kept 10 minutes after they end",
        ok: ["Jobs", listOf("jobs", schema(jobSchema))],
        errors: [401, 404],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/artifacts": {
      parameters: [nameParam, versionParam],
      get: op({
        summary: "List artifacts",
        ok: ["Artifacts", listOf("artifacts", ref("Artifact"))],
        errors: [401, 404],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/artifacts/{path}": {
      parameters: [
        nameParam,
        versionParam,
        pathParam("path", "string", "Relative path; '/' separates folders"),
      ],
      put: op({
        summary: "Upload (streamed)",
        parameters: [
          headerParam(
            "X-Content-SHA256",
            "Expected SHA-256 (hex); a mismatch is refused",
          ),
          headerParam("Content-Digest", "sha-256=:<base64>:"),
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
        ok: ["Stored", ref("Artifact"), 201],
        errors: [400, 401, 403, 404, 409, 413, 507],
      }),
      get: op({
        summary: "Download (SHA-256 re-checked while streaming)",
        ok: {
          raw: {
            "200": {
              description: "The file; ETag and Repr-Digest carry its SHA-256",
              content: { "application/octet-stream": {} },
            },
          },
        },
        errors: [401, 404, 409],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/previews/{path}": {
      parameters: [
        nameParam,
        versionParam,
        pathParam("path", "string", "Relative path; '/' separates folders"),
        queryParam(
          "as",
          { type: "string", enum: ["image"] },
          "image: the bytes of a PNG, JPEG, GIF or WebP file (at most 5 MiB) for an <img>",
        ),
      ],
      get: op({
        summary:
          "Preview a file: the first 64 KiB as text (HTML and SVG as source, never rendered), JSON pretty-printed, the first 50 rows of a CSV file, or why there is none (binary)",
        ok: {
          raw: {
            "200": {
              description:
                "The preview; with ?as=image the image, with its type fixed from its bytes",
              content: {
                "application/json": { schema: PREVIEW },
                "image/png": {},
                "image/jpeg": {},
                "image/gif": {},
                "image/webp": {},
              },
            },
          },
        },
        errors: [401, 404, 409, 413],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/reference": {
      parameters: [nameParam, versionParam],
      post: op({
        summary:
          "Reference distributions per input feature (training values) for drift",
        body: ref("Reference"),
        ok: ["Stored", schema(referenceAnswer), 201],
        errors: [400, 401, 403, 404, 413],
      }),
    },
    "/api/v1/models/{name}/versions/{version}/signature": {
      parameters: [
        nameParam,
        { ...versionParam, description: "Version number" },
      ],
      get: op({
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
        ok: [
          "The bundle (application/vnd.dev.sigstore.bundle.v0.3+json)",
          SIGSTORE_BUNDLE,
        ],
        errors: [400, 401, 404],
      }),
      put: op({
        summary:
          "Upload a bundle signed in the team's CI (`model_signing sign key`); it must verify under a registered, unrevoked signing key over the version's current files",
        body: {
          type: "object",
          description:
            "The Sigstore bundle JSON, as model_signing writes model.sig",
        },
        ok: ["Stored", schema(uploadedSignatureSchema), 201],
        errors: [400, 401, 403, 404, 409, 413],
      }),
    },
    "/api/v1/signing-key": {
      get: op({
        summary:
          "Stageline's public signing key (PEM, ECDSA P-256); X-Key-Fingerprint carries the SHA-256 of its DER",
        ok: {
          raw: { "200": { description: "PEM", content: { "text/plain": {} } } },
        },
        errors: [401],
      }),
    },
    "/api/v1/signing-keys": {
      get: op({
        summary:
          "Public keys trusted for signatures made in the team's CI (admin)",
        ok: ["Keys", listOf("signing_keys", ref("SigningKey"))],
        errors: [401, 403],
      }),
      post: op({
        summary: "Register a trusted public key (admin)",
        body: ref("SigningKeyInput"),
        ok: ["The key", ref("SigningKey"), 201],
        errors: [400, 401, 403, 409],
      }),
    },
    "/api/v1/signing-keys/{id}": {
      parameters: [idParam],
      delete: op({
        summary:
          "Revoke a trusted key (admin): its signatures no longer pass the `signed by trusted key` gate",
        ok: ["The revoked key", ref("SigningKey")],
        errors: [400, 401, 403, 404, 409],
      }),
    },
  };
}
