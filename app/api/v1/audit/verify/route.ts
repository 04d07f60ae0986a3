import { NextResponse } from "next/server";
import { verifyAudit } from "@/lib/audit/audit-queries";
import { authed } from "@/lib/http/route";

export const GET = authed(async (_req, actor) =>
  NextResponse.json(verifyAudit(actor)),
);
