import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { authed } from "@/lib/http/route";
import { openArtifact, putArtifact } from "@/lib/registry/artifacts";

type P = { name: string; version: string; path: string[] };

/**
 * PUT streams the request body to disk (never buffered whole). The expected SHA-256 may be sent
 * as `X-Content-SHA256: <hex>` or `Content-Digest`/`Repr-Digest: sha-256=:<base64>:`.
 */
export const PUT = authed<P>(async (req, actor, { name, version, path }) => {
  if (!req.body)
    throw new DomainError("invalid", "The request has no body", {
      fields: { body: ["Empty"] },
    });
  const length = req.headers.get("content-length");
  const artifact = await putArtifact(
    actor,
    name,
    version,
    path.join("/"),
    Readable.fromWeb(req.body as WebReadableStream),
    {
      expectedSha256: expectedDigest(req.headers),
      contentLength: length ? Number(length) : null,
    },
  );
  return NextResponse.json(artifact, { status: 201 });
});

export const GET = authed<P>(async (_req, actor, { name, version, path }) => {
  const { artifact, stream } = openArtifact(
    actor,
    name,
    version,
    path.join("/"),
  );
  const b64 = Buffer.from(artifact.sha256, "hex").toString("base64");
  const filename = path.at(-1) ?? "artifact";
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "Content-Type": artifact.content_type,
      "Content-Length": String(artifact.size),
      ETag: `"${artifact.sha256}"`,
      "Repr-Digest": `sha-256=:${b64}:`,
      Digest: `SHA-256=${b64}`,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=0, must-revalidate",
    },
  });
});

function expectedDigest(h: Headers): string | null {
  const hex = h.get("x-content-sha256");
  if (hex) return hex.trim();
  const sf = h.get("content-digest") ?? h.get("repr-digest");
  if (!sf) return null;
  const m = /sha-256=:([A-Za-z0-9+/=]+):/i.exec(sf);
  if (!m?.[1])
    throw new DomainError(
      "invalid",
      "Content-Digest must carry sha-256=:<base64>:",
      { fields: { "content-digest": ["Unsupported digest"] } },
    );
  return Buffer.from(m[1], "base64").toString("hex");
}
