// Opaque pagination cursors: base64url JSON of the last row's sort key, tied to the sort they came from.
import { DomainError } from "@/lib/errors";

export function encodeCursor(
  sort: string,
  key: string | number,
  id: number,
): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString("base64url");
}

export function decodeCursor(
  cursor: string,
  sort: string,
): { key: string | number; id: number } {
  const bad = () =>
    new DomainError(
      "invalid",
      "cursor is not valid for this listing; start again without it",
      { fields: { cursor: ["Invalid cursor"] } },
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad();
  const [s, key, id] = parsed as unknown[];
  if (
    s !== sort ||
    (typeof key !== "string" && typeof key !== "number") ||
    typeof id !== "number" ||
    !Number.isInteger(id)
  )
    throw bad();
  return { key, id };
}
