// A valid request for each entry of ROUTE_MATRIX (lib/auth/route-matrix.ts), by URL, so a route is
// driven through the running server whatever answers it (Next's router or the request listener).
// `needs` is the fixture it runs on (e2e/matrix-fixtures.ts); `who` is the caller, for names that
// must be fresh per call and for resources each caller brings along (its own token to revoke).
// Past 300 lines: a table with one entry per API route.
import {
  alertRule,
  type Callers,
  enc,
  FILE,
  type Fx,
  type Need,
  QUIET_WEBHOOK,
  RETIREMENT,
  send,
  signedBundle,
  freshPublicKey,
} from "./matrix-fixtures";
import { PENGUIN_INPUTS } from "./penguin";

export type RouteCase = {
  needs?: Need[];
  url: (fx: Fx, c: Callers) => string;
  body?: (fx: Fx, who: string, c: Callers) => unknown;
  /** Runs before the call, as the caller would (a token of its own to revoke). */
  before?: (
    fx: Fx,
    who: string,
    c: Callers,
  ) => Promise<Record<string, string | number>>;
};

const m = (fx: Fx) => `/api/v1/models/${enc(fx.name)}`;
const v1 = (fx: Fx) => `${m(fx)}/versions/1`;
const MODEL: Need[] = ["model"];
const VERSIONS: Need[] = ["versions"];

export const ROUTE_CASES: Record<string, RouteCase> = {
  "GET /api/health": { url: () => "/api/health" },
  "GET /api/ping": { url: () => "/api/ping" },
  "GET /api/v1/openapi.json": { url: () => "/api/v1/openapi.json" },
  "GET /api/auth/[...all]": { url: () => "/api/auth/get-session" },
  // Signing out needs no session (and touches no one else's); sign-in is rate-limited per address.
  "POST /api/auth/[...all]": {
    url: () => "/api/auth/sign-out",
    body: () => ({}),
  },
  "GET /api/metrics": { url: () => "/api/metrics" },
  "GET /api/2.0/mlflow/[...path]": {
    url: () => "/api/2.0/mlflow/registered-models/search?max_results=5",
  },
  "POST /api/2.0/mlflow/[...path]": {
    url: () => "/api/2.0/mlflow/registered-models/create",
    body: (fx, who) => ({
      name: `mlflow-${Date.now().toString(36)}-${who}-${Math.random().toString(36).slice(2, 8)}`,
    }),
  },
  "PATCH /api/2.0/mlflow/[...path]": {
    needs: MODEL,
    url: () => "/api/2.0/mlflow/registered-models/update",
    body: (fx) => ({ name: fx.name, description: "changed" }),
  },
  "DELETE /api/2.0/mlflow/[...path]": {
    needs: MODEL,
    url: () => "/api/2.0/mlflow/registered-models/delete-tag",
    body: (fx) => ({ name: fx.name, key: "team" }),
  },
  "GET /api/v1/models": { url: () => "/api/v1/models?limit=5" },
  "POST /api/v1/models": {
    url: () => "/api/v1/models",
    body: (_fx, who) => ({
      name: `made-${Date.now().toString(36)}-${who}-${Math.random().toString(36).slice(2, 8)}`,
    }),
  },
  "GET /api/v1/models/[name]": { needs: MODEL, url: m },
  "PATCH /api/v1/models/[name]": {
    needs: MODEL,
    url: m,
    body: () => ({ description: "changed" }),
  },
  "DELETE /api/v1/models/[name]": { needs: MODEL, url: m },
  "PUT /api/v1/models/[name]/tags/[key]": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/tags/team`,
    body: () => ({ value: "other" }),
  },
  "DELETE /api/v1/models/[name]/tags/[key]": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/tags/team`,
  },
  "GET /api/v1/models/[name]/permissions": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/permissions`,
  },
  "PUT /api/v1/models/[name]/permissions": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/permissions`,
    body: (_fx, _who, c) => ({
      email: c.people.data_scientist.email,
      level: "edit",
    }),
  },
  "DELETE /api/v1/models/[name]/permissions/[user]": {
    needs: MODEL,
    url: (fx, c) => `${m(fx)}/permissions/${enc(c.people.editor.id)}`,
  },
  "GET /api/v1/models/[name]/model-card": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/model-card`,
  },
  "PUT /api/v1/models/[name]/model-card": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/model-card`,
    body: () => ({ sections: { intended_use: "Scoring churn risk" } }),
  },
  "GET /api/v1/models/[name]/aliases/[alias]": {
    needs: ["alias"],
    url: (fx) => `${m(fx)}/aliases/challenger`,
  },
  "PUT /api/v1/models/[name]/aliases/[alias]": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/aliases/challenger`,
    body: () => ({ version: 2 }),
  },
  "DELETE /api/v1/models/[name]/aliases/[alias]": {
    needs: ["alias"],
    url: (fx) => `${m(fx)}/aliases/challenger`,
  },
  "GET /api/v1/models/[name]/deployments": {
    needs: ["deployment"],
    url: (fx) => `${m(fx)}/deployments`,
  },
  "POST /api/v1/models/[name]/deployments": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/deployments`,
    body: () => ({
      version: 1,
      environment: "canary",
      target: "external",
      endpoint_url: "http://127.0.0.1:1/x",
    }),
  },
  "POST /api/v1/models/[name]/retirement": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/retirement`,
    body: () => RETIREMENT,
  },
  "POST /api/v1/models/[name]/rollback": {
    needs: ["production"],
    url: (fx) => `${m(fx)}/rollback`,
    body: () => ({ comment: "back to 1" }),
  },
  "GET /api/v1/models/[name]/stage-history": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/stage-history`,
  },
  "GET /api/v1/models/[name]/versions": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/versions`,
  },
  "POST /api/v1/models/[name]/versions": {
    needs: MODEL,
    url: (fx) => `${m(fx)}/versions`,
    body: () => ({ description: "new" }),
  },
  "GET /api/v1/models/[name]/versions/[version]": { needs: VERSIONS, url: v1 },
  "PATCH /api/v1/models/[name]/versions/[version]": {
    needs: VERSIONS,
    url: v1,
    body: () => ({ description: "changed" }),
  },
  "DELETE /api/v1/models/[name]/versions/[version]": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/versions/2`,
  },
  "PUT /api/v1/models/[name]/versions/[version]/tags/[key]": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/tags/team`,
    body: () => ({ value: "other" }),
  },
  "DELETE /api/v1/models/[name]/versions/[version]/tags/[key]": {
    needs: ["versionTag"],
    url: (fx) => `${v1(fx)}/tags/team`,
  },
  "GET /api/v1/models/[name]/versions/[version]/artifacts": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/artifacts`,
  },
  "GET /api/v1/models/[name]/versions/[version]/artifacts/[...path]": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/artifacts/model.bin`,
  },
  "PUT /api/v1/models/[name]/versions/[version]/artifacts/[...path]": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/artifacts/more/weights.bin`,
    body: () => FILE,
  },
  "GET /api/v1/models/[name]/versions/[version]/previews/[...path]": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/previews/model.bin`,
  },
  "GET /api/v1/models/[name]/versions/[version]/signature": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/signature`,
  },
  "PUT /api/v1/models/[name]/versions/[version]/signature": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/signature`,
    body: (fx, _who, c) => signedBundle(c, fx.name),
  },
  "GET /api/v1/models/[name]/versions/[version]/evaluations": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/evaluations`,
  },
  "GET /api/v1/models/[name]/versions/[version]/evaluations/jobs": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/evaluations/jobs`,
  },
  "POST /api/v1/models/[name]/versions/[version]/evaluations": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/evaluations`,
    body: () => ({ dataset: "holdout", split: "test", metrics: { auc: 0.91 } }),
  },
  "POST /api/v1/models/[name]/versions/[version]/evaluations/csv": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/evaluations/csv?dataset=holdout&label=y&score=p`,
    body: () => "y,p\n0,0.2\n1,0.7\n1,0.9\n0,0.4\n",
  },
  "POST /api/v1/models/[name]/versions/[version]/override": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/versions/2/override`,
    body: () => ({ to_stage: "staging", reason: "hotfix for an outage" }),
  },
  "POST /api/v1/models/[name]/versions/[version]/reference": {
    needs: VERSIONS,
    url: (fx) => `${v1(fx)}/reference`,
    body: () => ({ features: { x: Array.from({ length: 20 }, (_, i) => i) } }),
  },
  "POST /api/v1/models/[name]/versions/[version]/retirement": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/versions/2/retirement`,
    body: () => RETIREMENT,
  },
  "GET /api/v1/models/[name]/versions/[version]/transition-requests": {
    needs: ["request"],
    url: (fx) => `${v1(fx)}/transition-requests`,
  },
  "POST /api/v1/models/[name]/versions/[version]/transition-requests": {
    needs: VERSIONS,
    url: (fx) => `${m(fx)}/versions/2/transition-requests`,
    body: () => ({ to_stage: "staging", comment: "ready" }),
  },
  "GET /api/v1/transition-requests": {
    url: () => "/api/v1/transition-requests?limit=5",
  },
  "GET /api/v1/transition-requests/[id]": {
    needs: ["request"],
    url: (fx) => `/api/v1/transition-requests/${fx.req}`,
  },
  "POST /api/v1/transition-requests/[id]/[decision]": {
    needs: ["request"],
    url: (fx) => `/api/v1/transition-requests/${fx.req}/approve`,
    body: () => ({ comment: "fine" }),
  },
  "GET /api/v1/retirements": { url: () => "/api/v1/retirements" },
  "GET /api/v1/retirements/[id]": {
    needs: ["retirement"],
    url: (fx) => `/api/v1/retirements/${fx.ret}`,
  },
  "POST /api/v1/retirements/[id]/restore": {
    needs: ["retired"],
    url: (fx) => `/api/v1/retirements/${fx.ret}/restore`,
    body: () => ({ reason: "retired by mistake" }),
  },
  "GET /api/v1/deployments": { url: () => "/api/v1/deployments" },
  "POST /api/v1/deployments/[id]/stop": {
    needs: ["deployment"],
    url: (fx) => `/api/v1/deployments/${fx.dep}/stop`,
    body: () => ({}),
  },
  "GET /api/v1/deployments/[id]/series": {
    needs: ["deployment"],
    url: (fx) => `/api/v1/deployments/${fx.dep}/series`,
  },
  "GET /api/v1/deployments/[id]/drift": {
    needs: ["deployment"],
    url: (fx) => `/api/v1/deployments/${fx.dep}/drift`,
  },
  "POST /api/v1/deployments/[id]/metrics": {
    needs: ["deployment"],
    url: (fx) => `/api/v1/deployments/${fx.dep}/metrics`,
    body: () => ({ points: [{ name: "latency_ms", value: 5 }] }),
  },
  "POST /api/v1/deployments/[id]/feedback": {
    needs: ["deployment"],
    url: (fx) => `/api/v1/deployments/${fx.dep}/feedback`,
    body: (_fx, who) => ({
      items: [{ key: `order-${who}`, actual: 1, predicted: 0.4 }],
    }),
  },
  // The demo's production penguin classifier: an ONNX model the server runs.
  "POST /api/v1/serve/[model]/[ref]/predict": {
    url: () => "/api/v1/serve/penguins-sex/production/predict",
    body: () => PENGUIN_INPUTS,
  },
  "GET /api/v1/monitoring": { url: () => "/api/v1/monitoring" },
  "GET /api/v1/alert-rules": { url: () => "/api/v1/alert-rules" },
  "POST /api/v1/alert-rules": {
    needs: ["deployment"],
    url: () => "/api/v1/alert-rules",
    body: (fx, who) => alertRule(`rule-${who}`, fx.dep),
  },
  "PATCH /api/v1/alert-rules/[id]": {
    needs: ["rule"],
    url: (fx) => `/api/v1/alert-rules/${fx.rule}`,
    body: () => ({ threshold: 250 }),
  },
  "GET /api/v1/policies": { url: () => "/api/v1/policies" },
  "PUT /api/v1/policies": {
    needs: MODEL,
    url: () => "/api/v1/policies",
    body: (fx) => ({ model: fx.name, stage: "staging", required_approvals: 1 }),
  },
  "GET /api/v1/audit": { url: () => "/api/v1/audit?limit=5" },
  "GET /api/v1/audit/verify": { url: () => "/api/v1/audit/verify" },
  "GET /api/v1/webhooks": { url: () => "/api/v1/webhooks" },
  "POST /api/v1/webhooks": {
    url: () => "/api/v1/webhooks",
    body: () => QUIET_WEBHOOK,
  },
  "GET /api/v1/webhooks/[id]": {
    needs: ["webhook"],
    url: (fx) => `/api/v1/webhooks/${fx.hook}`,
  },
  "PATCH /api/v1/webhooks/[id]": {
    needs: ["webhook"],
    url: (fx) => `/api/v1/webhooks/${fx.hook}`,
    body: () => ({ active: false }),
  },
  "POST /api/v1/webhooks/[id]/test": {
    needs: ["webhook"],
    url: (fx) => `/api/v1/webhooks/${fx.hook}/test`,
    body: () => ({}),
  },
  "GET /api/v1/inbox": { url: () => "/api/v1/inbox" },
  "GET /api/v1/search": { url: () => "/api/v1/search?q=penguins" },
  "GET /api/v1/me": { url: () => "/api/v1/me" },
  "GET /api/v1/notifications": { url: () => "/api/v1/notifications" },
  "POST /api/v1/notifications": {
    url: () => "/api/v1/notifications",
    body: () => ({ read: "all" }),
  },
  "GET /api/v1/tokens": { url: () => "/api/v1/tokens" },
  "POST /api/v1/tokens": {
    url: () => "/api/v1/tokens",
    body: (_fx, who) => ({ name: `made-by-${who}` }),
  },
  // Each caller revokes a token of its own (refused callers: the owner's).
  "DELETE /api/v1/tokens/[id]": {
    url: (fx) => `/api/v1/tokens/${fx.key}`,
    before: async (_fx, who, c) => {
      const holder =
        who in c.people
          ? c.people[who as keyof Callers["people"]]
          : who === "read_token"
            ? c.people.admin
            : c.people.owner;
      const made = await send(
        c.base,
        "POST",
        "/api/v1/tokens",
        { bearer: holder.token },
        { name: "to-revoke" },
      );
      return { key: (JSON.parse(made.text) as { id: number }).id };
    },
  },
  "GET /api/v1/reports/portfolio.csv": {
    url: () => "/api/v1/reports/portfolio.csv",
  },
  "GET /api/v1/storage": { url: () => "/api/v1/storage" },
  "GET /api/v1/signing-key": { url: () => "/api/v1/signing-key" },
  "GET /api/v1/signing-keys": { url: () => "/api/v1/signing-keys" },
  "POST /api/v1/signing-keys": {
    url: () => "/api/v1/signing-keys",
    body: (_fx, who) => ({
      name: `key-${who}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      public_key: freshPublicKey(),
    }),
  },
  "DELETE /api/v1/signing-keys/[id]": {
    needs: ["signingKey"],
    url: (fx) => `/api/v1/signing-keys/${fx.key}`,
  },
};
