// The document's shared components: the error answer, the security schemes and the named schemas
// the paths refer to (request bodies from the services' own zod schemas).
import { z } from "zod";
import { ruleInputSchema } from "@/lib/alerts/rules";
import { sessionCookieName } from "@/lib/auth/auth";
import { deploymentInputSchema } from "@/lib/deployments/deployments";
import { referenceSchema } from "@/lib/drift/drift";
import { ERROR_CODES } from "@/lib/errors";
import {
  precomputedSchema,
  rawSchema,
} from "@/lib/evaluation/evaluation.validation";
import { policyInputSchema } from "@/lib/lifecycle/policies";
import {
  aliasRequestSchema,
  overrideSchema,
  requestTransitionSchema,
} from "@/lib/lifecycle/requests.validation";
import { sectionsSchema } from "@/lib/model-card/model-card";
import { feedbackSchema } from "@/lib/monitoring/feedback";
import { metricsBatchSchema } from "@/lib/monitoring/ingest";
import {
  modelDetailSchema,
  modelSummarySchema,
  versionSchema,
} from "@/lib/registry/dto";
import {
  createModelSchema,
  createVersionSchema,
  updateModelSchema,
  updateVersionSchema,
} from "@/lib/registry/registry.validation";
import {
  restoreSchema,
  retireNowSchema,
  retirementRequestSchema,
} from "@/lib/retirement/retirement.validation";
import { signingKeyInputSchema } from "@/lib/signing/trusted-keys";
import { createTokenSchema } from "@/lib/tokens/tokens.validation";
import { webhookInputSchema } from "@/lib/webhooks/webhooks";
import {
  notificationsSchema,
  tokenSchema,
  webhookSchema,
} from "./answers/admin";
import { evaluationSchema } from "./answers/evaluation";
import {
  modelCardSchema,
  policySchema,
  requestSchema,
  retirementSchema,
  retirementWithImpact,
} from "./answers/lifecycle";
import {
  artifactSchema,
  grantSchema,
  signingKeySchema,
  tagsAnswer,
} from "./answers/registry";
import { alertRuleSchema, deploymentSchema } from "./answers/serving";
import { schema, type Json } from "./helpers";

const errorSchema: Json = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", enum: [...ERROR_CODES] },
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

/** Read per call: the cookie's name depends on whether the app is served over https. */
export function securitySchemes(): Json {
  return {
    bearer: {
      type: "http",
      scheme: "bearer",
      description: "A personal API token (Settings › API tokens)",
    },
    session: {
      type: "apiKey",
      in: "cookie",
      // better-auth's own name for it: `__Secure-`-prefixed under https.
      name: sessionCookieName(),
    },
  };
}

const predictSchema: Json = {
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
      description: "Columns: each input name to its values, one per row",
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
};

/** What clients send, exactly as the services validate it. */
function inputSchemas(): Record<string, Json> {
  const inputs: Record<string, z.ZodType> = {
    CreateModel: createModelSchema,
    UpdateModel: updateModelSchema.extend({
      name: z.string().optional().describe("Renames the model"),
    }),
    CreateVersion: createVersionSchema,
    UpdateVersion: updateVersionSchema,
    RawEvaluation: rawSchema,
    PrecomputedEvaluation: precomputedSchema,
    // The route takes the snake_case field and hands it to the service as expiresInDays.
    CreateToken: z.object({
      name: createTokenSchema.shape.name,
      expires_in_days: z.number().int().min(1).max(3650).optional(),
      scope: createTokenSchema.shape.scope,
    }),
    TransitionRequestInput: requestTransitionSchema,
    AliasRequestInput: aliasRequestSchema,
    Override: overrideSchema,
    DeploymentInput: deploymentInputSchema,
    MetricsBatch: metricsBatchSchema,
    Feedback: feedbackSchema,
    Reference: referenceSchema,
    AlertRuleInput: ruleInputSchema,
    WebhookInput: webhookInputSchema,
    PolicyInput: policyInputSchema,
    ModelCardSections: sectionsSchema,
    RetirementRequest: retirementRequestSchema,
    RetireNow: retireNowSchema.extend({ immediate: z.literal(true) }),
    Restore: restoreSchema,
    SigningKeyInput: signingKeyInputSchema,
  };
  return Object.fromEntries(
    Object.entries(inputs).map(([n, s]) => [n, schema(s, "input")]),
  );
}

/** What the routes answer with, named where more than one route gives it. */
function answerSchemas(): Record<string, Json> {
  const answers: Record<string, z.ZodType> = {
    ModelSummary: modelSummarySchema,
    ModelDetail: modelDetailSchema,
    ModelVersion: versionSchema,
    Tags: tagsAnswer,
    Grant: grantSchema,
    Artifact: artifactSchema,
    SigningKey: signingKeySchema,
    Evaluation: evaluationSchema,
    TransitionRequest: requestSchema,
    Retirement: retirementSchema,
    RetirementWithImpact: retirementWithImpact,
    Policy: policySchema,
    ModelCard: modelCardSchema,
    Deployment: deploymentSchema,
    AlertRule: alertRuleSchema,
    Token: tokenSchema,
    Notifications: notificationsSchema,
    Webhook: webhookSchema,
  };
  return Object.fromEntries(
    Object.entries(answers).map(([n, s]) => [n, schema(s)]),
  );
}

export function componentSchemas(): Record<string, Json> {
  return {
    Error: errorSchema,
    ...answerSchemas(),
    ...inputSchemas(),
    Predict: predictSchema,
  };
}
