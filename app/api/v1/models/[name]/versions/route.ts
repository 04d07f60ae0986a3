import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getVersion, listVersions } from "@/lib/registry/queries";
import { createVersion } from "@/lib/registry/versions";

type P = { name: string };

/** GET ?limit=&cursor= : versions newest first */
export const GET = authed<P>(async (req, actor, { name }) => {
  const sp = new URL(req.url).searchParams;
  return NextResponse.json(
    listVersions(actor, name, {
      limit: sp.has("limit")
        ? (sp.get("limit") as unknown as number)
        : undefined,
      cursor: sp.get("cursor") ?? undefined,
    }),
  );
});

export const POST = authed<P>(async (req, actor, { name }) => {
  const row = createVersion(
    actor,
    name,
    (await readJson(req)) as Record<string, unknown>,
  );
  return NextResponse.json(getVersion(actor, name, String(row.version)), {
    status: 201,
  });
});
