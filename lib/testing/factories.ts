// Test factories: real rows made through the real services, so a test's starting state is one the
// application can reach (permissions, validation, audit and invariants all apply). A test that must
// start from a state the services refuse on purpose (a row from before a migration, a corrupted
// file, a clock in the past) writes it with SQL itself and says why.
import { Readable } from "node:stream";
import type {
  ModelVersionRow,
  RegisteredModelRow,
  TargetStage,
  TransitionRequestRow,
} from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { createRule, type AlertRuleDto } from "@/lib/alerts/rules";
import { SYSTEM_ACTOR, sessionActor, type Actor } from "@/lib/auth/actor";
import {
  createDeployment,
  type DeploymentDto,
} from "@/lib/deployments/deployments";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { requestRollback, requestTransition } from "@/lib/lifecycle/requests";
import { setReference } from "@/lib/drift/drift";
import { writePoints } from "@/lib/monitoring/points";
import { putArtifact } from "@/lib/registry/artifacts";
import { createModel } from "@/lib/registry/models";
import type {
  CreateModelInput,
  CreateVersionInput,
} from "@/lib/registry/registry.validation";
import { createVersion } from "@/lib/registry/versions";
import type { Role } from "@/lib/roles";
import { createUser } from "@/lib/users/users";
import {
  AB_FLIPPED,
  AB_LABELS,
  AB_SIGNATURE,
  abOnnx,
} from "@/lib/testing/ab-model";

let n = 0;
const suffix = () => Math.random().toString(36).slice(2, 8);

export async function makeUser(
  role: Role = "data_scientist",
  overrides: { email?: string } = {},
): Promise<Actor> {
  n += 1;
  const email = overrides.email ?? `${role}-${n}-${suffix()}@test.local`;
  const u = await createUser(SYSTEM_ACTOR, {
    email,
    role,
    password: "test-password-1",
    name: `${role} ${n}`,
  });
  return sessionActor(u);
}

/**
 * The people of a review under the default policies: a data scientist who requests, two reviewers
 * (Production takes two approvals) and an admin.
 */
export async function makeTeam() {
  return {
    ds: await makeUser("data_scientist"),
    r1: await makeUser("reviewer"),
    r2: await makeUser("reviewer"),
    admin: await makeUser("admin"),
  };
}

/** A registered model owned by `owner` (createModel); a fresh name unless one is given. */
export function makeModel(
  owner: Actor,
  overrides: Partial<CreateModelInput> = {},
): RegisteredModelRow {
  n += 1;
  return createModel(owner, {
    name: `model-${n}-${suffix()}`,
    ...overrides,
  });
}

/** Which version of which model: what the lifecycle and deployment services take. */
export type VersionRef = { model: string; version: number; id: number };

/** A version's fields (createVersion) and the files to upload to it, path to content. */
export type VersionInput = CreateVersionInput & {
  artifacts?: Record<string, string | Uint8Array>;
};

/**
 * The next version of `model` (createVersion), then its files (putArtifact, in the order given),
 * so the version's manifest, digest and signature are the ones an upload gives.
 */
export async function makeVersion(
  owner: Actor,
  model: string | { name: string },
  input: VersionInput = {},
): Promise<VersionRef & { row: ModelVersionRow }> {
  const name = typeof model === "string" ? model : model.name;
  const { artifacts = {}, ...fields } = input;
  const row = createVersion(owner, name, fields);
  for (const [path, content] of Object.entries(artifacts))
    await putArtifact(
      owner,
      name,
      String(row.version),
      path,
      Readable.from([Buffer.from(content)]),
    );
  return { model: name, version: row.version, id: row.id, row };
}

/**
 * A model with two versions that serve the a/b model (lib/testing/ab-model.ts): version 1 trained
 * on AB_LABELS, version 2 on AB_FLIPPED, so a prediction shows which one answered. `input` goes to
 * both versions; its `artifacts` are uploaded after each one's model.onnx.
 */
export async function makeServableModel(
  owner: Actor,
  name: string,
  input: VersionInput = {},
): Promise<RegisteredModelRow> {
  const model = makeModel(owner, { name });
  for (const labels of [AB_LABELS, AB_FLIPPED])
    await makeVersion(owner, name, {
      signature: AB_SIGNATURE,
      ...input,
      artifacts: { "model.onnx": abOnnx(labels), ...input.artifacts },
    });
  return model;
}

/**
 * A request by `requester` to move a version to `to_stage` (requestTransition), approved by each
 * of `approvedBy` in turn (approveRequest): give as many reviewers as the policy needs and it is
 * applied; give none and it stays open. Returns the request as the last call left it.
 */
export function makeRequest(
  requester: Actor,
  ref: { model: string; version: number },
  to_stage: TargetStage,
  opts: { approvedBy?: readonly Actor[]; comment?: string } = {},
): TransitionRequestRow {
  const req = requestTransition(requester, ref.model, ref.version, {
    to_stage,
    comment: opts.comment,
  });
  return approveAll(req, opts.approvedBy ?? []);
}

/** A rollback request (requestRollback) for `model`, approved by each of `approvedBy` in turn. */
export function makeRollback(
  requester: Actor,
  model: string,
  opts: { approvedBy?: readonly Actor[] } = {},
): TransitionRequestRow {
  return approveAll(requestRollback(requester, model), opts.approvedBy ?? []);
}

function approveAll(
  req: TransitionRequestRow,
  reviewers: readonly Actor[],
): TransitionRequestRow {
  let last = req;
  for (const r of reviewers) last = approveRequest(r, req.id);
  return last;
}

/**
 * A live deployment of a version (createDeployment): by default an external endpoint in the
 * production environment (which needs the version in Production; see makeRequest).
 */
export function makeDeployment(
  actor: Actor,
  ref: { model: string; version: number },
  overrides: {
    environment?: string;
    target?: "stageline" | "external";
    endpoint_url?: string;
    platform?: string;
    traffic_share?: number;
  } = {},
): DeploymentDto {
  return createDeployment(actor, ref.model, {
    version: ref.version,
    environment: "production",
    target: "external",
    endpoint_url: "http://127.0.0.1:1/x",
    ...overrides,
  });
}

/**
 * A model `name` (with `model` fields) with one version, deployed to an external endpoint in
 * staging (which needs no review and no ONNX file): a deployment to record monitoring points for.
 */
export async function makeMonitoredDeployment(
  owner: Actor,
  name: string,
  model: Partial<CreateModelInput> = {},
): Promise<DeploymentDto> {
  makeModel(owner, { name, ...model });
  const version = await makeVersion(owner, name);
  return makeDeployment(owner, version, { environment: "staging" });
}

/**
 * Points of one series of a deployment as the recorder writes them (writePoints, in one write):
 * the i-th value at time `at(i)`.
 */
export function makePoints(
  deployment: { id: number },
  name: string,
  values: readonly number[],
  at: (i: number) => number,
): void {
  writePoints(
    values.map((value, i) => ({
      deploymentId: deployment.id,
      name,
      at: at(i),
      value,
    })),
  );
}

/**
 * Drift on feature `x` of version 1 of `model`, served by `deployment`: a reference
 * (setReference) of 2,000 values spread evenly over [0, 1), and live inputs before `now` of 1,000
 * of them squeezed into [0.5, 1), which every drift test calls significant.
 */
export function makeDriftedInputs(
  owner: Actor,
  model: string,
  deployment: { id: number },
  now: number,
): void {
  const train = Array.from({ length: 2000 }, (_, i) => (i % 100) / 100);
  setReference(owner, model, 1, { features: { x: train } });
  makePoints(
    deployment,
    "input.x",
    train.slice(0, 1000).map((v) => v * 0.5 + 0.5),
    (i) => now - i,
  );
}

/**
 * A firing alert on a deployment as the scheduler makes one: a rule (createRule) on p95 latency over
 * one minute with a threshold of 1 ms, five latencies of 5 ms in the seconds before `now`
 * (writePoints), and one evaluation at `now` (evaluateAlerts, which evaluates every active rule).
 */
export function makeFiringAlert(
  actor: Actor,
  deployment: { id: number },
  opts: { name?: string; now?: number } = {},
): AlertRuleDto {
  const now = opts.now ?? Date.now();
  const rule = createRule(actor, {
    name: opts.name ?? `alert-${suffix()}`,
    deployment_id: deployment.id,
    metric: "latency_ms",
    aggregation: "p95",
    comparator: ">",
    threshold: 1,
    window_seconds: 60,
  });
  makePoints(deployment, "latency_ms", [5, 5, 5, 5, 5], (i) => now - i * 1000);
  evaluateAlerts(now);
  return rule;
}
