// The range a monitoring read (a deployment's series, its drift report) is asked for by name.
import "server-only";
import { DomainError } from "@/lib/errors";
import { RANGES, type Range } from "./series";

/** The range named in a request; 400 on `range`, listing the ranges there are, otherwise. */
export function parseRange(range: string): Range {
  if (!(range in RANGES))
    throw new DomainError(
      "invalid",
      `range must be one of ${Object.keys(RANGES).join(", ")}`,
      { fields: { range: ["Unknown range"] } },
    );
  return range as Range;
}
