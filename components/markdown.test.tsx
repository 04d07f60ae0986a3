// The one Markdown renderer, rendered as the server renders it: GFM works, and nothing unsafe does.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe("Markdown", () => {
  it("renders a GFM table as a table with header cells and aligned numbers, not as pipes", () => {
    const out = html(
      "Version 3:\n\n| metric | value |\n| --- | ---: |\n| auc | 0.9100 |\n| f1 | 0.8000 |",
    );
    expect(out).toContain("<table");
    expect(out).toMatch(/<th scope="col"[^>]*>metric<\/th>/);
    expect(out).toMatch(/<td[^>]*text-align:right[^>]*>0.9100<\/td>/);
    expect(out).not.toContain("| metric");
    expect(out).not.toContain("---");
    // The table scrolls inside its own box at 390 px, reachable by keyboard.
    expect(out).toMatch(/<div tabindex="0" class="[^"]*overflow-x-auto/);
  });

  it("renders task lists as read-only checkboxes named by their item, and strikethrough", () => {
    const out = html("- [x] done\n- [ ] next\n\n~~old~~ new");
    const boxes = out.match(/<input [^>]*>/g) ?? [];
    expect(boxes).toHaveLength(2);
    expect(boxes[0]).toMatch(/type="checkbox"/);
    expect(boxes[0]).toMatch(/disabled=""/);
    expect(boxes[0]).toMatch(/aria-label="done"/);
    expect(boxes[0]).toMatch(/checked=""/);
    expect(boxes[1]).toMatch(/aria-label="next"/);
    expect(boxes[1]).not.toMatch(/checked/);
    expect(out).toContain("<del>old</del>");
    // A loose list puts the checkbox inside a paragraph; it is named all the same.
    expect(html("- [x] trained\n\n- [ ] reviewed")).toMatch(
      /<p><span[^>]*><input [^>]*aria-label="trained"/,
    );
  });

  it("links autolinks and marks external links noopener noreferrer nofollow", () => {
    const out = html("See https://example.org/a and [docs](/docs/guide).");
    expect(out).toContain(
      '<a href="https://example.org/a" rel="noopener noreferrer nofollow">https://example.org/a</a>',
    );
    expect(out).toContain('<a href="/docs/guide">docs</a>');
  });

  it("shows raw HTML as text and drops javascript: and data: addresses", () => {
    const out = html(
      "<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) ![z](data:text/html,<b>)",
    );
    // Only as escaped text: no element, no attribute, no address is left of them.
    expect(out).not.toMatch(/<script|<img|<a\s|javascript:|data:/i);
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(out).toContain("<span>x</span>");
  });
});
