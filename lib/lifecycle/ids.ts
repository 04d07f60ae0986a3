import { DomainError } from "@/lib/errors";

export function parseRequestId(id: string): number {
  if (!/^\d{1,12}$/.test(id) || Number(id) < 1) throw new DomainError("invalid", `Request id must be a positive whole number, got '${id}'`, { fields: { id: ["Not a request id"] } });
  return Number(id);
}
