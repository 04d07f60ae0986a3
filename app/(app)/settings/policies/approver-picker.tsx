import type { Role } from "@/db/schema";
import { ROLE_LABELS } from "@/lib/format";
import type { ApproverChoice } from "@/lib/lifecycle/policy-choices";

type Row = Omit<ApproverChoice, "role"> & { role: Role | null };

/**
 * The people a policy may name as its only approvers, ticked by name (with e-mail and role, as
 * two people can share a name). Someone the policy names who can no longer review stays listed,
 * marked, so an admin sees it and can untick them.
 */
export function ApproverPicker({
  id,
  people,
  selected,
  errors,
}: {
  id: string;
  people: ApproverChoice[];
  selected: string[];
  errors?: string[];
}) {
  const shown: Row[] = [
    ...people.filter((p) => p.eligible || selected.includes(p.id)),
    // An id no account has any more: shown so saving does not keep it unseen.
    ...selected
      .filter((s) => !people.some((p) => p.id === s))
      .map((s) => ({
        id: s,
        name: "Unknown account",
        email: s,
        role: null,
        eligible: false,
      })),
  ];
  const hintId = `${id}-approvers-hint`;
  const errorId = `${id}-approvers-error`;
  return (
    <fieldset
      className="space-y-1"
      aria-describedby={errors?.length ? `${errorId} ${hintId}` : hintId}
    >
      <legend className="text-sm font-medium">
        Only these approvers (optional)
      </legend>
      <p id={hintId} className="text-xs text-muted">
        None ticked: any reviewer or admin.
      </p>
      {shown.length === 0 ? (
        <p className="text-xs text-muted">No reviewers or admins yet.</p>
      ) : (
        // A long staff list scrolls inside the form instead of stretching the card.
        <ul className="max-h-48 space-y-0.5 overflow-y-auto rounded-md border border-border p-1">
          {shown.map((p) => (
            <li key={p.id}>
              <label className="flex items-start gap-2 rounded px-1.5 py-1 text-sm hover:bg-background">
                <input
                  type="checkbox"
                  name="approver_ids"
                  value={p.id}
                  defaultChecked={selected.includes(p.id)}
                  className="mt-1"
                />
                <span className="min-w-0">
                  <span className="font-medium">{p.name}</span>{" "}
                  <span className="text-xs text-muted">
                    {p.role ? ROLE_LABELS[p.role] : ""}
                  </span>
                  <span className="block text-xs break-all text-muted">
                    {p.email}
                  </span>
                  {p.eligible ? null : (
                    <span className="block text-xs text-danger">
                      Cannot review (deactivated or another role): untick to
                      save
                    </span>
                  )}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {errors?.length ? (
        <p id={errorId} className="text-xs text-danger">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
