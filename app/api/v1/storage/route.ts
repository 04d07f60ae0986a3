import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { storageReport } from "@/lib/retirement/storage";

/** GET: the garbage-collection dry run: per retired model or version, the bytes its release will free. */
export const GET = authed(async (_req, actor) =>
  NextResponse.json(storageReport(actor)),
);
