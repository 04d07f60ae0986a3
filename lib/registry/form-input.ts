// Turning browser form fields into service inputs: "key=value" lines into objects, numbers into numbers.
import { DomainError } from "@/lib/errors";

/** Parses one `key=value` per line (blank lines ignored); a line without '=' is an error naming the field. */
export function keyValueLines(
  text: string | undefined,
  field: string,
): Record<string, string> | undefined {
  if (!text?.trim()) return undefined;
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const at = line.indexOf("=");
    if (at <= 0)
      throw new DomainError(
        "invalid",
        `Line ${i + 1} of ${field} must look like key=value`,
        { fields: { [field]: [`Line ${i + 1} must look like key=value`] } },
      );
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return out;
}

/** Like keyValueLines, but every value must be a finite number. */
export function metricLines(
  text: string | undefined,
  field: string,
): Record<string, number> | undefined {
  const raw = keyValueLines(text, field);
  if (!raw) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    const n = Number(v);
    if (v === "" || !Number.isFinite(n))
      throw new DomainError("invalid", `${field}: '${k}' must be a number`, {
        fields: { [field]: [`'${k}' must be a number`] },
      });
    out[k] = n;
  }
  return out;
}
