"use client";
// The one search box of the shell: a button in the sidebar, and `/` or Ctrl-K (⌘K) from anywhere
// but a text field, open a dialog whose combobox lists models, versions, runs and people as you
// type. Arrow keys move through the answers, Enter opens one, Escape closes the dialog and gives
// focus back to where it was (the native <dialog> does both).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ROLE_LABELS, STAGE_LABELS } from "@/lib/format";
import { searchQuery } from "@/lib/queries/options";
import { modelHref, versionHref } from "@/lib/registry/paths";
import type { SearchResults } from "@/lib/search/search";

type Option = { key: string; href: string; label: string; detail: string };

function optionsOf(data: SearchResults | undefined) {
  if (!data) return [];
  const groups: { name: string; options: Option[] }[] = [
    {
      name: "Models",
      options: data.models.map((m) => ({
        key: `m:${m.name}`,
        href: modelHref(m.name),
        label: m.name,
        detail: m.description,
      })),
    },
    {
      name: "Versions",
      options: data.versions.map((v) => ({
        key: `v:${v.model}:${v.version}`,
        href: versionHref(v.model, v.version),
        label: `${v.model} v${v.version}`,
        detail: [STAGE_LABELS[v.stage], v.description]
          .filter(Boolean)
          .join(" · "),
      })),
    },
    {
      name: "Runs",
      options: data.runs.map((r) => ({
        key: `r:${r.run_id}:${r.model}:${r.version}`,
        href: versionHref(r.model, r.version),
        label: r.run_id,
        detail: `registered as ${r.model} v${r.version}`,
      })),
    },
    {
      name: "People",
      options: data.people.map((p) => ({
        key: `p:${p.email}`,
        href: `/models?owner=${encodeURIComponent(p.email)}`,
        label: p.name,
        detail: [
          p.role ? ROLE_LABELS[p.role] : null,
          p.email,
          "models they own",
        ]
          .filter(Boolean)
          .join(" · "),
      })),
    },
  ];
  return groups.filter((g) => g.options.length > 0);
}

/** True when the key press is typing into something (so `/` is a character, not a shortcut). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function SearchBox() {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const id = useId();

  // Asks once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);

  const { data, isFetching, error } = useQuery({
    ...searchQuery(q),
    placeholderData: keepPreviousData,
  });
  const groups = useMemo(() => (q ? optionsOf(data) : []), [data, q]);
  const flat = groups.flatMap((g) => g.options);
  const current = flat[Math.min(active, flat.length - 1)];

  function open() {
    const d = dialog.current;
    if (!d || d.open) return;
    d.showModal();
    input.current?.select();
  }

  function go(option: Option | undefined) {
    if (!option) return;
    dialog.current?.close();
    router.push(option.href);
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const ctrlK = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k";
      const slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey;
      if (ctrlK || (slash && !typing(e.target))) {
        e.preventDefault();
        open();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function onInputKey(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (flat.length === 0) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive(
        (i) =>
          (Math.min(i, flat.length - 1) + step + flat.length) % flat.length,
      );
    } else if (e.key === "Enter") {
      e.preventDefault();
      go(current);
    }
  }

  const status = !q
    ? "Type a model, a version (penguins 3), a run id or a person."
    : error
      ? `Search failed: ${error.message}`
      : flat.length === 0
        ? isFetching
          ? "Searching…"
          : `Nothing matches “${q}”.`
        : `${flat.length} ${flat.length === 1 ? "answer" : "answers"}`;
  const optionId = (o: Option) => `${id}-${o.key}`;

  return (
    <>
      <button
        type="button"
        onClick={open}
        aria-keyshortcuts="/ Control+K"
        className="flex w-full items-center justify-between gap-2 rounded-md border border-border bg-background px-3 py-1.5 text-sm text-muted hover:border-accent"
      >
        <span>Search</span>
        <kbd className="rounded border border-border px-1 font-mono text-xs">
          /
        </kbd>
      </button>
      <dialog
        ref={dialog}
        aria-label="Search"
        className="m-auto mt-[10vh] w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-border bg-surface p-0 text-foreground shadow-xl backdrop:bg-black/30"
        onClick={(e) => {
          // A click on the backdrop (the dialog element itself, outside its content) closes it.
          if (e.target === dialog.current) dialog.current.close();
        }}
      >
        <div className="border-b border-border p-3">
          <input
            ref={input}
            // Not type="search": its Escape clears the text instead of closing the dialog.
            type="text"
            role="combobox"
            aria-label="Search models, versions, runs and people"
            aria-expanded={flat.length > 0}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={current ? optionId(current) : undefined}
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
            }}
            onKeyDown={onInputKey}
            placeholder="Search…"
            className="w-full rounded-md border border-border bg-background px-3 py-2 text-sm focus:outline-2 focus:outline-accent"
          />
        </div>
        <p role="status" className="px-4 pt-2 text-xs text-muted">
          {status}
        </p>
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label="Answers"
          className="max-h-[60vh] overflow-y-auto p-2"
        >
          {groups.map((g) => (
            <div key={g.name} role="group" aria-labelledby={`${id}-${g.name}`}>
              <p
                id={`${id}-${g.name}`}
                className="px-2 pt-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase"
              >
                {g.name}
              </p>
              {g.options.map((o) => (
                <div
                  key={o.key}
                  id={optionId(o)}
                  role="option"
                  aria-selected={o === current}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => go(o)}
                  onMouseMove={() => setActive(flat.indexOf(o))}
                  className={clsx(
                    "cursor-pointer rounded-md px-2 py-1.5 text-sm",
                    o === current && "bg-accent/10 text-accent",
                  )}
                >
                  <span className="block font-medium break-all">{o.label}</span>
                  {o.detail ? (
                    <span className="block truncate text-xs text-muted">
                      {o.detail}
                    </span>
                  ) : null}
                </div>
              ))}
            </div>
          ))}
        </div>
        <p className="border-t border-border px-4 py-2 text-xs text-muted">
          <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open,{" "}
          <kbd>Esc</kbd> to close
        </p>
      </dialog>
    </>
  );
}
