// Placeholders shown while a page (loading.tsx) or one of its widgets (<Suspense fallback>) streams
// in. They use the cards, headings and spacing of what they stand for, so nothing moves when the
// content arrives, and each is a busy status region that names what is loading.
import clsx from "clsx";
import type { ReactNode } from "react";
import { Card } from "./card";

/** A grey bar standing for a line of text, a figure or a chart. */
export function Bar({ className }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={clsx(
        "animate-pulse rounded bg-border/70 motion-reduce:animate-none",
        className ?? "h-4 w-full",
      )}
    />
  );
}

/** The busy region: screen readers hear "Loading <what>…", the bars inside are hidden from them. */
export function Busy({
  what,
  className,
  children,
}: {
  what: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div role="status" aria-busy="true" className={className}>
      <span className="sr-only">Loading {what}…</span>
      {children}
    </div>
  );
}

/** A section card while it loads: its title as the loaded card shows it, then `lines` bars. */
export function CardSkeleton({
  title,
  lines = 3,
  className,
}: {
  title: string;
  lines?: number;
  className?: string;
}) {
  return (
    <Busy what={title.toLowerCase()} className={className}>
      <Card>
        <p aria-hidden="true" className="mb-2 text-sm font-semibold">
          {title}
        </p>
        <Lines count={lines} />
      </Card>
    </Busy>
  );
}

/** A whole page while it loads (loading.tsx): its title and a line for its description, laid out
 *  as PageHeader does with `actions` buttons beside them, then the page's body. */
export function PageSkeleton({
  title,
  actions = 0,
  children,
}: {
  title: string;
  actions?: number;
  children: ReactNode;
}) {
  return (
    <Busy what={title.toLowerCase()}>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="w-full max-w-md">
          <p
            aria-hidden="true"
            className="text-xl font-semibold tracking-tight"
          >
            {title}
          </p>
          <Bar className="mt-2 h-4 w-full" />
        </div>
        {actions > 0 ? (
          <div className="flex gap-2">
            {Array.from({ length: actions }, (_, i) => (
              <Bar key={i} className="h-8 w-28" />
            ))}
          </div>
        ) : null}
      </div>
      {children}
    </Busy>
  );
}

/** `count` lines of text, the last one shorter, as a paragraph or list would wrap. */
export function Lines({ count }: { count: number }) {
  return (
    <div className="space-y-2">
      {Array.from({ length: count }, (_, i) => (
        <Bar
          key={i}
          className={clsx(
            "h-4",
            i === count - 1 && count > 1 ? "w-2/3" : "w-full",
          )}
        />
      ))}
    </div>
  );
}

/** A table card while it loads: a header row and `rows` rows of bars. */
export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Card className="space-y-3">
      <Bar className="h-3 w-1/2" />
      {Array.from({ length: rows }, (_, i) => (
        <Bar key={i} className="h-5 w-full" />
      ))}
    </Card>
  );
}

/** A chart card while it loads: its title line and the chart's fixed-height area (ChartCard's). */
export function ChartSkeleton({ height = 260 }: { height?: number }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-4">
      <Bar className="mb-2 h-4 w-1/2" />
      <div style={{ height }}>
        <Bar className="h-full w-full" />
      </div>
    </div>
  );
}
