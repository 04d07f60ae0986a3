// The one rule for a production version's health (the dashboard's table, the portfolio CSV and
// the docs say the same): red when something is wrong, amber when something needs a look or
// cannot be judged, green only when there is live evidence and nothing is wrong. A version nobody
// serves, or one with no requests and no feedback lately, is amber: green would claim a health
// nothing measured.

export type HealthLevel = "green" | "amber" | "red";

export type HealthEvidence = {
  /** Live deployments serving the version. */
  deployments: number;
  /** Its deployments' alerts (resolved ones do not count). */
  alerts: {
    name: string;
    state: "pending" | "firing" | "resolved" | "no_data";
  }[];
  /** The largest input PSI of the last hour, or null when not measured. */
  psi: number | null;
  /** Requests served and feedback items received over the last `days` days. */
  requests: number;
  feedback: number;
  days: number;
};

/** PSI bands, as lib/drift/stats.ts's psiBand draws them. */
export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;

export function judgeHealth(e: HealthEvidence): {
  health: HealthLevel;
  reasons: string[];
} {
  const reasons: string[] = [];
  let level = 0;
  if (e.deployments === 0) {
    level = 1;
    reasons.push("not deployed: no live deployment serves it");
  } else if (e.requests === 0 && e.feedback === 0) {
    level = 1;
    reasons.push(`no live data: no requests or feedback in ${e.days} days`);
  }
  for (const a of e.alerts.filter((x) => x.state !== "resolved")) {
    level = Math.max(level, a.state === "firing" ? 2 : 1);
    reasons.push(`alert ${a.name} ${a.state.replace("_", " ")}`);
  }
  if (e.psi !== null && e.psi > PSI_SIGNIFICANT) {
    level = 2;
    reasons.push(`input drift significant (PSI ${e.psi.toFixed(2)})`);
  } else if (e.psi !== null && e.psi >= PSI_MODERATE) {
    level = Math.max(level, 1);
    reasons.push(`input drift moderate (PSI ${e.psi.toFixed(2)})`);
  }
  return {
    health: (["green", "amber", "red"] as const)[level] ?? "red",
    reasons,
  };
}
