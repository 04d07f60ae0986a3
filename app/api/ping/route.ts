import { NextResponse } from "next/server";

/** A constant answer, the baseline the serving benchmark compares the predict route with. */
export function GET() {
  return NextResponse.json({ ok: true });
}
