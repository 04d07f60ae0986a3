"use client";
import { sectionError } from "@/components/ui/error-panel";

// Inside the monitoring section: the rest of the app stays usable.
export default sectionError("Monitoring could not be loaded", {
  href: "/monitoring",
  label: "All deployments",
});
