// Role names as plain values, importable from client components without pulling in Drizzle.
export const ROLES = [
  "admin",
  "data_scientist",
  "reviewer",
  "manager",
] as const;
export type Role = (typeof ROLES)[number];
