// The demo accounts created on first start (README lists them; e2e tests sign in with them). The
// list is JSON so the start script (plain JavaScript) can check for them too.
import type { Role } from "@/lib/roles";
import accounts from "./accounts.json";

export const DEMO_ACCOUNTS: {
  email: string;
  name: string;
  role: Role;
  password: string;
}[] = accounts.map((a) => ({
  ...a,
  role: a.role as Role,
}));
