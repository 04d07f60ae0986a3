// Who may call each API route and each server action: the one written matrix the permissions tests
// check against (lib/auth/route-matrix.test.ts walks app/api, action-matrix.test.ts walks the
// "use server" modules of app/, so a route or action without an entry fails them). "owner" is the
// data scientist who owns the model (and wrote the comment, and opened the request); "editor" is a
// data scientist the owner granted "edit" on the model; "data_scientist" is another one, who reads. No credentials, a revoked token and an expired session are refused everywhere
// except on the public entries.
import type { Role } from "@/db/schema";

export type Caller =
  | "anonymous"
  | Exclude<Role, "data_scientist">
  | "owner"
  | "editor"
  | "data_scientist";

const WRITE: Caller[] = ["admin", "owner", "editor", "data_scientist"];
// Every signed-in caller reads; all but managers comment.
const READ: Caller[] = [...WRITE, "reviewer", "manager"];
const COMMENT: Caller[] = [...WRITE, "reviewer"];
const PUBLIC: Caller[] = ["anonymous", ...READ];
// Per model: versions, artifacts, aliases, evaluations, deployments and requests.
const EDIT: Caller[] = ["admin", "owner", "editor"];
const OWNER: Caller[] = ["admin", "owner"];
const REVIEW: Caller[] = ["admin", "reviewer"];
const ADMIN: Caller[] = ["admin"];
const REQUESTER: Caller[] = ["admin", "owner"];
const AUTHOR_OR_ADMIN: Caller[] = ["admin", "owner"];
const AUTHOR: Caller[] = ["owner"];

/** `METHOD /api/path/[param]` -> the callers that are let through (the rest get 401 or 403). */
export const ROUTE_MATRIX: Record<string, Caller[]> = {
  "GET /api/health": PUBLIC,
  "GET /api/ping": PUBLIC,
  "GET /api/v1/openapi.json": PUBLIC,
  // better-auth's own endpoints: sign-in needs no session by definition.
  "GET /api/auth/[...all]": PUBLIC,
  "POST /api/auth/[...all]": PUBLIC,
  "GET /api/metrics": READ,
  // The MLflow layer checks each endpoint's own permission (see lib/mlflow); as tested here:
  // GET registered-models/search, POST registered-models/create, PATCH .../update, DELETE .../delete-tag.
  "GET /api/2.0/mlflow/[...path]": READ,
  "POST /api/2.0/mlflow/[...path]": WRITE,
  "PATCH /api/2.0/mlflow/[...path]": OWNER,
  "DELETE /api/2.0/mlflow/[...path]": OWNER,
  "GET /api/v1/models": READ,
  "POST /api/v1/models": WRITE,
  "GET /api/v1/models/[name]": READ,
  "PATCH /api/v1/models/[name]": OWNER,
  "DELETE /api/v1/models/[name]": OWNER,
  "PUT /api/v1/models/[name]/tags/[key]": OWNER,
  "DELETE /api/v1/models/[name]/tags/[key]": OWNER,
  "GET /api/v1/models/[name]/permissions": READ,
  "PUT /api/v1/models/[name]/permissions": OWNER,
  "DELETE /api/v1/models/[name]/permissions/[user]": OWNER,
  "GET /api/v1/models/[name]/model-card": READ,
  "PUT /api/v1/models/[name]/model-card": OWNER,
  "GET /api/v1/models/[name]/aliases/[alias]": READ,
  "PUT /api/v1/models/[name]/aliases/[alias]": EDIT,
  "DELETE /api/v1/models/[name]/aliases/[alias]": EDIT,
  "GET /api/v1/models/[name]/deployments": READ,
  "POST /api/v1/models/[name]/deployments": EDIT,
  "POST /api/v1/models/[name]/retirement": OWNER,
  "POST /api/v1/models/[name]/rollback": EDIT,
  "GET /api/v1/models/[name]/stage-history": READ,
  "GET /api/v1/models/[name]/versions": READ,
  "POST /api/v1/models/[name]/versions": EDIT,
  "GET /api/v1/models/[name]/versions/[version]": READ,
  "PATCH /api/v1/models/[name]/versions/[version]": EDIT,
  "DELETE /api/v1/models/[name]/versions/[version]": EDIT,
  "PUT /api/v1/models/[name]/versions/[version]/tags/[key]": EDIT,
  "DELETE /api/v1/models/[name]/versions/[version]/tags/[key]": EDIT,
  "GET /api/v1/models/[name]/versions/[version]/artifacts": READ,
  "GET /api/v1/models/[name]/versions/[version]/artifacts/[...path]": READ,
  "PUT /api/v1/models/[name]/versions/[version]/artifacts/[...path]": EDIT,
  "GET /api/v1/models/[name]/versions/[version]/previews/[...path]": READ,
  "GET /api/v1/models/[name]/versions/[version]/signature": READ,
  "PUT /api/v1/models/[name]/versions/[version]/signature": EDIT,
  "GET /api/v1/models/[name]/versions/[version]/evaluations": READ,
  "POST /api/v1/models/[name]/versions/[version]/evaluations": EDIT,
  "GET /api/v1/models/[name]/versions/[version]/evaluations/jobs": READ,
  "POST /api/v1/models/[name]/versions/[version]/evaluations/csv": EDIT,
  "POST /api/v1/models/[name]/versions/[version]/override": ADMIN,
  "POST /api/v1/models/[name]/versions/[version]/reference": EDIT,
  "POST /api/v1/models/[name]/versions/[version]/retirement": EDIT,
  "GET /api/v1/models/[name]/versions/[version]/transition-requests": READ,
  "POST /api/v1/models/[name]/versions/[version]/transition-requests": EDIT,
  "GET /api/v1/transition-requests": READ,
  "GET /api/v1/transition-requests/[id]": READ,
  // approve as tested; reject needs the same roles, cancel the requester or an admin.
  "POST /api/v1/transition-requests/[id]/[decision]": REVIEW,
  "GET /api/v1/retirements": READ,
  "GET /api/v1/retirements/[id]": READ,
  "POST /api/v1/retirements/[id]/restore": ADMIN,
  "GET /api/v1/deployments": READ,
  "POST /api/v1/deployments/[id]/stop": EDIT,
  "GET /api/v1/deployments/[id]/series": READ,
  "GET /api/v1/deployments/[id]/drift": READ,
  "POST /api/v1/deployments/[id]/metrics": WRITE,
  "POST /api/v1/deployments/[id]/feedback": WRITE,
  "POST /api/v1/serve/[model]/[ref]/predict": READ,
  "GET /api/v1/monitoring": READ,
  "GET /api/v1/alert-rules": READ,
  "POST /api/v1/alert-rules": WRITE,
  "PATCH /api/v1/alert-rules/[id]": WRITE,
  "GET /api/v1/policies": READ,
  "PUT /api/v1/policies": ADMIN,
  "GET /api/v1/audit": READ,
  "GET /api/v1/audit/verify": ADMIN,
  "GET /api/v1/webhooks": ADMIN,
  "POST /api/v1/webhooks": ADMIN,
  "GET /api/v1/webhooks/[id]": ADMIN,
  "PATCH /api/v1/webhooks/[id]": ADMIN,
  "POST /api/v1/webhooks/[id]/test": ADMIN,
  "GET /api/v1/inbox": READ,
  "GET /api/v1/me": READ,
  "GET /api/v1/search": READ,
  "GET /api/v1/notifications": READ,
  "POST /api/v1/notifications": READ,
  "GET /api/v1/tokens": READ,
  "POST /api/v1/tokens": READ,
  // Deleting one's own token (as tested, each caller revokes a token of its own).
  "DELETE /api/v1/tokens/[id]": READ,
  "GET /api/v1/reports/portfolio.csv": READ,
  "GET /api/v1/storage": READ,
  "GET /api/v1/signing-key": READ,
  "GET /api/v1/signing-keys": ADMIN,
  "POST /api/v1/signing-keys": ADMIN,
  "DELETE /api/v1/signing-keys/[id]": ADMIN,
};

// What an allowed caller gets for a valid request (the one e2e/route-matrix.spec.ts builds for each
// route on the running server): 201 for these, 202 for those queued, 204 for the one empty answer,
// 200 for the rest. A refused caller gets 401 without (valid) credentials, 403 with them.
const CREATED = [
  "POST /api/v1/models",
  "POST /api/v1/models/[name]/deployments",
  "POST /api/v1/models/[name]/retirement",
  "POST /api/v1/models/[name]/rollback",
  "POST /api/v1/models/[name]/versions",
  "PUT /api/v1/models/[name]/versions/[version]/artifacts/[...path]",
  "PUT /api/v1/models/[name]/versions/[version]/signature",
  "POST /api/v1/models/[name]/versions/[version]/evaluations",
  "POST /api/v1/models/[name]/versions/[version]/evaluations/csv",
  "POST /api/v1/models/[name]/versions/[version]/override",
  "POST /api/v1/models/[name]/versions/[version]/reference",
  "POST /api/v1/models/[name]/versions/[version]/retirement",
  "POST /api/v1/models/[name]/versions/[version]/transition-requests",
  "POST /api/v1/alert-rules",
  "POST /api/v1/webhooks",
  "POST /api/v1/tokens",
  "POST /api/v1/signing-keys",
];
const ACCEPTED = [
  "POST /api/v1/deployments/[id]/metrics",
  "POST /api/v1/deployments/[id]/feedback",
  "POST /api/v1/webhooks/[id]/test",
];
const NO_CONTENT = ["DELETE /api/v1/models/[name]/permissions/[user]"];

/** `METHOD /api/path/[param]` -> the exact status an allowed caller gets. */
export const ROUTE_SUCCESS: Record<string, number> = Object.fromEntries(
  Object.keys(ROUTE_MATRIX).map((key) => [
    key,
    CREATED.includes(key)
      ? 201
      : ACCEPTED.includes(key)
        ? 202
        : NO_CONTENT.includes(key)
          ? 204
          : 200,
  ]),
);

/** The routes an API token with scope "read" is let through on, even an admin's: reads, predictions
 *  and marking one's notifications read. Token management and webhook settings are not reads it may do. */
export const READ_ONLY_TOKEN_ROUTES: string[] = Object.keys(
  ROUTE_MATRIX,
).filter(
  (key) =>
    (key.startsWith("GET ") &&
      ![
        "GET /api/v1/tokens",
        "GET /api/v1/webhooks",
        "GET /api/v1/webhooks/[id]",
        "GET /api/v1/signing-keys",
      ].includes(key)) ||
    [
      "POST /api/auth/[...all]",
      "POST /api/v1/serve/[model]/[ref]/predict",
      "POST /api/v1/notifications",
    ].includes(key),
);

/** `module#exportName` of each server action (module relative to app/) -> the callers it lets
 *  through; the others get "You may not do this" (or "Your session has ended" without a session). */
export const ACTION_MATRIX: Record<string, Caller[]> = {
  "sign-in/actions#signInAction": PUBLIC,
  "(app)/actions#signOutAction": PUBLIC,
  "(app)/notifications/actions#markAllReadAction": READ,
  "(app)/settings/tokens/actions#createTokenAction": READ,
  // Each caller revokes a token of its own.
  "(app)/settings/tokens/actions#revokeTokenAction": READ,
  "(app)/settings/users/actions#createUserAction": ADMIN,
  "(app)/settings/users/actions#changeRoleAction": ADMIN,
  "(app)/settings/users/actions#setActiveAction": ADMIN,
  "(app)/settings/policies/actions#savePolicyAction": ADMIN,
  "(app)/settings/webhooks/actions#createWebhookAction": ADMIN,
  "(app)/settings/webhooks/actions#sendTestAction": ADMIN,
  "(app)/settings/webhooks/actions#toggleWebhookAction": ADMIN,
  "(app)/settings/signing-keys/actions#addSigningKeyAction": ADMIN,
  "(app)/settings/signing-keys/actions#revokeSigningKeyAction": ADMIN,
  "(app)/models/actions#createModelAction": WRITE,
  "(app)/models/actions#updateModelAction": OWNER,
  "(app)/models/actions#updateDescriptionAction": OWNER,
  "(app)/models/actions#setModelTagAction": OWNER,
  "(app)/models/actions#deleteModelTagAction": OWNER,
  "(app)/models/actions#renameModelAction": OWNER,
  "(app)/models/actions#deleteModelAction": OWNER,
  "(app)/models/actions#grantPermissionAction": OWNER,
  "(app)/models/actions#revokePermissionAction": OWNER,
  "(app)/models/actions#setAliasAction": EDIT,
  "(app)/models/actions#deleteAliasAction": EDIT,
  "(app)/models/actions#createVersionAction": EDIT,
  "(app)/models/actions#updateVersionDescriptionAction": EDIT,
  "(app)/models/lifecycle-actions#requestTransitionAction": EDIT,
  "(app)/models/lifecycle-actions#requestAliasAction": EDIT,
  "(app)/models/lifecycle-actions#cancelRequestAction": REQUESTER,
  "(app)/models/lifecycle-actions#overrideAction": ADMIN,
  "(app)/models/lifecycle-actions#rollbackAction": EDIT,
  "(app)/models/lifecycle-actions#deployAction": EDIT,
  "(app)/models/deployment-actions#recordExternalDeploymentAction": EDIT,
  "(app)/models/deployment-actions#stopDeploymentAction": EDIT,
  "(app)/models/version-tag-actions#setVersionTagAction": EDIT,
  "(app)/models/version-tag-actions#deleteVersionTagAction": EDIT,
  // Alert rules need the role only, as their API does (lib/alerts/rules.ts).
  "(app)/monitoring/actions#createRuleAction": WRITE,
  "(app)/monitoring/actions#updateRuleAction": WRITE,
  "(app)/monitoring/actions#silenceRuleAction": WRITE,
  "(app)/monitoring/actions#unsilenceRuleAction": WRITE,
  "(app)/monitoring/actions#setRuleActiveAction": WRITE,
  "(app)/models/lifecycle-actions#addCommentAction": COMMENT,
  "(app)/models/lifecycle-actions#editCommentAction": AUTHOR,
  "(app)/models/lifecycle-actions#deleteCommentAction": AUTHOR_OR_ADMIN,
  "(app)/models/retirement-actions#requestRetirementAction": EDIT,
  "(app)/models/retirement-actions#retireNowAction": ADMIN,
  "(app)/models/retirement-actions#restoreRetirementAction": ADMIN,
};

const LABELS: [Caller[], string][] = [
  [PUBLIC, "anyone, signed in or not"],
  [READ, "every signed-in role (admin, data scientist, reviewer, manager)"],
  [COMMENT, "every role but the manager"],
  [WRITE, "admin and data scientists"],
  [EDIT, "admin, the model's owner and its editors"],
  [OWNER, "admin and the model's owner"],
  [REQUESTER, "admin and the request's author"],
  [AUTHOR_OR_ADMIN, "admin and the comment's author"],
  [AUTHOR, "the comment's author only"],
  [REVIEW, "admin and reviewers (never on their own request)"],
  [ADMIN, "admin only"],
];

/** The matrix as the README shows it: one row per group of callers, the routes and actions it may call. */
export function matrixMarkdown(): string {
  const rows = LABELS.map(([callers, label]) => {
    const routes = Object.entries(ROUTE_MATRIX)
      .filter(([, who]) => who === callers)
      .map(([key]) => `\`${key}\``);
    const actions = Object.entries(ACTION_MATRIX)
      .filter(([, who]) => who === callers)
      .map(([key]) => `\`${key.split("#")[1]}\``);
    return `| ${label} | ${routes.join(", ") || "-"} | ${actions.join(", ") || "-"} |`;
  });
  const readOnly = `| an API token with scope "read" (any role; also only what its role allows) | ${READ_ONLY_TOKEN_ROUTES.map((k) => `\`${k}\``).join(", ")} | - |`;
  return [
    "| who may call | API routes | server actions |",
    "| --- | --- | --- |",
    ...rows,
    readOnly,
  ].join("\n");
}
