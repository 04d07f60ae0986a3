// Reads that two sections of the version page share, done once per render (React's cache): the
// summary in the shell and the streamed activity both show the version's requests, and the
// summary and the evaluation both compare with production.
import "server-only";
import { cache } from "react";
import type { Actor } from "@/lib/auth/actor";
import { productionMetrics } from "@/lib/evaluation/queries";
import { versionRequests } from "@/lib/lifecycle/queries";

export const requestsOf = cache((actor: Actor, name: string, version: number) =>
  versionRequests(actor, name, String(version)),
);

export const productionOf = cache(
  (actor: Actor, name: string, version: number) =>
    productionMetrics(actor, name, version),
);
