// Policy gates: small expressions over a version's metrics, parsed by a real grammar (never eval).
//   <metric> <op> <number>        e.g. auc >= 0.85, rmse <= 4, disparate_impact >= 0.8
//   beats production on <metric>  better than the current production version (direction by metric)
//   model card complete           every section of the model card that people write is filled
//   signed by trusted key         a team's signature, verified under a registered unrevoked key, covers the current content
//   no unsafe files               no file of the version is a pickle importing code (built in, below)

export type Gate =
  | {
      kind: "compare";
      metric: string;
      op: ">=" | "<=" | ">" | "<" | "==" | "!=";
      value: number;
      source: string;
    }
  | { kind: "beats_production"; metric: string; source: string }
  | { kind: "card_complete"; source: string }
  | { kind: "signed_by_trusted_key"; source: string }
  | { kind: "no_unsafe_files"; source: string };

export type GateResult = { gate: string; pass: boolean; detail: string };

/** The version's files as their upload scans left them (lib/registry/unsafe-files.ts). */
export type FileSafety = {
  scanned: number;
  unsafe: { path: string; findings: string[] }[];
};

export const NO_UNSAFE_FILES = "no unsafe files";

/**
 * The gates a promotion is judged by: the policy's own, and "no unsafe files" for Staging and
 * Production whenever the version has pickles (scanned or not), even if no policy names it. It is
 * built in rather than written into the default policies so that it holds on every database,
 * existing ones too, without a migration, and no policy edit can drop it; it is listed with the
 * policy's gates, so a reviewer sees it pass or fail like any other. A version without pickles
 * does not list it: it could not fail, and would only be noise. An admin override still applies a
 * transition past it, recorded as an override in the audit trail.
 */
export function gatesFor(
  stage: string,
  gates: string[],
  files: FileSafety,
): string[] {
  const named = gates.some((g) => /^no\s+unsafe\s+files$/i.test(g.trim()));
  const relevant = files.scanned > 0 || files.unsafe.length > 0;
  return !named && relevant && (stage === "staging" || stage === "production")
    ? [...gates, NO_UNSAFE_FILES]
    : gates;
}

const METRIC = "[A-Za-z_][A-Za-z0-9_.]{0,249}";
const COMPARE_RE = new RegExp(
  `^(${METRIC})\\s*(>=|<=|==|!=|>|<)\\s*(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)$`,
);
const BEATS_RE = new RegExp(`^beats\\s+production\\s+on\\s+(${METRIC})$`, "i");

/** Metrics where smaller is better; every other metric is taken as larger-is-better. */
const LOWER_IS_BETTER =
  /^(rmse|mse|mae|mape|log_?loss|loss|brier|error|.*_error|.*_loss|latency.*|equalized_odds_difference|demographic_parity_difference|equal_opportunity_difference)$/i;

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.test(metric);
}

/** Parses one gate, or returns a message saying what is wrong with it. */
export function parseGate(text: string): Gate | { error: string } {
  const source = text.trim();
  if (!source) return { error: "empty gate" };
  if (/^model\s+card\s+complete$/i.test(source))
    return { kind: "card_complete", source };
  if (/^signed\s+by\s+trusted\s+key$/i.test(source))
    return { kind: "signed_by_trusted_key", source };
  if (/^no\s+unsafe\s+files$/i.test(source))
    return { kind: "no_unsafe_files", source };
  const beats = BEATS_RE.exec(source);
  if (beats?.[1]) return { kind: "beats_production", metric: beats[1], source };
  const m = COMPARE_RE.exec(source);
  if (m?.[1] && m[2] && m[3])
    return {
      kind: "compare",
      metric: m[1],
      op: m[2] as Extract<Gate, { kind: "compare" }>["op"],
      value: Number(m[3]),
      source,
    };
  if (/^[A-Za-z_]/.test(source) && !/(>=|<=|==|!=|>|<)/.test(source))
    return {
      error: `'${source}': expected a comparison like 'auc >= 0.85' or 'beats production on auc'`,
    };
  if (/(>=|<=|==|!=|>|<)\s*$/.test(source))
    return {
      error: `'${source}': the comparison has no number after the operator`,
    };
  return {
    error: `'${source}': not understood; write '<metric> <op> <number>' (op: >=, <=, >, <, ==, !=) or 'beats production on <metric>'`,
  };
}

/** What gates need besides metrics; `trustedSignature` is asked only when a signature gate is set (it verifies a bundle). */
export type GateContext = {
  cardComplete?: boolean;
  files?: FileSafety;
  trustedSignature?: () => { pass: boolean; detail: string };
};

export function evaluateGates(
  gates: string[],
  metrics: Record<string, number>,
  production: { version: number; metrics: Record<string, number> } | null,
  context: GateContext = {},
): GateResult[] {
  return gates.map((text) => {
    const g = parseGate(text);
    if ("error" in g)
      return { gate: text, pass: false, detail: `invalid gate: ${g.error}` };
    if (g.kind === "no_unsafe_files")
      return unsafeFilesResult(
        g.source,
        context.files ?? { scanned: 0, unsafe: [] },
      );
    if (g.kind === "card_complete")
      return {
        gate: g.source,
        pass: Boolean(context.cardComplete),
        detail: context.cardComplete
          ? "every written section of the model card is filled"
          : "the model card has empty sections",
      };
    if (g.kind === "signed_by_trusted_key")
      return {
        gate: g.source,
        ...(context.trustedSignature?.() ?? {
          pass: false,
          detail: "no signature from a trusted key is known for this version",
        }),
      };
    const value = metrics[g.metric];
    if (value === undefined)
      return {
        gate: g.source,
        pass: false,
        detail: `${g.metric} is not logged on this version`,
      };
    if (g.kind === "compare") {
      const pass = compare(value, g.op, g.value);
      return { gate: g.source, pass, detail: `${g.metric} = ${round(value)}` };
    }
    if (!production)
      return {
        gate: g.source,
        pass: true,
        detail: `no version in production yet; ${g.metric} = ${round(value)}`,
      };
    const theirs = production.metrics[g.metric];
    if (theirs === undefined)
      return {
        gate: g.source,
        pass: true,
        detail: `production v${production.version} has no ${g.metric}; ${g.metric} = ${round(value)}`,
      };
    const pass = lowerIsBetter(g.metric) ? value < theirs : value > theirs;
    return {
      gate: g.source,
      pass,
      detail: `${g.metric} = ${round(value)} vs ${round(theirs)} in production (v${production.version})`,
    };
  });
}

function unsafeFilesResult(gate: string, files: FileSafety): GateResult {
  if (files.unsafe.length === 0) {
    return {
      gate,
      pass: true,
      detail: files.scanned
        ? `${files.scanned} pickle file${files.scanned === 1 ? "" : "s"} scanned; every import is on the allowlist`
        : "no pickle files",
    };
  }
  const listed = files.unsafe.map(
    (f) =>
      `${f.path} (${f.findings.slice(0, 3).join(", ")}${f.findings.length > 3 ? ", …" : ""})`,
  );
  return {
    gate,
    pass: false,
    detail: `unsafe file${files.unsafe.length === 1 ? "" : "s"}: ${listed.join("; ")}`,
  };
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
    case "==":
      return a === b;
    default:
      return a !== b;
  }
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
