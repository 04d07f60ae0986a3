import { authed } from "@/lib/http/route";
import { revokeModelPermission } from "@/lib/registry/model-permissions";

type P = { name: string; user: string };

export const DELETE = authed<P>(async (_req, actor, { name, user }) => {
  revokeModelPermission(actor, name, user);
  return new Response(null, { status: 204 });
});
