import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi/document";

/** Public, like the API reference of any hosted service: it describes the API, it holds no data. */
export function GET() {
  return NextResponse.json(openApiDocument());
}
