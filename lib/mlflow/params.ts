// Request parameters as MLflow reads them: GET from the query string (a repeated key is a list;
// booleans only "true"/"false"), POST/PATCH/DELETE from a JSON body (DELETE also from the query
// string). Unknown fields are ignored; a value of the wrong type names the parameter.
import { jsonDepth, MAX_JSON_DEPTH } from "@/lib/http/body";
import { MlflowError, missing } from "./errors";

const MAX_BODY = 1024 * 1024;

export class Params {
  private constructor(
    private readonly data: Record<string, unknown>,
    private readonly fromQuery: boolean,
  ) {}

  static async of(request: {
    method: string;
    url: URL;
    body: (maxBytes: number) => Promise<Buffer>;
  }): Promise<Params> {
    const url = request.url;
    const query: Record<string, unknown> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length > 1 ? all : all[0];
    }
    if (request.method === "GET" || request.method === "HEAD")
      return new Params(query, true);
    const text = (await request.body(MAX_BODY)).toString("utf8");
    // Measured without recursion before parsing: deeply nested values overflowed the stack later on.
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
      throw new MlflowError(
        "INVALID_PARAMETER_VALUE",
        `Malformed request body: it nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
      );
    let body: unknown = {};
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        throw new MlflowError(
          "INVALID_PARAMETER_VALUE",
          "Malformed request body: it is not valid JSON",
        );
      }
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new MlflowError(
        "INVALID_PARAMETER_VALUE",
        "The request body must be a JSON object",
      );
    // DELETE: the body wins; parameters sent in the query string (as some clients do) fill the rest.
    return request.method === "DELETE"
      ? new Params({ ...query, ...(body as Record<string, unknown>) }, false)
      : new Params(body as Record<string, unknown>, false);
  }

  has(name: string): boolean {
    return this.data[name] !== undefined && this.data[name] !== null;
  }

  /** A string parameter; `required` answers MLflow's "Missing value for required parameter". */
  str(name: string, required: true): string;
  str(name: string, required?: false): string | undefined;
  str(name: string, required = false): string | undefined {
    let v = this.data[name];
    if (Array.isArray(v) && this.fromQuery) v = v[0];
    if (v === undefined || v === null || (required && v === "")) {
      if (required) throw missing(name);
      return undefined;
    }
    if (typeof v !== "string") throw invalidType(name, v, "a string");
    return v;
  }

  list(name: string): string[] {
    const v = this.data[name];
    if (v === undefined || v === null) return [];
    const items = Array.isArray(v) ? v : [v];
    for (const item of items)
      if (typeof item !== "string")
        throw invalidType(name, item, "a list of strings");
    return items as string[];
  }

  bool(name: string): boolean | undefined {
    const v = this.data[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean" && !this.fromQuery) return v;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidType(name, v, "a boolean (true or false)");
  }

  int(name: string): number | undefined {
    const v = this.data[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n =
      typeof v === "number"
        ? v
        : typeof v === "string" && /^-?\d+$/.test(v.trim())
          ? Number(v)
          : NaN;
    if (!Number.isSafeInteger(n)) throw invalidType(name, v, "an integer");
    return n;
  }

  /** `tags: [{key, value}]`. */
  tags(name = "tags"): { key: string; value: string }[] {
    const v = this.data[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw invalidType(name, v, "a list of {key, value}");
    return v.map((t) => {
      if (
        typeof t !== "object" ||
        t === null ||
        typeof (t as { key?: unknown }).key !== "string"
      )
        throw invalidType(name, t, "a list of {key, value}");
      const value = (t as { value?: unknown }).value;
      if (value !== undefined && value !== null && typeof value !== "string")
        throw invalidType(`${name}.value`, value, "a string");
      return {
        key: (t as { key: string }).key,
        value: (value as string | undefined) ?? "",
      };
    });
  }
}

function invalidType(
  name: string,
  value: unknown,
  expected: string,
): MlflowError {
  const shown =
    typeof value === "string"
      ? `'${value.slice(0, 100)}'`
      : JSON.stringify(value)?.slice(0, 100);
  return new MlflowError(
    "INVALID_PARAMETER_VALUE",
    `Invalid value ${shown} for parameter '${name}' supplied: expected ${expected}. See the API docs for more information about request parameters.`,
  );
}
