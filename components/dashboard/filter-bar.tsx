"use client";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";

type Props = {
  teams: string[];
  team: string | null;
  task: string | null;
  from: string;
  to: string;
};

/**
 * The dashboard's filters live in the URL, so a filtered dashboard can be shared as a link. Each
 * change navigates at once; without JavaScript the form still works with its Apply button.
 */
export function FilterBar({ teams, team, task, from, to }: Props) {
  const router = useRouter();
  const path = usePathname();
  const [pending, start] = useTransition();
  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries())
      if (typeof v === "string" && v) params.set(k, v);
    start(() =>
      router.replace(`${path}?${params.toString()}`, { scroll: false }),
    );
  };
  const select =
    "mt-1 block rounded-md border border-border bg-surface px-2 py-1 text-sm";
  return (
    <form
      method="get"
      aria-label="Dashboard filters"
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-border bg-surface p-3"
      onChange={(e) => apply(e.currentTarget)}
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
      aria-busy={pending}
    >
      <label className="text-xs font-medium">
        Team
        <select name="team" defaultValue={team ?? ""} className={select}>
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium">
        Task
        <select name="task" defaultValue={task ?? ""} className={select}>
          <option value="">All tasks</option>
          <option value="classification">classification</option>
          <option value="regression">regression</option>
          <option value="other">other</option>
        </select>
      </label>
      <label className="text-xs font-medium">
        From
        <input type="date" name="from" defaultValue={from} className={select} />
      </label>
      <label className="text-xs font-medium">
        To
        <input type="date" name="to" defaultValue={to} className={select} />
      </label>
      <noscript>
        <button
          type="submit"
          className="rounded-md border border-border px-2 py-1 text-sm"
        >
          Apply
        </button>
      </noscript>
      {pending ? <span className="text-xs text-muted">Updating…</span> : null}
    </form>
  );
}
