import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { deleteAlias, setAlias } from "@/lib/registry/aliases";
import { getVersion } from "@/lib/registry/queries";

type P = { name: string; alias: string };

/** The version the alias points at. */
export const GET = authed<P>(async (_req, actor, { name, alias }) =>
  NextResponse.json(getVersion(actor, name, alias)),
);

/** PUT {version}: point (or move) the alias. */
export const PUT = authed<P>(async (req, actor, { name, alias }) => {
  const body = (await readJson(req)) as { version?: unknown } | null;
  const row = setAlias(actor, name, alias, body?.version);
  return NextResponse.json(getVersion(actor, name, String(row.version)));
});

export const DELETE = authed<P>(async (_req, actor, { name, alias }) => {
  deleteAlias(actor, name, alias);
  return NextResponse.json({ deleted: alias });
});
