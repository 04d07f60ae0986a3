import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** The list's choices: each a select named as its URL parameter, with its default. */
const SELECTS = [
  {
    name: "stage",
    label: "Stage",
    fallback: "",
    options: [
      ["", "Any"],
      ["production", "Has production"],
      ["staging", "Has staging"],
      ["no_production", "No production"],
      ["no_versions", "No versions"],
    ],
  },
  {
    name: "status",
    label: "Status",
    fallback: "",
    options: [
      ["", "Any"],
      ["active", "Active"],
      ["deprecated", "Deprecated"],
      ["retired", "Retired"],
    ],
  },
  {
    name: "sort",
    label: "Sort",
    fallback: "name",
    options: [
      ["name", "Name A–Z"],
      ["-name", "Name Z–A"],
      ["-updated", "Recently updated"],
      ["updated", "Least recently updated"],
    ],
  },
  {
    name: "limit",
    label: "Per page",
    fallback: "50",
    options: ["10", "25", "50", "100", "200"].map((n) => [n, n]),
  },
] as const satisfies readonly {
  name: string;
  label: string;
  fallback: string;
  options: readonly (readonly [string, string])[];
}[];

/** A plain GET form: every filter lives in the URL, so a filtered list can be shared as a link. */
export function ModelFilters({ values }: { values: Record<string, string> }) {
  return (
    <form
      method="get"
      action="/models"
      role="search"
      className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-2 lg:grid-cols-[1.6fr_1.3fr_1fr_1fr_minmax(12.5rem,1.4fr)_auto_auto] lg:items-end"
    >
      <TextFilter
        label="Name"
        name="q"
        values={values}
        placeholder="Search names"
      />
      <TextFilter
        label="Tag"
        name="tag"
        values={values}
        placeholder="team=risk"
      />
      {SELECTS.map((f) => (
        <Filter key={f.name} label={f.label} htmlFor={`f-${f.name}`}>
          <select
            id={`f-${f.name}`}
            name={f.name}
            defaultValue={values[f.name] ?? f.fallback}
            className={inputClass}
          >
            {f.options.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Filter>
      ))}
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

function TextFilter({
  label,
  name,
  values,
  placeholder,
}: {
  label: string;
  name: string;
  values: Record<string, string>;
  placeholder: string;
}) {
  return (
    <Filter label={label} htmlFor={`f-${name}`}>
      <input
        id={`f-${name}`}
        name={name}
        defaultValue={values[name]}
        placeholder={placeholder}
        className={inputClass}
      />
    </Filter>
  );
}
