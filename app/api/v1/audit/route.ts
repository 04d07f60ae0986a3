import { NextResponse } from "next/server";
import { auditCsv, searchAudit } from "@/lib/audit/audit-queries";
import { authed } from "@/lib/http/route";

/** GET ?entity_type=&entity_id=&actor=&action=&from=&to=&before=&limit=&format=csv */
export const GET = authed(async (req, actor) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const { format, ...filters } = params;
  const result = searchAudit(actor, filters);
  if (format === "csv") {
    return new Response(auditCsv(result.events), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="stageline-audit.csv"',
      },
    });
  }
  return NextResponse.json({
    events: result.events.map((e) => ({
      ...e,
      before: e.before ? JSON.parse(e.before) : null,
      after: e.after ? JSON.parse(e.after) : null,
    })),
    next_before: result.next_before,
  });
});
