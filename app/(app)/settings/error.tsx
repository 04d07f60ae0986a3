"use client";
import { sectionError } from "@/components/ui/error-panel";

// Below the settings layout, so the settings tabs stay on screen.
export default sectionError("This settings page could not be loaded");
