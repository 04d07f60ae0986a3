// Audit events in words: one sentence per event built from its action and recorded data, and the
// fields it changed side by side. The audit page and the dashboard's recent activity both read
// events through here, so an event reads the same wherever it is shown. Pure: no database.
// Past 300 lines on purpose: one switch of sentences, a case per kind of event the code emits, so
// a new event's wording sits beside all the others.
import type { AuditEventRow } from "@/db/schema";

type Data = Record<string, unknown>;
export type DescribableEvent = Pick<
  AuditEventRow,
  "action" | "entityType" | "entityId" | "before" | "after"
>;

/** The event's `before` and `after` as objects ({} when absent or not an object). */
export function eventData(e: Pick<AuditEventRow, "before" | "after">): {
  before: Data;
  after: Data;
} {
  return { before: parse(e.before), after: parse(e.after) };
}

function parse(json: string | null): Data {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Data) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | null =>
  typeof v === "string" && v !== ""
    ? v
    : typeof v === "number"
      ? String(v)
      : null;
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : null;

// Stages in running text: lower case, "none" as development.
const STAGE_WORDS: Record<string, string> = {
  none: "development",
  staging: "staging",
  production: "production",
  archived: "archived",
  retired: "retired",
};
const stage = (v: unknown) => {
  const s = str(v);
  return s ? (STAGE_WORDS[s] ?? s) : "?";
};
const ver = (v: unknown) => (num(v) === null ? "the version" : `v${num(v)}`);
const quoted = (v: unknown, max = 80) => {
  const s = str(v);
  if (!s) return "";
  const one = s.replace(/\s+/g, " ").trim();
  return `“${one.length > max ? `${one.slice(0, max - 1)}…` : one}”`;
};
const because = (v: unknown) => (str(v) ? ` (${str(v)})` : "");
const day = (v: unknown) => {
  const s = str(v);
  return s && Number.isFinite(Date.parse(s)) ? s.slice(0, 10) : null;
};
const listOf = (v: unknown) =>
  Array.isArray(v) ? v.map((x) => String(x)).join(", ") : (str(v) ?? "");
const fieldList = (d: Data) =>
  Object.keys(d)
    .filter((k) => k !== "acting_as_admin")
    .map(label)
    .join(", ");
function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

// How a sign-in came in (lib/auth/sign-in-audit.ts, lib/auth/auth-audit.ts).
const THROUGH: Record<string, string> = {
  form: "with the sign-in form",
  api: "through the sign-in API",
  "mlflow-basic": "through the MLflow client (basic auth)",
};

/** A field name as words: `required_approvals` → "required approvals", `expiresAt` → "expires at". */
export function label(field: string): string {
  return field
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
}

/**
 * One line in words for the event ("moved v3 from staging to production", "set alias champion →
 * v3"), read after the actor's name. The subject (model, version, user...) is shown beside it with
 * its link, so the line names only what the subject does not.
 */
export function describeEvent(e: DescribableEvent): string {
  const { before: b, after: a } = eventData(e);
  const sentence = sentenceOf(e, b, a);
  return a.acting_as_admin === true ? `${sentence} (as admin)` : sentence;
}

function sentenceOf(e: DescribableEvent, b: Data, a: Data): string {
  const d = { ...b, ...a };
  const [kind = "", step = ""] = e.action.split(".");
  switch (e.action) {
    case "version.stage_changed":
      return `moved ${ver(b.version ?? a.version)} from ${stage(b.stage)} to ${stage(a.stage)}${because(a.reason)}`;
    case "transition.requested":
      return `asked to move ${ver(a.version)} from ${stage(a.from)} to ${stage(a.to)}`;
    case "rollback.requested":
      return `asked to roll ${stage(a.to)} back to ${ver(a.version)}`;
    case "transition.approved":
      return `approved moving ${ver(a.version)} to ${stage(a.to)}${approvals(a)}`;
    case "transition.rejected":
      return `rejected moving ${ver(a.version)} to ${stage(a.to)}`;
    case "transition.cancelled":
      return a.version === undefined
        ? `cancelled the request${because(a.reason)}`
        : `cancelled the request to move ${ver(a.version)} to ${stage(a.to)}${because(a.reason)}`;
    case "transition.applied":
    case "transition.override":
      return `moved ${ver(b.version)} from ${stage(b.stage)} to ${stage(a.stage)}${
        e.action === "transition.override" ? " without review (override)" : ""
      }${num(a.request_id) === null ? "" : `, request #${num(a.request_id)}`}`;
    case "alias.set":
      return `set alias ${str(a.alias) ?? "?"} → ${ver(a.version)}${
        num(b.version) === null ? "" : ` (was v${num(b.version)})`
      }${because(a.reason)}`;
    case "alias.deleted":
      return `removed alias ${str(b.alias) ?? "?"}${
        num(b.version) === null ? "" : ` (was v${num(b.version)})`
      }${because(a.reason)}`;
    case "alias.requested":
      return `asked to set alias ${str(a.alias) ?? "?"} → ${ver(a.version)}`;
    case "alias.approved":
    case "alias.rejected":
    case "alias.cancelled":
      return words(
        step,
        step === "cancelled" ? "the request to set alias" : "setting alias",
        str(a.alias),
        `→ ${ver(a.version)}`,
      );
    case "model.created":
      return words("created model", str(a.name));
    case "model.renamed":
      return `renamed the model from ${str(b.name) ?? "?"} to ${str(a.name) ?? "?"}`;
    case "model.updated":
      return `changed the model's ${fieldList(a) || "details"}`;
    case "model.deleted":
      return words("deleted model", str(b.name));
    case "model.tag_set":
    case "version.tag_set":
    case "model.tag_deleted":
    case "version.tag_deleted": {
      const key = Object.keys(step === "tag_set" ? a : b).find(
        (k) => k !== "acting_as_admin",
      );
      const where = kind === "version" ? " on the version" : "";
      if (step === "tag_deleted") return `removed tag ${key ?? "?"}${where}`;
      const value = key ? (str(a[key]) ?? "") : "";
      const old = key ? str(b[key]) : null;
      return `set tag ${key ?? "?"} = ${value}${old === null ? "" : ` (was ${old})`}${where}`;
    }
    case "model.permission_granted":
      return str(b.level)
        ? `changed ${str(a.user) ?? "a user"}'s access from ${str(b.level)} to ${str(a.level)}`
        : words("gave", str(a.user) ?? "a user", str(a.level), "access");
    case "model.permission_revoked":
      return words(
        `removed ${str(b.user) ?? "a user"}'s`,
        str(b.level),
        "access",
      );
    case "model_card.updated":
      return `edited the model card${
        Array.isArray(a.sections) && a.sections.length
          ? ` (${listOf(a.sections).replace(/_/g, " ")})`
          : ""
      }`;
    case "version.created":
      return `registered ${ver(a.version)}${str(a.source) ? ` from ${str(a.source)}` : ""}`;
    case "version.updated":
      return `changed the version's ${fieldList(a) || "details"}`;
    case "version.deleted":
      return `deleted ${ver(b.version)}`;
    case "version.signed":
      return `signed the version${because(a.reason)}`;
    case "artifact.uploaded": {
      const size = num(a.size);
      return `${b.path ? "replaced" : "uploaded"} artifact ${str(a.path) ?? ""}${
        size === null ? "" : ` (${bytes(size)})`
      }${a.unsafe ? ", flagged unsafe" : ""}`;
    }
    case "signature.uploaded":
      return `uploaded a signature${str(a.key) ? ` made with key ${str(a.key)}` : ""}`;
    case "signature.mismatch":
      return `found that the signature does not match${because(a.reason)}`;
    case "evaluation.logged":
      return `logged an evaluation${str(a.dataset) ? ` on ${str(a.dataset)}` : ""}${
        num(a.rows) === null ? "" : ` (${num(a.rows)} rows)`
      }`;
    case "reference.set":
      return `set the drift reference${
        a.features && typeof a.features === "object"
          ? ` (${Object.keys(a.features).length} features${num(a.rows) === null ? "" : `, ${num(a.rows)} rows`})`
          : ""
      }`;
    case "comment.created":
      return words("commented", quoted(a.body));
    case "comment.edited":
      return `edited a comment to ${quoted(a.body)}`;
    case "comment.deleted":
      return "deleted a comment";
    case "deployment.created":
      return `deployed ${ver(a.version)}${str(a.environment) ? ` to ${str(a.environment)}` : ""}${
        str(a.target) ? ` (${str(a.target)})` : ""
      }`;
    case "deployment.stopped":
      return `stopped the deployment${because(a.reason)}`;
    case "alert.fired":
      return words(
        "alert",
        str(a.rule),
        // A measured value (an error rate, a PSI) reads as the metrics do: four decimals at most.
        num(a.value) === null
          ? "fired"
          : `fired at ${Number((num(a.value) ?? 0).toFixed(4))}`,
        str(a.severity) ? `(${str(a.severity)})` : null,
      );
    case "alert.resolved":
      return words("alert", str(a.rule), "resolved");
    case "alert.no_data":
      return words("alert", str(a.rule), "has no data");
    case "alert_rule.created":
      return words("created alert rule", str(a.name));
    case "alert_rule.updated":
      return `changed the alert rule's ${fieldList(changedOnly(b, a)) || "settings"}`;
    case "retirement.requested":
      return `asked to retire ${a.version == null ? "the whole model" : ver(a.version)}${
        day(a.sunset_at) ? ` on ${day(a.sunset_at)}` : ""
      }`;
    case "retirement.reviewed":
      return `approved retiring ${a.version == null ? "the whole model" : ver(a.version)}${approvals(a)}`;
    case "retirement.approved":
      return `scheduled the retirement of ${d.version == null ? "the whole model" : ver(d.version)}${
        day(a.sunset_at) ? ` for ${day(a.sunset_at)}` : ""
      }`;
    case "retirement.override":
      return a.version === undefined && a.model === undefined
        ? `brought the sunset forward to now${because(a.reason)}`
        : `retired ${a.version == null ? "the whole model" : ver(a.version)} at once (override)${because(a.reason)}`;
    case "retirement.completed":
      return `retired ${a.version == null ? "the whole model" : ver(a.version)}${
        Array.isArray(a.versions) && a.versions.length
          ? ` (${a.versions.map((v) => `v${String(v)}`).join(", ")})`
          : ""
      }`;
    case "retirement.cancelled":
    case "retirement.rejected":
      return `${step === "cancelled" ? "cancelled" : "rejected"} the retirement${because(a.reason)}`;
    case "retirement.released":
      return `released the stored files of the retired ${a.version == null ? "model" : ver(a.version)}${
        num(a.bytes_freed) === null
          ? ""
          : ` (${bytes(num(a.bytes_freed) ?? 0)} freed)`
      }`;
    case "retirement.restored":
      return `restored ${a.version == null ? "the model" : ver(a.version)} from retirement${because(a.reason)}`;
    case "retirement.sunset_notice":
      return `sent the sunset notice${num(a.days_left) === null ? "" : `: ${num(a.days_left)} days left`}`;
    case "policy.updated":
    case "policy.cleared": {
      const [model = "*", st = ""] = e.entityId.split(":");
      const scope = model === "*" ? "the default" : `${model}'s`;
      return step === "cleared"
        ? `removed ${scope} ${stage(st)} policy (the default applies again)`
        : `changed ${scope} ${stage(st)} policy${
            a.required_approvals === undefined
              ? ""
              : ` (${num(a.required_approvals)} approval${a.required_approvals === 1 ? "" : "s"})`
          }`;
    }
    case "user.created":
      return words(
        "added user",
        str(a.email),
        str(a.role) ? `as ${str(a.role)}` : null,
      );
    case "user.role_changed":
      return `changed the role from ${str(b.role) ?? "?"} to ${str(a.role) ?? "?"}`;
    case "user.name_changed":
      return `changed the name from ${str(b.name) ?? "?"} to ${str(a.name) ?? "?"}`;
    case "user.deactivated":
      return `deactivated the account${
        num(a.sessions_ended)
          ? ` and ended ${num(a.sessions_ended)} session${a.sessions_ended === 1 ? "" : "s"}`
          : ""
      }`;
    case "user.reactivated":
      return "reactivated the account";
    case "auth.sign_in":
      return `signed in${str(a.through) ? ` ${THROUGH[String(a.through)] ?? `through ${str(a.through)}`}` : ""}${
        str(a.address) ? ` from ${str(a.address)}` : ""
      }`;
    case "auth.sign_out":
      return "signed out";
    case "auth.sign_in_limited":
      return `blocked sign-ins for ${str(a.email) ?? str(a.address) ?? "an address"}${
        num(a.retry_after_seconds) === null
          ? ""
          : ` for ${num(a.retry_after_seconds)} s`
      } after repeated failures`;
    case "auth.password_changed":
      return `changed their password${a.revoked_other_sessions ? " and ended their other sessions" : ""}`;
    case "auth.session_revoked":
      return `ended a session${because(a.reason)}`;
    case "token.created":
      return words(
        "created API token",
        str(a.name),
        str(a.scope) ? `(${str(a.scope)})` : null,
      );
    case "token.revoked":
      return "revoked the API token";
    case "webhook.created":
      return `added a webhook for ${listOf(a.events) || "events"}`;
    case "webhook.enabled":
      return "enabled the webhook";
    case "webhook.disabled":
      return "disabled the webhook";
    case "webhook.test_sent":
      return "sent a test delivery";
    case "signing_key.added":
      return words("added signing key", str(a.name));
    case "signing_key.revoked":
      return words("revoked signing key", str(a.name));
    case "audit.rechained":
      return "re-chained the audit log under the audit key";
    default:
      // An action this list does not know yet still reads as words: "thing.did_something" → "did something".
      return `${label(step || kind)}${step ? ` (${label(kind)})` : ""}`;
  }
}

/** The parts that are there, separated by spaces. */
function words(...parts: (string | null | undefined)[]): string {
  return parts.filter((p) => p).join(" ");
}

function approvals(a: Data): string {
  const got = num(a.approvals);
  const need = num(a.required);
  return got === null || need === null ? "" : ` (${got} of ${need} approvals)`;
}

function changedOnly(b: Data, a: Data): Data {
  return Object.fromEntries(
    Object.entries(a).filter(
      ([k, v]) => JSON.stringify(b[k]) !== JSON.stringify(v),
    ),
  );
}

export type FieldChange = {
  field: string;
  before: string | null;
  after: string | null;
};

// Context recorded to say what was changed, not a change itself (the stage event's `before` names
// the model and version; `after` does not repeat them).
const CONTEXT = new Set(["model", "acting_as_admin"]);

/**
 * The fields the event records, before and after, in words: a field on both sides only when it
 * changed, a field on one side with the other as null. Values are text (long ones wrap where shown).
 */
export function fieldChanges(
  e: Pick<AuditEventRow, "before" | "after">,
): FieldChange[] {
  const { before: b, after: a } = eventData(e);
  const out: FieldChange[] = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const inB = key in b;
    const inA = key in a;
    if (inB && inA) {
      if (JSON.stringify(b[key]) === JSON.stringify(a[key])) continue;
    } else if (CONTEXT.has(key) || (key === "version" && inB)) continue;
    out.push({
      field: label(key),
      before: inB ? valueText(b[key]) : null,
      after: inA ? valueText(a[key]) : null,
    });
  }
  return out;
}

/** A recorded value as text: strings as they are, lists of words joined, the rest as JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v === "string") return v === "" ? "(empty)" : v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null))
    return v.length ? v.map((x) => String(x)).join(", ") : "(none)";
  // A flat record (metrics, tags): "rmse: 3.2, mae: 2.1".
  if (
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x !== "object" || x === null)
  )
    return Object.keys(v).length
      ? Object.entries(v)
          .map(([k, x]) => `${k}: ${String(x)}`)
          .join(", ")
      : "(none)";
  return JSON.stringify(v, null, 1).replace(/\n\s*/g, " ");
}
