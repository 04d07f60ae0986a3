import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { authed } from "@/lib/http/route";
import { productionAt, stageHistory } from "@/lib/lifecycle/stage-history";

/** GET ?at=<ISO date or ms>: the stage changes, and which versions were in production at that moment. */
export const GET = authed<{ name: string }>(async (req, actor, { name }) => {
  const history = stageHistory(actor, name);
  const at = new URL(req.url).searchParams.get("at");
  if (at === null) return NextResponse.json({ changes: history });
  const ms = /^\d+$/.test(at) ? Number(at) : Date.parse(at);
  if (!Number.isFinite(ms))
    throw new DomainError("invalid", "at must be an ISO date or milliseconds", {
      fields: { at: ["Not a date"] },
    });
  return NextResponse.json({
    changes: history,
    at: ms,
    production_versions: productionAt(history, ms),
  });
});
