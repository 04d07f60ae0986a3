import { beforeAll, describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import * as alertRulesRoute from "@/app/api/v1/alert-rules/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as deploymentsRoute from "@/app/api/v1/deployments/route";
import * as modelCardRoute from "@/app/api/v1/models/[name]/model-card/route";
import * as grantsRoute from "@/app/api/v1/models/[name]/permissions/route";
import * as monitoringRoute from "@/app/api/v1/monitoring/route";
import * as retirementsRoute from "@/app/api/v1/retirements/route";
import * as signingKeysRoute from "@/app/api/v1/signing-keys/route";
import * as storageRoute from "@/app/api/v1/storage/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as auditVerifyRoute from "@/app/api/v1/audit/verify/route";
import * as inboxRoute from "@/app/api/v1/inbox/route";
import * as searchRoute from "@/app/api/v1/search/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as modelTagRoute from "@/app/api/v1/models/[name]/tags/[key]/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as stageHistoryRoute from "@/app/api/v1/models/[name]/stage-history/route";
import * as requestsRoute from "@/app/api/v1/models/[name]/versions/[version]/transition-requests/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as notificationsRoute from "@/app/api/v1/notifications/route";
import * as policiesRoute from "@/app/api/v1/policies/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as listRequestsRoute from "@/app/api/v1/transition-requests/route";
import { makeUser } from "@/lib/testing/factories";
import { createToken } from "@/lib/tokens/tokens";
import { openApiDocument } from "./document";
import type { Json } from "./helpers";
import { checkSchema } from "./json-schema-check";

// Real answers of real route handlers, held against the schemas the document declares for them:
// a field renamed, dropped, added or retyped on either side fails here.

/** Any route handler: each one reads its own params, given here from the path's. */
type Handler = (
  req: Request,
  ctx: { params: Promise<never> },
) => Promise<Response> | Response;

const doc = openApiDocument() as {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

/** The schema the document declares for this path, method and status. */
function documented(path: string, method: string, status: number): Json {
  const responses = doc.paths[path]?.[method]?.responses as
    Record<string, { content?: Record<string, { schema?: Json }> }> | undefined;
  const s = responses?.[String(status)]?.content?.["application/json"]?.schema;
  if (!s) throw new Error(`No ${status} JSON answer for ${method} ${path}`);
  return s;
}

let ds = "";
let admin = "";

beforeAll(async () => {
  ds = createToken(await makeUser("data_scientist"), { name: "doc" }).token;
  admin = createToken(await makeUser("admin"), { name: "doc" }).token;
});

/**
 * Calls the route handler as Next would, and checks that the answer has the status expected and
 * the body the document declares for that status.
 */
async function answer(
  handler: Handler,
  call: {
    path: string;
    method?: "get" | "post" | "put" | "patch" | "delete";
    params?: Record<string, string>;
    query?: string;
    body?: unknown;
    token?: string | null;
    status: number;
  },
): Promise<unknown> {
  const { method = "get", params = {}, token = ds } = call;
  const url = call.path.replace(/\{(\w+)\}/g, (_, k: string) =>
    encodeURIComponent(params[k] ?? ""),
  );
  const res = await handler(
    new Request(`http://127.0.0.1${url}${call.query ?? ""}`, {
      method: method.toUpperCase(),
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        "Content-Type": "application/json",
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    }),
    { params: Promise.resolve(params) as Promise<never> },
  );
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(call.status);
  const problems = checkSchema(
    doc.components.schemas,
    documented(call.path, method, call.status),
    body,
  );
  expect(problems, `${method.toUpperCase()} ${call.path}`).toEqual([]);
  return body;
}

describe("the OpenAPI document's response schemas hold for real answers", () => {
  it("registers a model, lists and reads it, tags and versions it, and requests a transition", async () => {
    const name = "doc-answers";
    const model = { path: "/api/v1/models/{name}", params: { name } };
    await answer(modelsRoute.POST, {
      path: "/api/v1/models",
      method: "post",
      body: { name, description: "Checks the document", task: "regression" },
      status: 201,
    });
    await answer(modelTagRoute.PUT, {
      path: "/api/v1/models/{name}/tags/{key}",
      method: "put",
      params: { name, key: "team" },
      body: { value: "docs" },
      status: 200,
    });
    await answer(modelsRoute.GET, { path: "/api/v1/models", status: 200 });
    await answer(modelRoute.GET, { ...model, status: 200 });
    const versions = { ...model, path: "/api/v1/models/{name}/versions" };
    await answer(versionsRoute.POST, {
      ...versions,
      method: "post",
      body: { metrics: { rmse: 0.4 }, params: { depth: "3" } },
      status: 201,
    });
    await answer(versionsRoute.GET, { ...versions, status: 200 });
    const requests = {
      path: "/api/v1/models/{name}/versions/{version}/transition-requests",
      params: { name, version: "1" },
    };
    await answer(requestsRoute.POST, {
      ...requests,
      method: "post",
      body: { to_stage: "staging", comment: "ready" },
      status: 201,
    });
    await answer(requestsRoute.GET, { ...requests, status: 200 });
    await answer(listRequestsRoute.GET, {
      path: "/api/v1/transition-requests",
      query: "?status=open",
      token: admin,
      status: 200,
    });
    await answer(stageHistoryRoute.GET, {
      path: "/api/v1/models/{name}/stage-history",
      params: { name },
      query: "?at=0",
      status: 200,
    });
  });

  it("error answers: invalid input, not found, unauthenticated", async () => {
    const body = await answer(modelsRoute.POST, {
      path: "/api/v1/models",
      method: "post",
      body: { name: "" },
      status: 400,
    });
    expect(body).toMatchObject({ error: { code: "invalid" } });
    await answer(modelRoute.GET, {
      path: "/api/v1/models/{name}",
      params: { name: "nowhere" },
      status: 404,
    });
    await answer(meRoute.GET, {
      path: "/api/v1/me",
      token: null,
      status: 401,
    });
  });

  it("the caller, tokens, inbox, notifications, policies, audit check and health", async () => {
    await answer(meRoute.GET, { path: "/api/v1/me", status: 200 });
    await answer(tokensRoute.POST, {
      path: "/api/v1/tokens",
      method: "post",
      body: { name: "ci", expires_in_days: 30 },
      status: 201,
    });
    await answer(tokensRoute.GET, { path: "/api/v1/tokens", status: 200 });
    await answer(inboxRoute.GET, { path: "/api/v1/inbox", status: 200 });
    await answer(searchRoute.GET, {
      path: "/api/v1/search",
      query: "?q=a",
      status: 200,
    });
    await answer(searchRoute.GET, {
      path: "/api/v1/search",
      query: `?q=${"x".repeat(101)}`,
      status: 400,
    });
    await answer(notificationsRoute.GET, {
      path: "/api/v1/notifications",
      status: 200,
    });
    await answer(policiesRoute.GET, { path: "/api/v1/policies", status: 200 });
    await answer(auditVerifyRoute.GET, {
      path: "/api/v1/audit/verify",
      token: admin,
      status: 200,
    });
    await answer(healthRoute.GET, {
      path: "/api/health",
      token: null,
      status: 200,
    });
  });

  it("the model card, grants, audit trail, deployments, monitoring, rules, webhooks, keys, retirements and storage", async () => {
    const model = { params: { name: "doc-answers" }, status: 200 };
    await answer(modelCardRoute.GET, {
      ...model,
      path: "/api/v1/models/{name}/model-card",
    });
    await answer(grantsRoute.GET, {
      ...model,
      path: "/api/v1/models/{name}/permissions",
    });
    // Something in the lists, so their items are checked too.
    await answer(webhooksRoute.POST, {
      path: "/api/v1/webhooks",
      method: "post",
      token: admin,
      body: { url: "http://127.0.0.1:9/hook", events: ["*"] },
      status: 201,
    });
    await answer(alertRulesRoute.POST, {
      path: "/api/v1/alert-rules",
      method: "post",
      token: admin,
      body: {
        name: "errors",
        metric: "error_rate",
        aggregation: "avg",
        comparator: ">",
        threshold: 0.1,
        window_seconds: 300,
      },
      status: 201,
    });
    const asAdmin = { token: admin, status: 200 };
    for (const [handler, path] of [
      [auditRoute.GET, "/api/v1/audit"],
      [deploymentsRoute.GET, "/api/v1/deployments"],
      [monitoringRoute.GET, "/api/v1/monitoring"],
      [alertRulesRoute.GET, "/api/v1/alert-rules"],
      [webhooksRoute.GET, "/api/v1/webhooks"],
      [signingKeysRoute.GET, "/api/v1/signing-keys"],
      [retirementsRoute.GET, "/api/v1/retirements"],
      [storageRoute.GET, "/api/v1/storage"],
    ] as const)
      await answer(handler, { ...asAdmin, path });
  });

  it("the check fails an answer that differs from its schema", async () => {
    const detail = await answer(modelRoute.GET, {
      path: "/api/v1/models/{name}",
      params: { name: "doc-answers" },
      status: 200,
    });
    const schema = documented("/api/v1/models/{name}", "get", 200);
    const { owner: _dropped, ...withoutOwner } = detail as Json;
    expect(checkSchema(doc.components.schemas, schema, withoutOwner)).toContain(
      "$: missing owner",
    );
    expect(
      checkSchema(doc.components.schemas, schema, {
        ...withoutOwner,
        owner: null,
        extra: 1,
      }),
    ).toEqual(["$.extra: not in the schema"]);
    expect(
      checkSchema(doc.components.schemas, schema, {
        ...(detail as Json),
        latest_version: "1",
      }),
    ).toHaveLength(1);
  });
});
