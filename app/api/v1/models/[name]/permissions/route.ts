import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import {
  grantModelPermission,
  listModelGrants,
} from "@/lib/registry/model-permissions";

type P = { name: string };

/** Who besides the owner may edit or manage the model. */
export const GET = authed<P>(async (_req, actor, { name }) =>
  NextResponse.json({ grants: listModelGrants(actor, name) }),
);

/** PUT {email, level: "edit" | "manage"}: grants or changes a user's level (the owner or a manager). */
export const PUT = authed<P>(async (req, actor, { name }) =>
  NextResponse.json(grantModelPermission(actor, name, await readJson(req))),
);
