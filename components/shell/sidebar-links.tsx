"use client";
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ReviewsCount } from "./live-counts";

export function SidebarLinks({
  items,
}: {
  items: { href: string; label: string }[];
}) {
  const pathname = usePathname();
  return (
    // On a phone the links wrap onto a second row rather than scroll: none is cut at the edge.
    <ul className="flex flex-wrap gap-1 md:flex-col">
      {items.map((item) => {
        const active =
          item.href === "/"
            ? pathname === "/"
            : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={clsx(
                "flex items-center gap-2 rounded-md px-3 py-1.5 text-sm whitespace-nowrap",
                active
                  ? "bg-accent/10 font-medium text-accent"
                  : "text-foreground hover:bg-background",
              )}
            >
              {item.label}
              {item.href === "/reviews" ? <ReviewsCount /> : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
