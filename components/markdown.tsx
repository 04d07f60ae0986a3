import ReactMarkdown from "react-markdown";

/** Markdown rendered safely: raw HTML is never interpreted (react-markdown without rehype-raw) and unsafe link protocols are removed. */
export function Markdown({
  text,
  className,
}: {
  text: string;
  className?: string;
}) {
  return (
    <div
      className={`prose-sm max-w-none space-y-2 text-sm [&_a]:text-accent [&_a]:underline [&_code]:rounded [&_code]:bg-background [&_code]:px-1 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5 ${className ?? ""}`}
    >
      <ReactMarkdown>{text}</ReactMarkdown>
    </div>
  );
}
