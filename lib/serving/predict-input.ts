// A prediction request's body, checked against the version's signature: the input matrix and the
// caller's optional row keys.
import { DomainError } from "@/lib/errors";
import type { Signature } from "@/lib/registry/registry.validation";

export const MAX_ROWS_PER_REQUEST = 10_000;

/** Optional `keys`: the caller's own id per row, so ground truth can be sent later by key. */
export function keysOf(body: unknown, rows: number): string[] | null {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (keys === undefined) return null;
  if (!Array.isArray(keys) || keys.length !== rows)
    throw bad("keys", `keys must be a list with one key per row (${rows})`);
  keys.forEach((k, i) => {
    if (typeof k !== "string" || k.length === 0 || k.length > 128)
      throw bad(
        `keys.${i}`,
        `keys[${i}] must be a string of 1 to 128 characters`,
      );
  });
  return keys as string[];
}

/** `{inputs: {name: [..]}}` or `{instances: [{name: v}, ...]}` to a row-major float matrix in signature order. */
export function toMatrix(
  body: unknown,
  signature: Signature,
): { data: Float32Array; rows: number; cols: number } {
  const names = signature.inputs.map((i) => i.name);
  const b = (body ?? {}) as { inputs?: unknown; instances?: unknown };
  let columns: Record<string, unknown[]>;
  if (b.inputs !== undefined) {
    if (
      typeof b.inputs !== "object" ||
      b.inputs === null ||
      Array.isArray(b.inputs)
    )
      throw bad(
        "inputs",
        "inputs must be an object of {input name: list of values}",
      );
    columns = {};
    for (const [k, v] of Object.entries(b.inputs))
      columns[k] = Array.isArray(v) ? v : [v];
  } else if (Array.isArray(b.instances)) {
    columns = Object.fromEntries(names.map((n) => [n, [] as unknown[]]));
    b.instances.forEach((inst, i) => {
      if (typeof inst !== "object" || inst === null || Array.isArray(inst))
        throw bad(
          `instances.${i}`,
          `instances[${i}] must be an object of {input name: value}`,
        );
      for (const [k, v] of Object.entries(inst)) (columns[k] ??= []).push(v);
    });
  } else {
    throw bad(
      "inputs",
      'send {"inputs": {name: [values]}} or {"instances": [{name: value}, ...]}',
    );
  }
  const unknown = Object.keys(columns).filter((k) => !names.includes(k));
  if (unknown.length)
    throw bad(
      unknown[0] as string,
      `unknown input '${unknown[0]}'; this version takes ${names.join(", ")}`,
    );
  const missing = names.filter((n) => !columns[n]);
  if (missing.length)
    throw bad(
      missing[0] as string,
      `missing input '${missing[0]}'; this version takes ${names.join(", ")}`,
    );
  const rows = (columns[names[0] as string] as unknown[]).length;
  if (rows === 0) throw bad(names[0] as string, "no rows to predict");
  if (rows > MAX_ROWS_PER_REQUEST)
    throw new DomainError(
      "too_large",
      `At most ${MAX_ROWS_PER_REQUEST} rows per request`,
      {
        fields: { [names[0] as string]: ["Too many rows"] },
      },
    );
  const data = new Float32Array(rows * names.length);
  names.forEach((n, j) => {
    const col = columns[n] as unknown[];
    if (col.length !== rows)
      throw bad(
        n,
        `input '${n}' has ${col.length} values but '${names[0]}' has ${rows}`,
      );
    col.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw bad(
          n,
          `input '${n}' must hold finite numbers (row ${i} is ${JSON.stringify(v)?.slice(0, 40)})`,
        );
      data[i * names.length + j] = v;
    });
  });
  return { data, rows, cols: names.length };
}

function bad(field: string, message: string): DomainError {
  return new DomainError("invalid", message, {
    fields: { [field]: [message] },
  });
}
