import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, ROLE_LABELS } from "@/lib/format";
import { listUsers } from "@/lib/users/users";
import { CreateUserForm } from "./create-user-form";
import { UserRowActions } from "./user-row-actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePagePermission("users.manage");
  const users = listUsers(actor);
  return (
    <>
      <PageHeader
        title="Users"
        description="Each account has one role. Deactivated users cannot sign in or use their tokens; their history stays."
      />
      <Card className="mb-6">
        <h2 className="mb-3 text-sm font-semibold">New user</h2>
        <CreateUserForm />
      </Card>
      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="border-b border-border text-xs text-muted">
            <tr>
              <th className="px-3 py-2 font-medium">User</th>
              <th className="px-3 py-2 font-medium">Role</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Created</th>
              <th className="px-3 py-2 text-right font-medium">Change</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr
                key={u.id}
                className="border-b border-border last:border-0"
                data-testid={`user-row-${u.email}`}
              >
                <td className="px-3 py-2">
                  <p className="font-medium">{u.name}</p>
                  <p className="text-xs text-muted">{u.email}</p>
                </td>
                <td className="px-3 py-2">{ROLE_LABELS[u.role]}</td>
                <td className="px-3 py-2">
                  {u.deactivatedAt ? (
                    <Badge tone="danger">Deactivated</Badge>
                  ) : (
                    <Badge tone="success">Active</Badge>
                  )}
                </td>
                <td className="px-3 py-2">{formatDate(u.createdAt)}</td>
                <td className="px-3 py-2">
                  <UserRowActions
                    id={u.id}
                    email={u.email}
                    role={u.role}
                    active={!u.deactivatedAt}
                    isSelf={u.id === actor.id}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
