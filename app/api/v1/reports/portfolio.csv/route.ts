import { authed } from "@/lib/http/route";
import { parseDashboardFilters } from "@/lib/dashboard/filters";
import { portfolioCsv } from "@/lib/dashboard/portfolio-csv";

/** GET ?team=&task=: one CSV row per model (owner, production version, key metric, live health, last promotion, status). */
export const GET = authed(async (req, actor) => {
  const q = new URL(req.url).searchParams;
  const filters = parseDashboardFilters({
    team: q.get("team") ?? undefined,
    task: q.get("task") ?? undefined,
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(portfolioCsv(actor, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="stageline-portfolio-${day}.csv"`,
    },
  });
});
