"use client";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ROLE_LABELS } from "@/lib/format";
import { ROLES } from "@/lib/roles";
import { changeRoleAction, setActiveAction } from "./actions";

export function UserRowActions({
  id,
  email,
  role,
  active,
  isSelf,
}: {
  id: string;
  email: string;
  role: string;
  active: boolean;
  isSelf: boolean;
}) {
  const [pending, start] = useTransition();
  return (
    <div className="flex items-center justify-end gap-2">
      <label className="sr-only" htmlFor={`role-${id}`}>
        Role of {email}
      </label>
      <select
        id={`role-${id}`}
        className={`${inputClass} w-40`}
        defaultValue={role}
        disabled={pending || isSelf}
        onChange={(e) => {
          const next = e.target.value;
          start(async () => {
            const result = await changeRoleAction(id, next);
            if (result.ok)
              toast.success(
                `${email} is now ${ROLE_LABELS[next as keyof typeof ROLE_LABELS]}`,
              );
            else {
              toast.error(result.error);
              e.target.value = role;
            }
          });
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      {isSelf ? null : (
        <Button
          variant={active ? "danger" : "secondary"}
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await setActiveAction(id, !active);
              if (result.ok)
                toast.success(
                  `${email} ${active ? "deactivated" : "reactivated"}`,
                );
              else toast.error(result.error);
            })
          }
        >
          {active ? "Deactivate" : "Reactivate"}
        </Button>
      )}
    </div>
  );
}
