import type { RetirementActions } from "@/components/retirement/retirement-card";
import {
  requestRetirementAction,
  restoreRetirementAction,
  retireNowAction,
} from "./retirement-actions";

/** The retirement card's actions for one model or version (and its retirement, for restore), bound
 *  here for the page to hand to the card: components take actions as props, never import them. */
export function retirementActions(
  name: string,
  version: number | null,
  r: { id: number } | null,
): RetirementActions {
  return {
    request: requestRetirementAction.bind(null, name, version),
    retireNow: retireNowAction.bind(null, name, version),
    restore: r ? restoreRetirementAction.bind(null, r.id, name, version) : null,
  };
}
