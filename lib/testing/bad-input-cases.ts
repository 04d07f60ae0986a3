// The bad input both bad-input suites send (lib/testing/bad-input.test.ts in-process with a whole-
// database snapshot, e2e/bad-input.spec.ts through the running server's request listener):
// malformed JSON, wrong types, missing and extra fields, huge and odd strings, path traversal,
// injection text, bad cursors, page sizes and numbers. Plain data, no imports: the e2e suite loads it.

export const LONG = "x".repeat(100_000);
export const ODD = [
  "\u0000nul",
  "\u202eevil.exe",
  "😀".repeat(50),
  "../../../etc/passwd",
  "' OR 1=1 --",
  '"; DROP TABLE registered_models; --',
  "%00",
  "a".repeat(10_000),
];
export const FIELDS = [
  "name",
  "version",
  "description",
  "tags",
  "to_stage",
  "comment",
  "points",
  "inputs",
  "instances",
  "value",
  "alias",
  "environment",
  "target",
  "reason",
  "sunset_date",
  "category",
  "metric",
  "threshold",
  "url",
  "events",
  "role",
  "features",
  "y_true",
  "y_pred",
  "sections",
  "required_approvals",
  "stage",
  "items",
];

/** Bodies that are not a JSON object, or not JSON at all, or far too long. */
const MALFORMED = ["{", "[]", "null", "123", '"text"', '{"a":', LONG];

export function bodies(): (string | undefined)[] {
  const out: (string | undefined)[] = [...MALFORMED];
  for (const field of FIELDS) {
    for (const value of [123, -1, 1e400, true, [], {}, null, LONG, ...ODD])
      out.push(JSON.stringify({ [field]: value }).replace('"1e400"', "1e400"));
  }
  out.push(
    JSON.stringify({
      points: [{ name: "latency_ms", value: 1, timestamp: 9_999_999_999_999 }],
    }),
  );
  out.push(
    JSON.stringify({
      points: Array.from({ length: 20_000 }, () => ({ name: "x", value: 1 })),
    }),
  );
  // 10,000 levels deep: recursive validators and error messages must not overflow the stack.
  for (const field of ["name", "tags", "inputs"])
    out.push(`{"${field}":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
  return out;
}

export const QUERIES = [
  "?limit=-1",
  "?limit=100000000",
  "?limit=abc",
  "?cursor=%25%25%25",
  "?cursor=eyJ4IjoxfQ",
  "?range=forever",
  "?status=weird",
  `?q=${encodeURIComponent(ODD[0] as string)}`,
  `?tag=${encodeURIComponent("' OR 1=1 --")}`,
  "?from=2026-13-45",
  "?before=-5",
  "?filter=name%20%3D%20'a'%20OR%201%3D1",
  "?max_results=0",
  "?page_token=%%%",
];
export const PARAMS = [
  "..%2F..%2Fetc",
  "-1",
  "0",
  "1e9",
  "abc",
  "%00",
  "\u202e",
  "9".repeat(40),
];

/** Each field of a route's valid body replaced, one at a time, by each bad value, and the valid body
 *  with odd extra fields: every field the route reads is judged on its own. */
export function mutations(valid: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of Object.keys(valid)) {
    for (const value of [123, -1, true, [], {}, null, LONG, ...ODD])
      out.push(JSON.stringify({ ...valid, [field]: value }));
    out.push(JSON.stringify({ ...valid, [field]: undefined }));
    // A number JSON.parse reads as Infinity, and 10,000 levels of nesting.
    out.push(
      JSON.stringify({ ...valid, [field]: "__1e400__" }).replace(
        '"__1e400__"',
        "1e400",
      ),
    );
    out.push(
      JSON.stringify({ ...valid, [field]: "__deep__" }).replace(
        '"__deep__"',
        `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
      ),
    );
  }
  out.push(
    JSON.stringify({
      ...valid,
      unexpected: ODD[0],
      __proto__x: { polluted: true },
    }),
  );
  return out;
}

/** The structural bad bodies, for every route that reads a body whatever its fields. */
export function structuralBodies(): string[] {
  return [
    ...MALFORMED,
    ...["name", "tags", "inputs"].map(
      (f) => `{"${f}":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
    ),
  ];
}
