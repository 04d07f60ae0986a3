import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import {
  cardMarkdown,
  getModelCard,
  updateModelCard,
} from "@/lib/model-card/model-card";

type P = { name: string };

/** GET (?format=markdown for the .md export) */
export const GET = authed<P>(async (req, actor, { name }) => {
  const card = getModelCard(actor, name);
  if (new URL(req.url).searchParams.get("format") === "markdown") {
    return new Response(cardMarkdown(card), {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${name}-model-card.md`)}`,
      },
    });
  }
  return NextResponse.json(card);
});

/** PUT {sections: {intended_use: "...", ...}} (owner or admin) */
export const PUT = authed<P>(async (req, actor, { name }) => {
  const body = (await readJson(req)) as { sections?: unknown };
  updateModelCard(actor, name, body.sections);
  return NextResponse.json(getModelCard(actor, name));
});
