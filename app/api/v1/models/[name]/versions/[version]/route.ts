import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getVersion } from "@/lib/registry/queries";
import { deleteVersion, updateVersion } from "@/lib/registry/version-changes";

type P = { name: string; version: string };

/** {version} is a number, `latest`, a stage (`production`) or an alias. */
export const GET = authed<P>(async (_req, actor, { name, version }) =>
  NextResponse.json(getVersion(actor, name, version)),
);

export const PATCH = authed<P>(async (req, actor, { name, version }) => {
  const row = updateVersion(
    actor,
    name,
    version,
    (await readJson(req)) as Record<string, unknown>,
  );
  return NextResponse.json(getVersion(actor, name, String(row.version)));
});

export const DELETE = authed<P>(async (_req, actor, { name, version }) => {
  deleteVersion(actor, name, version);
  return NextResponse.json({
    deleted: { model: name, version: Number(version) },
  });
});
