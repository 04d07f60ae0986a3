// Input rules of the registry, shared by pages, server actions, REST and (later) the MLflow layer.
// Long on purpose: one file of input rules (models, versions, artifacts, in sections), so every
// entry point reads the same rules and the shared pieces (names, tags, text limits) are defined once.
import { z } from "zod";
import { MODEL_STATUSES, MODEL_TASKS, VERSION_STATUSES } from "@/db/schema";

const NAME_RE = /^[A-Za-z0-9_.-](?:[A-Za-z0-9_. /-]{0,254}[A-Za-z0-9_.-])?$/;

export const modelNameSchema = z
  .string({ error: "Model name is required" })
  .min(1, { message: "Model name is required" })
  .max(256, { message: "Model name must be at most 256 characters" })
  .refine((v) => v === v.trim(), {
    message: "Model name may not start or end with a space",
  })
  .refine((v) => NAME_RE.test(v), {
    message:
      "Model name may use letters, digits, '-', '_', '.', and '/' or spaces in the middle",
  })
  .refine(
    (v) =>
      v.split("/").every((seg) => seg !== "" && seg !== "." && seg !== ".."),
    {
      message:
        "Model name may not contain empty, '.' or '..' segments between '/'",
    },
  );

export const aliasSchema = z
  .string({ error: "Alias is required" })
  .min(1, { message: "Alias is required" })
  .max(256, { message: "Alias must be at most 256 characters" })
  .regex(/^[A-Za-z0-9_-]+$/, {
    message: "Alias may use only letters, digits, '_' and '-'",
  })
  .refine((v) => v.toLowerCase() !== "latest", {
    message: "'latest' is reserved: it always means the newest ready version",
  })
  .refine((v) => !/^v\d+$/i.test(v), {
    message: "Aliases like 'v3' are reserved for version numbers",
  });

export const tagKeySchema = z
  .string({ error: "Tag key is required" })
  .min(1, { message: "Tag key is required" })
  .max(250, { message: "Tag key must be at most 250 characters" })
  .refine((v) => !/[\u0000-\u001f\u007f=]/.test(v), {
    message: "Tag key may not contain control characters or '='",
  });
export const tagValueSchema = z
  .string({ error: "Tag value must be text" })
  .max(5000, { message: "Tag value must be at most 5000 characters" })
  .refine((v) => !v.includes("\u0000"), {
    message: "Tag value may not contain NUL",
  });
export const tagsSchema = z
  .record(tagKeySchema, tagValueSchema, {
    error: "Tags must be an object of key: value strings",
  })
  .refine((t) => Object.keys(t).length <= 100, { message: "At most 100 tags" });

const descriptionSchema = z
  .string({ error: "Description must be text" })
  .max(50_000, { message: "Description must be at most 50,000 characters" });

export const createModelSchema = z.object({
  name: modelNameSchema,
  description: descriptionSchema.optional(),
  task: z
    .enum(MODEL_TASKS, {
      message: `Task must be one of ${MODEL_TASKS.join(", ")}`,
    })
    .optional(),
  use_case: z
    .string({ error: "Use case must be text" })
    .max(2000, { message: "Use case must be at most 2000 characters" })
    .optional(),
  key_metric: z
    .string({ error: "Key metric must be text" })
    .max(250)
    .optional(),
  tags: tagsSchema.optional(),
});
export type CreateModelInput = z.input<typeof createModelSchema>;

export const updateModelSchema = z
  .object({
    description: descriptionSchema.optional(),
    task: z
      .enum(MODEL_TASKS, {
        message: `Task must be one of ${MODEL_TASKS.join(", ")}`,
      })
      .optional(),
    use_case: z.string({ error: "Use case must be text" }).max(2000).optional(),
    key_metric: z
      .string({ error: "Key metric must be text" })
      .max(250)
      .nullable()
      .optional(),
  })
  .strict();
export type UpdateModelInput = z.input<typeof updateModelSchema>;

export const MODEL_SORTS = ["name", "-name", "updated", "-updated"] as const;
export const STAGE_FILTERS = [
  "production",
  "staging",
  "no_production",
  "no_versions",
] as const;

/** Rows per page of a list (models, a model's versions) unless the URL or request says otherwise. */
export const DEFAULT_PAGE_SIZE = 50;

export const listModelsSchema = z.object({
  q: z
    .string()
    .max(256, { message: "Search text must be at most 256 characters" })
    .optional(),
  tag: z
    .string()
    .regex(/^[^=]+=.*$/, { message: "Tag filter must look like key=value" })
    .max(5300)
    .optional(),
  stage: z
    .enum(STAGE_FILTERS, {
      message: `Stage filter must be one of ${STAGE_FILTERS.join(", ")}`,
    })
    .optional(),
  status: z
    .enum(MODEL_STATUSES, {
      message: `Status must be one of ${MODEL_STATUSES.join(", ")}`,
    })
    .optional(),
  owner: z.string().max(320).optional(),
  sort: z
    .enum(MODEL_SORTS, {
      message: `Sort must be one of ${MODEL_SORTS.join(", ")}`,
    })
    .default("name"),
  limit: z.coerce
    .number({ message: "limit must be a number" })
    .int({ message: "limit must be a whole number" })
    .min(1, { message: "limit must be between 1 and 200" })
    .max(200, { message: "limit must be between 1 and 200" })
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(2000).optional(),
});
export type ListModelsInput = z.input<typeof listModelsSchema>;

// ---------------------------------------------------------------- versions

const ioSchema = z.object({
  name: z.string().min(1).max(256),
  type: z.enum(["float32", "float64", "int32", "int64", "string", "bool"], {
    message: "type must be one of float32, float64, int32, int64, string, bool",
  }),
  shape: z.array(z.number().int().min(-1).nullable()).max(8).optional(),
});
export const signatureSchema = z.object({
  inputs: z.array(ioSchema).max(10_000),
  outputs: z.array(ioSchema).max(10_000).default([]),
});
export type Signature = z.infer<typeof signatureSchema>;

const shortText = (label: string, max = 1000) =>
  z
    .string({ error: `${label} must be text` })
    .max(max, { message: `${label} must be at most ${max} characters` });

export const paramsSchema = z
  .record(
    z.string().min(1).max(250),
    z.union(
      [
        z.string().max(6000),
        z.number().refine(Number.isFinite, { message: "must be finite" }),
        z.boolean(),
      ],
      {
        error: "Parameter values must be strings, finite numbers or booleans",
      },
    ),
  )
  .refine((p) => Object.keys(p).length <= 1000, {
    message: "At most 1000 parameters",
  });

export const metricsSchema = z
  .record(
    z.string().min(1).max(250),
    z
      .number({ error: "Metric values must be numbers" })
      .refine(Number.isFinite, {
        message: "Metric values must be finite numbers",
      }),
  )
  .refine((m) => Object.keys(m).length <= 1000, {
    message: "At most 1000 metrics",
  });

export const releaseLabelSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, {
    message:
      "Release label must be like v1.2.0: letters, digits, '.', '_', '-', '+' (at most 64)",
  });

export const lineageSchema = z.object({
  git_repo: shortText("Git repository URL", 2048).optional(),
  git_commit: z
    .string()
    .regex(/^[0-9a-fA-F]{7,64}$/, {
      message: "Git commit must be 7-64 hexadecimal characters",
    })
    .optional(),
  git_dirty: z.boolean({ error: "git_dirty must be true or false" }).optional(),
  dataset_name: shortText("Dataset name", 256).optional(),
  dataset_version: shortText("Dataset version", 256).optional(),
});

/**
 * Where a version's model came from, checked as MLflow checks a model version's source
 * (`_validate_source_run`, `_validate_non_local_source_contains_relative_paths`): a URI of a run,
 * a registered model, or a remote store, never a path on the server's own disk (`/abs`, `file:`,
 * `C:\`, a relative path), with no `..` segment however it is percent-encoded, and none of the
 * encodings used to smuggle one past a check (`%2f`, `%5c`, `%00`, `%23`).
 */
// `stageline:` names Stageline's own artifact store (the demo models use it).
export const SOURCE_SCHEMES = [
  "runs",
  "models",
  "stageline",
  "http",
  "https",
  "s3",
  "gs",
  "wasbs",
  "abfss",
  "dbfs",
  "hdfs",
  "mlflow-artifacts",
] as const;

export function sourceProblem(source: string): string | null {
  if (/%(2f|5c|00|23)/i.test(source))
    return "may not contain the encodings %2F, %5C, %00 or %23";
  let decoded = source;
  // Decoded until it stops changing, as MLflow does, so double encodings (%252e) are seen too.
  for (let i = 0; i < 10; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded.replace(/\+/g, " "));
    } catch {
      return "has a malformed percent-escape";
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    return "may not contain NUL or control characters";
  if (
    decoded
      .split(/[/\\]/)
      .some((segment) => segment === ".." || segment === ".")
  )
    return "may not contain '..' or '.' segments";
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(source)?.[1]?.toLowerCase();
  if (!scheme || scheme.length === 1)
    return `must be a URI of a run or a remote store (${SOURCE_SCHEMES.map((s) => `${s}:`).join(", ")}), not a local path`;
  if (scheme === "file")
    return "may not be a file: path on the server's disk (use a runs:, models: or remote store URI)";
  if (!(SOURCE_SCHEMES as readonly string[]).includes(scheme))
    return `may not use ${scheme}: (use one of ${SOURCE_SCHEMES.map((s) => `${s}:`).join(", ")})`;
  return null;
}

export const sourceSchema = shortText("Source URI", 4096).superRefine(
  (source, ctx) => {
    const problem = sourceProblem(source);
    if (problem)
      ctx.addIssue({ code: "custom", message: `Source URI ${problem}` });
  },
);

export const createVersionSchema = z.object({
  description: descriptionSchema.optional(),
  source: sourceSchema.optional(),
  run_id: shortText("Run id", 256).optional(),
  run_link: shortText("Run link", 4096).optional(),
  lineage: lineageSchema.optional(),
  framework: shortText("Framework", 100).optional(),
  flavor: shortText("Flavor", 100).optional(),
  release_label: releaseLabelSchema.optional(),
  params: paramsSchema.optional(),
  metrics: metricsSchema.optional(),
  signature: signatureSchema.optional(),
  // The artifact the built-in endpoint serves; when left out, the first .onnx file uploaded.
  model_file: z.lazy(() => artifactPathSchema).optional(),
  tags: tagsSchema.optional(),
  status: z
    .enum(VERSION_STATUSES, {
      message: "status must be pending, ready or failed",
    })
    .optional(),
});
export type CreateVersionInput = z.input<typeof createVersionSchema>;

export const updateVersionSchema = z
  .object({
    description: descriptionSchema.optional(),
    status: z
      .enum(VERSION_STATUSES, {
        message: "status must be pending, ready or failed",
      })
      .optional(),
    status_message: shortText("Status message", 1000).optional(),
    release_label: releaseLabelSchema.nullable().optional(),
    metrics: metricsSchema.optional(),
    params: paramsSchema.optional(),
    signature: signatureSchema.nullable().optional(),
    model_file: z.lazy(() => artifactPathSchema).optional(),
  })
  .strict();
export type UpdateVersionInput = z.input<typeof updateVersionSchema>;

// ---------------------------------------------------------------- artifacts

/** A relative, normalized artifact path: no '..', no absolute paths, no backslashes, no NUL. */
export const artifactPathSchema = z
  .string({ error: "Artifact path is required" })
  .min(1, { message: "Artifact path is required" })
  .max(1024, { message: "Artifact path must be at most 1024 characters" })
  .refine((p) => !/[\u0000-\u001f\\]/.test(p), {
    message: "Artifact path may not contain control characters or backslashes",
  })
  .refine((p) => !p.startsWith("/") && !/^[A-Za-z]:/.test(p), {
    message: "Artifact path must be relative",
  })
  .refine(
    (p) => p.split("/").every((s) => s !== "" && s !== "." && s !== ".."),
    {
      message: "Artifact path may not contain '..', '.' or empty segments",
    },
  )
  .refine((p) => p.split("/").every((s) => s.length <= 255), {
    message: "Each part of an artifact path must be at most 255 characters",
  });
