import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** A plain GET form: every filter lives in the URL, so a filtered list can be shared as a link. */
export function ModelFilters({ values }: { values: Record<string, string> }) {
  return (
    <form
      method="get"
      action="/models"
      role="search"
      className="mb-4 grid gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_1fr_1fr_auto_auto] lg:items-end"
    >
      <Filter label="Name" htmlFor="f-q">
        <input
          id="f-q"
          name="q"
          defaultValue={values.q}
          placeholder="Search names"
          className={inputClass}
        />
      </Filter>
      <Filter label="Tag" htmlFor="f-tag">
        <input
          id="f-tag"
          name="tag"
          defaultValue={values.tag}
          placeholder="team=risk"
          className={inputClass}
        />
      </Filter>
      <Filter label="Stage" htmlFor="f-stage">
        <select
          id="f-stage"
          name="stage"
          defaultValue={values.stage ?? ""}
          className={inputClass}
        >
          <option value="">Any</option>
          <option value="production">Has production</option>
          <option value="staging">Has staging</option>
          <option value="no_production">No production</option>
          <option value="no_versions">No versions</option>
        </select>
      </Filter>
      <Filter label="Status" htmlFor="f-status">
        <select
          id="f-status"
          name="status"
          defaultValue={values.status ?? ""}
          className={inputClass}
        >
          <option value="">Any</option>
          <option value="active">Active</option>
          <option value="deprecated">Deprecated</option>
          <option value="retired">Retired</option>
        </select>
      </Filter>
      <Filter label="Sort" htmlFor="f-sort">
        <select
          id="f-sort"
          name="sort"
          defaultValue={values.sort ?? "name"}
          className={inputClass}
        >
          <option value="name">Name A–Z</option>
          <option value="-name">Name Z–A</option>
          <option value="-updated">Recently updated</option>
          <option value="updated">Least recently updated</option>
        </select>
      </Filter>
      <Filter label="Per page" htmlFor="f-limit">
        <select
          id="f-limit"
          name="limit"
          defaultValue={values.limit ?? "50"}
          className={inputClass}
        >
          {["10", "25", "50", "100", "200"].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Filter>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply
        </button>
        <Link href="/models" className={buttonClass("ghost")}>
          Reset
        </Link>
      </div>
    </form>
  );
}

function Filter({
  label,
  htmlFor,
  children,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-muted">
        {label}
      </label>
      {children}
    </div>
  );
}
