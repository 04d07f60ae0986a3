// The demo accounts created on first start (README lists them; e2e tests sign in with them).
import type { Role } from "../lib/roles";

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; password: string }[] = [
  { email: "admin@stageline.local", name: "Ada Admin", role: "admin", password: "admin-demo-pass" },
  { email: "scientist@stageline.local", name: "Dana Scientist", role: "data_scientist", password: "scientist-demo-pass" },
  { email: "reviewer@stageline.local", name: "Riley Reviewer", role: "reviewer", password: "reviewer-demo-pass" },
  { email: "reviewer2@stageline.local", name: "Robin Reviewer", role: "reviewer", password: "reviewer2-demo-pass" },
  { email: "manager@stageline.local", name: "Morgan Manager", role: "manager", password: "manager-demo-pass" },
];
