// MLflow search filters, parsed for real: a tokenizer and a small grammar (clauses joined by AND),
// turned into the registry's search criteria by search.ts. Anything it does not understand (OR,
// unknown keys or comparators, unbalanced quotes) is INVALID_PARAMETER_VALUE naming the problem.
import { MlflowError } from "./errors";

export type Comparator =
  "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";
export type Clause = {
  kind: "attribute" | "tag";
  key: string;
  comparator: Comparator;
  value: string | number | string[];
};

type Token = {
  type:
    | "ident"
    | "quoted_ident"
    | "string"
    | "number"
    | "op"
    | "lparen"
    | "rparen"
    | "comma"
    | "word";
  text: string;
};

const bad = (message: string) =>
  new MlflowError("INVALID_PARAMETER_VALUE", message);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= input.length)
          throw bad(
            `Invalid filter string '${input}': unbalanced quote ${c} at position ${i}`,
          );
        if (input[j] === c) {
          if (c !== "`" && input[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += input[j];
        j++;
      }
      tokens.push({ type: c === "'" ? "string" : "quoted_ident", text });
      // A double-quoted token is an identifier in a key position and a string in a value position; the parser decides.
      if (c === '"') (tokens.at(-1) as Token).type = "quoted_ident";
      i = j + 1;
      continue;
    }
    if (c === "(") tokens.push({ type: "lparen", text: c });
    else if (c === ")") tokens.push({ type: "rparen", text: c });
    else if (c === ",") tokens.push({ type: "comma", text: c });
    else if (c === ".") tokens.push({ type: "op", text: "." });
    else if ("=!<>".includes(c)) {
      const two = input.slice(i, i + 2);
      const op = ["!=", "<=", ">=", "=="].includes(two) ? two : c;
      if (op === "!")
        throw bad(`Invalid filter string '${input}': unexpected '!'`);
      tokens.push({ type: "op", text: op === "==" ? "=" : op });
      i += op.length;
      continue;
    } else if (/[0-9-]/.test(c) && /^-?\d/.test(input.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i)) as RegExpExecArray;
      tokens.push({ type: "number", text: m[0] });
      i += m[0].length;
      continue;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(
        input.slice(i),
      ) as RegExpExecArray;
      const upper = m[0].toUpperCase();
      tokens.push({
        type: ["AND", "OR", "LIKE", "ILIKE", "IN", "NOT"].includes(upper)
          ? "word"
          : "ident",
        text: ["AND", "OR", "LIKE", "ILIKE", "IN", "NOT"].includes(upper)
          ? upper
          : m[0],
      });
      i += m[0].length;
      continue;
    } else
      throw bad(
        `Invalid filter string '${input}': unexpected character '${c}' at position ${i}`,
      );
    i++;
  }
  return tokens;
}

/** Parses `name = 'x' AND tags.team LIKE 'r%'` into clauses. */
export function parseFilter(input: string | undefined): Clause[] {
  if (!input || input.trim() === "") return [];
  const tokens = tokenize(input);
  const clauses: Clause[] = [];
  let p = 0;
  const peek = () => tokens[p];
  const next = () => tokens[p++];
  while (p < tokens.length) {
    // Key: `name`, or a prefix (tags., attributes.) and a key that is quoted or dotted identifiers.
    const first = next();
    if (!first || (first.type !== "ident" && first.type !== "quoted_ident"))
      throw bad(
        `Invalid filter string '${input}': expected a key such as name or tags.<key>, got '${first?.text ?? "end of filter"}'`,
      );
    let kind: Clause["kind"] = "attribute";
    let key = first.text;
    const isDot = () => peek()?.type === "op" && peek()?.text === ".";
    if (isDot()) {
      const prefix = first.text.toLowerCase();
      if (!["tags", "tag", "attribute", "attributes", "attr"].includes(prefix))
        throw bad(
          `Invalid filter string '${input}': unknown key prefix '${first.text}'`,
        );
      kind = prefix.startsWith("tag") ? "tag" : "attribute";
      next();
      const k = next();
      if (!k || (k.type !== "ident" && k.type !== "quoted_ident"))
        throw bad(
          `Invalid filter string '${input}': incomplete key after '${first.text}.'`,
        );
      key = k.text;
      while (k.type === "ident" && isDot()) {
        next();
        const more = next();
        if (!more || more.type !== "ident")
          throw bad(
            `Invalid filter string '${input}': incomplete key '${key}.'`,
          );
        key += `.${more.text}`;
      }
    }
    const segments = [key];
    // Comparator.
    const op = next();
    let comparator: Comparator;
    if (
      op?.type === "op" &&
      ["=", "!=", "<", "<=", ">", ">="].includes(op.text)
    )
      comparator = op.text as Comparator;
    else if (
      op?.type === "word" &&
      (op.text === "LIKE" || op.text === "ILIKE" || op.text === "IN")
    )
      comparator = op.text;
    else if (
      op?.type === "word" &&
      op.text === "NOT" &&
      peek()?.type === "word" &&
      peek()?.text === "IN"
    ) {
      next();
      comparator = "NOT IN";
    } else
      throw bad(
        `Invalid filter string '${input}': expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN) after '${segments.join(".")}', got '${op?.text ?? "end of filter"}'`,
      );
    // Value.
    let value: Clause["value"];
    if (comparator === "IN" || comparator === "NOT IN") {
      if (next()?.type !== "lparen")
        throw bad(
          `Invalid filter string '${input}': IN needs a list in parentheses, e.g. ('a', 'b')`,
        );
      const list: string[] = [];
      for (;;) {
        const v = next();
        if (!v || (v.type !== "string" && v.type !== "quoted_ident"))
          throw bad(
            `Invalid filter string '${input}': IN lists hold quoted strings`,
          );
        list.push(v.text);
        const sep = next();
        if (sep?.type === "rparen") break;
        if (sep?.type !== "comma")
          throw bad(
            `Invalid filter string '${input}': expected ',' or ')' in the IN list`,
          );
      }
      value = list;
    } else {
      const v = next();
      if (!v)
        throw bad(
          `Invalid filter string '${input}': missing value after ${comparator}`,
        );
      if (v.type === "string" || v.type === "quoted_ident") value = v.text;
      else if (v.type === "number") value = Number(v.text);
      else
        throw bad(
          `Invalid filter string '${input}': values must be quoted strings or numbers, got '${v.text}'`,
        );
    }
    clauses.push({ kind, key, comparator, value });
    const joiner = next();
    if (!joiner) break;
    if (joiner.type === "word" && joiner.text === "AND") continue;
    if (joiner.type === "word" && joiner.text === "OR")
      throw bad(
        `Invalid filter string '${input}': only AND is supported between clauses, not OR`,
      );
    throw bad(
      `Invalid filter string '${input}': expected AND after a clause, got '${joiner.text}'`,
    );
  }
  return clauses;
}
