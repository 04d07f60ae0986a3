"use client";
import { sectionError } from "@/components/ui/error-panel";

export default sectionError("This page could not be loaded", {
  href: "/",
  label: "Back to the dashboard",
});
