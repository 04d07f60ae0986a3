// Paths of serving and monitoring: deployments, the built-in prediction endpoint, pushed metrics
// and feedback, drift, and alert rules.
import {
  alertRuleWithStates,
  driftSchema,
  feedbackAnswer,
  healthSchema,
  seriesSchema,
} from "./answers/serving";
import {
  ANY_OBJECT,
  listOf,
  schema,
  idParam,
  nameParam,
  object,
  op,
  pathParam,
  queryParam,
  rangeParam,
  ref,
  type Json,
} from "./helpers";

export function servingPaths(): Record<string, Json> {
  return {
    "/api/v1/models/{name}/deployments": {
      parameters: [nameParam],
      get: op({
        summary: "The model's deployments",
        ok: ["Deployments", listOf("deployments", ref("Deployment"))],
        errors: [401, 404],
      }),
      post: op({
        summary:
          "Record a deployment (production only for a version in Production)",
        body: ref("DeploymentInput"),
        ok: ["The deployment", ref("Deployment"), 201],
        errors: [400, 401, 403, 404, 409],
      }),
    },
    "/api/v1/deployments": {
      get: op({
        summary: "All deployments (?status=live for the live ones)",
        parameters: [queryParam("status", { type: "string", enum: ["live"] })],
        ok: ["Deployments", listOf("deployments", ref("Deployment"))],
        errors: [401],
      }),
    },
    "/api/v1/deployments/{id}/stop": {
      parameters: [idParam],
      post: op({
        summary: "Stop a deployment",
        ok: ["The deployment", ref("Deployment")],
        errors: [401, 403, 404, 409],
      }),
    },
    "/api/v1/deployments/{id}/series": {
      parameters: [idParam],
      get: op({
        summary:
          "Throughput, error rate, latency percentiles and live quality over time",
        parameters: [rangeParam],
        ok: ["Series", schema(seriesSchema)],
        errors: [400, 401, 404],
      }),
    },
    "/api/v1/deployments/{id}/drift": {
      parameters: [idParam],
      get: op({
        summary:
          "PSI (with its band) and a second test per input feature against the version's reference",
        parameters: [rangeParam],
        ok: ["Drift", schema(driftSchema)],
        errors: [400, 401, 404],
      }),
    },
    "/api/v1/deployments/{id}/metrics": {
      parameters: [idParam],
      post: op({
        summary:
          "Push metric points (at most 10,000 per batch) from an external deployment",
        body: ref("MetricsBatch"),
        ok: ["Accepted", object({ accepted: { type: "integer" } }), 202],
        errors: [400, 401, 403, 404, 409, 413],
      }),
    },
    "/api/v1/deployments/{id}/feedback": {
      parameters: [idParam],
      post: op({
        summary:
          "Ground truth for served predictions (by prediction id or your key)",
        body: ref("Feedback"),
        ok: ["Accepted", schema(feedbackAnswer), 202],
        errors: [400, 401, 403, 404, 413],
      }),
    },
    "/api/v1/serve/{model}/{ref}/predict": {
      parameters: [
        pathParam("model"),
        pathParam("ref", "string", "An alias, a stage or a version number"),
      ],
      post: op({
        summary:
          "Run the version's ONNX model; a deprecated one answers with Deprecation, Sunset and Link headers",
        body: ref("Predict"),
        ok: [
          "Predictions",
          object({
            model: { type: "string" },
            version: { type: "integer" },
            predictions: { type: "array", items: { type: "number" } },
            prediction_ids: { type: "array", items: { type: "string" } },
            deployment_id: { type: ["integer", "null"] },
          }),
        ],
        errors: [400, 401, 403, 404, 409, 410, 413],
      }),
    },
    "/api/v1/monitoring": {
      get: op({
        summary: "Every live deployment with its last hour",
        ok: ["Health", listOf("deployments", schema(healthSchema))],
        errors: [401],
      }),
    },
    "/api/v1/alert-rules": {
      get: op({
        summary: "Alert rules with their current state",
        ok: ["Rules", listOf("rules", schema(alertRuleWithStates))],
        errors: [401],
      }),
      post: op({
        summary: "Create an alert rule",
        body: ref("AlertRuleInput"),
        ok: ["The rule", ref("AlertRule"), 201],
        errors: [400, 401, 403, 404],
      }),
    },
    "/api/v1/alert-rules/{id}": {
      parameters: [idParam],
      patch: op({
        summary:
          "Change an alert rule (fields as on creation, active, silenced_until: a time in ms within 30 days, or null)",
        body: ANY_OBJECT,
        ok: ["The rule", ref("AlertRule")],
        errors: [400, 401, 403, 404],
      }),
    },
  };
}
