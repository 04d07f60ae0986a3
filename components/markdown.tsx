// The one Markdown renderer (descriptions, comments, the model card): GitHub-flavoured Markdown, as
// ML teams write it in MLflow and W&B, rendered safely.
import type { ComponentProps } from "react";
import ReactMarkdown, {
  defaultUrlTransform,
  type Components,
  type ExtraProps,
} from "react-markdown";
import remarkGfm from "remark-gfm";

type HastElement = NonNullable<ExtraProps["node"]>;
type HastChild = HastElement["children"][number];

/**
 * Markdown rendered safely: raw HTML is never interpreted (react-markdown without rehype-raw shows
 * it as text), and links and images with a protocol other than http(s), mailto, irc or xmpp lose
 * their address (`defaultUrlTransform`), so `javascript:` links render as plain text.
 */
export function Markdown({
  text,
  className,
}: {
  text: string;
  className?: string;
}) {
  return (
    <div
      className={`max-w-none space-y-2 text-sm break-words [&_a]:text-accent [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-border [&_blockquote]:pl-3 [&_blockquote]:text-muted [&_code]:rounded [&_code]:bg-background [&_code]:px-1 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-medium [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-background [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ul.contains-task-list]:list-none [&_ul.contains-task-list]:pl-1 ${className ?? ""}`}
    >
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[labelTaskCheckboxes]}
        urlTransform={defaultUrlTransform}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}

const components: Components = {
  a: Link,
  // A wide table scrolls inside its own box, never the page (390 px); focusable so a keyboard
  // user can scroll it too.
  table: ({ node: _node, ...props }) => (
    <div
      tabIndex={0}
      className="w-fit max-w-full overflow-x-auto rounded border border-border"
      data-md-table=""
    >
      <table className="border-collapse text-sm" {...props} />
    </div>
  ),
  th: ({ node: _node, ...props }) => (
    <th
      scope="col"
      className="border-b border-border bg-background px-3 py-1 text-left font-semibold whitespace-nowrap"
      {...props}
    />
  ),
  td: ({ node: _node, ...props }) => (
    <td
      className="border-t border-border px-3 py-1 align-top tabular-nums"
      {...props}
    />
  ),
  img: ({ node: _node, src, alt, ...props }) =>
    // An image whose address was unsafe has none left: show its alt text rather than a broken box.
    src ? (
      // eslint-disable-next-line @next/next/no-img-element -- user content from any host, no optimisation
      <img
        src={src}
        alt={alt ?? ""}
        loading="lazy"
        referrerPolicy="no-referrer"
        className="inline max-w-full"
        {...props}
      />
    ) : (
      <span>{alt}</span>
    ),
  // GFM's read-only checkbox is disabled, which browsers draw too faint to read a checklist by: the
  // real input stays for assistive technology, and a drawn box with a tick shows its state.
  input: ({ node: _node, ...props }) => (
    <span className="relative mr-1.5 inline-flex align-[-0.2em]">
      <input {...props} className="peer absolute inset-0 opacity-0" />
      <span
        aria-hidden="true"
        className="inline-flex size-4 items-center justify-center rounded border border-muted text-xs leading-none text-accent-foreground [print-color-adjust:exact] peer-checked:border-accent peer-checked:bg-accent"
      >
        {props.checked ? "✓" : null}
      </span>
    </span>
  ),
};

function Link({
  node,
  href,
  children,
  ...props
}: ComponentProps<"a"> & ExtraProps) {
  // defaultUrlTransform empties an unsafe address; a link to "" would reload the page, so keep
  // only its text.
  if (!href) return <span>{children}</span>;
  const external = /^([a-z][a-z\d+.-]*:|\/\/)/i.test(href);
  if (!external)
    return (
      <a href={href} {...props}>
        {children}
      </a>
    );
  // Printed, a link shows where it goes unless its text already is the address (autolinks).
  const label = node ? textOf(node.children) : "";
  const printed =
    label === href || `mailto:${label}` === href ? undefined : href;
  return (
    <a
      href={href}
      rel="noopener noreferrer nofollow"
      data-print-href={printed}
      {...props}
    >
      {children}
    </a>
  );
}

/** Gives each task-list checkbox its item's text as accessible name ("checkbox, checked: done"). */
function labelTaskCheckboxes() {
  return (tree: { children: HastChild[] }) => visit(tree.children);
}

function visit(nodes: HastChild[]) {
  for (const n of nodes) {
    if (n.type !== "element") continue;
    const box = n.tagName === "li" ? checkboxOf(n) : undefined;
    if (box)
      box.properties["ariaLabel"] =
        textOf(n.children.filter((c) => !isList(c))).trim() || "Task";
    visit(n.children);
  }
}

/** The checkbox of a task item: first in the item, or first in its paragraph when the list is loose. */
function checkboxOf(li: HastElement): HastElement | undefined {
  const first = li.children.find((c) => c.type === "element");
  const inner =
    first?.type === "element" && first.tagName === "p"
      ? first.children.find((c) => c.type === "element")
      : first;
  return inner?.type === "element" &&
    inner.tagName === "input" &&
    inner.properties["type"] === "checkbox"
    ? inner
    : undefined;
}

function isList(n: HastChild): boolean {
  return n.type === "element" && (n.tagName === "ul" || n.tagName === "ol");
}

function textOf(nodes: HastChild[]): string {
  return nodes
    .map((n) =>
      n.type === "text"
        ? n.value
        : n.type === "element"
          ? textOf(n.children)
          : "",
    )
    .join("");
}
