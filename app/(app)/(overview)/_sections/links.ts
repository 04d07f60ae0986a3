// Where the dashboard's figures link to: the models list, with the dashboard's team filter carried
// over as a tag filter so the list shows the models behind the figure.
export function modelsHref(team: string | null, query: string): string {
  const teamTag = team ? `tag=${encodeURIComponent(`team=${team}`)}` : "";
  return `/models?${[query, teamTag].filter(Boolean).join("&")}`;
}

/** How long something has waited, in the unit a reader expects (minutes, hours, then days). */
export function age(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}
