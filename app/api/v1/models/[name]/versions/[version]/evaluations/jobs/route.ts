import { NextResponse } from "next/server";
import { evaluationJobs } from "@/lib/evaluation/queries";
import { authed } from "@/lib/http/route";

type P = { name: string; version: string };

/** Progress of the version's recent evaluations (queued, running with a share done, done, failed), polled by the version page. */
export const GET = authed<P>(async (_req, actor, { name, version }) =>
  NextResponse.json({ jobs: evaluationJobs(actor, name, version) }),
);
