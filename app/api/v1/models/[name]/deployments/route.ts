import { NextResponse } from "next/server";
import {
  createDeployment,
  listDeployments,
} from "@/lib/deployments/deployments";
import { authed, readJson } from "@/lib/http/route";

type P = { name: string };

export const GET = authed<P>(async (_req, actor, { name }) =>
  NextResponse.json({ deployments: listDeployments(actor, { model: name }) }),
);

/** POST {version, environment, target: stageline|external, endpoint_url?, platform?, traffic_share?} */
export const POST = authed<P>(async (req, actor, { name }) =>
  NextResponse.json(createDeployment(actor, name, await readJson(req)), {
    status: 201,
  }),
);
