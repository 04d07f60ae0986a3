"use client";
import { sectionError } from "@/components/ui/error-panel";

// Inside the models section: the rest of the app (navigation, other sections) stays usable.
export default sectionError("This model page could not be loaded", {
  href: "/models",
  label: "All models",
});
