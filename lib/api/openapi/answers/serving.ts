// What serving and monitoring routes answer with: deployments and their health, series and drift,
// alert rules; each checked against the service's DTO type.
import { z } from "zod";
import { DEPLOYMENT_STATUSES } from "@/db/schema";
import type { AlertRuleDto, listRules } from "@/lib/alerts/rules";
import type { DeploymentDto } from "@/lib/deployments/deployments";
import type { driftReport } from "@/lib/drift/drift";
import type { recordFeedback } from "@/lib/monitoring/feedback";
import type {
  DeploymentHealth,
  deploymentSeries,
} from "@/lib/monitoring/queries";
import { documents, int } from "../helpers";

const maybe = z.number().nullable();
const band = z.enum(["stable", "moderate", "significant"]).nullable();
const range = z.enum(["1h", "24h", "7d", "30d"]);

export const deploymentSchema = documents<DeploymentDto>()(
  z.object({
    id: int,
    model: z.string(),
    version: int,
    stage: z.string(),
    environment: z.string(),
    target: z.enum(["stageline", "external"]),
    endpoint_url: z.string().nullable(),
    platform: z.string().nullable(),
    status: z.enum(DEPLOYMENT_STATUSES),
    traffic_share: z.number(),
    created_at: int,
    updated_at: int,
  }),
);

export const healthSchema = documents<DeploymentHealth>()(
  deploymentSchema.extend({
    requests_1h: int,
    error_rate_1h: maybe,
    p95_1h: maybe,
    live_1h: z.object({
      metric: z.enum(["live_accuracy", "live_abs_error"]),
      value: maybe,
    }),
    drift: z.object({ psi_max: maybe, band }),
    sparkline: z.array(z.number()),
    series: z.object({
      error_rate: z.array(maybe),
      p95: z.array(maybe),
      live: z.array(maybe),
      drift: z.array(maybe),
    }),
  }),
);

export const seriesSchema = documents<ReturnType<typeof deploymentSeries>>()(
  z.object({
    deployment: deploymentSchema,
    range,
    points: z.array(
      z.object({
        t: int,
        requests: int,
        per_minute: z.number(),
        error_rate: maybe,
        p50: maybe,
        p95: maybe,
        p99: maybe,
        live: maybe,
        drift: maybe,
      }),
    ),
    live: z.object({
      metric: z.enum(["live_accuracy", "live_abs_error"]),
      evaluation: z
        .object({ metric: z.string(), value: z.number() })
        .nullable(),
    }),
  }),
);

export const driftSchema = documents<ReturnType<typeof driftReport>>()(
  z.object({
    deployment_id: int,
    range,
    min_rows: int,
    features: z.array(
      z.object({
        feature: z.string(),
        kind: z.enum(["numeric", "categorical"]),
        rows: int,
        psi: maybe,
        band,
        test: z.enum(["ks", "chi_square"]),
        statistic: maybe,
        p_value: maybe,
        js_distance: maybe.describe("Categories only"),
        too_few_rows: z.boolean(),
      }),
    ),
  }),
);

export const feedbackAnswer = documents<ReturnType<typeof recordFeedback>>()(
  z.object({ matched: int, metric: z.string() }),
);

export const alertRuleSchema = documents<AlertRuleDto>()(
  z.object({
    id: int,
    name: z.string(),
    deployment_id: int
      .nullable()
      .describe("Null: every live production deployment"),
    metric: z.string(),
    aggregation: z.enum(["avg", "p95", "p99", "max", "rate"]),
    comparator: z.enum([">", ">=", "<", "<="]),
    threshold: z.number(),
    window_seconds: int,
    for_seconds: int,
    severity: z.enum(["info", "warning", "critical"]),
    runbook_url: z.string().nullable(),
    auto_rollback: z.boolean(),
    active: z.boolean(),
    silenced_until: int
      .nullable()
      .describe(
        "While set (ms), the rule is not evaluated; PATCH silenced_until: null ends it",
      ),
  }),
);

export const alertRuleWithStates = documents<
  ReturnType<typeof listRules>[number]
>()(
  alertRuleSchema.extend({
    states: z.array(
      z.object({
        deployment_id: int,
        state: z.string(),
        value: maybe,
        fired_at: int.nullable(),
      }),
    ),
  }),
);
