// A minimal protobuf writer: enough wire format (varints, length-delimited fields, packed floats)
// to emit ONNX ModelProto files without a code generator.

export class ProtoWriter {
  private chunks: Uint8Array[] = [];

  varint(field: number, value: number): this {
    return this.tag(field, 0).raw(encodeVarint(value));
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, 2).raw(encodeVarint(value.length)).raw(value);
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field (little-endian IEEE 754 single precision). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const buf = new Uint8Array(values.length * 4);
    const view = new DataView(buf.buffer);
    for (let i = 0; i < values.length; i++)
      view.setFloat32(i * 4, values[i] as number, true);
    return this.bytes(field, buf);
  }

  /** A packed repeated int64 field (non-negative values only here). */
  packedVarints(field: number, values: number[]): this {
    const parts = values.map(encodeVarint);
    const total = parts.reduce((s, p) => s + p.length, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      buf.set(p, o);
      o += p.length;
    }
    return this.bytes(field, buf);
  }

  finish(): Uint8Array {
    const total = this.chunks.reduce((s, c) => s + c.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  private tag(field: number, wire: number): this {
    return this.raw(encodeVarint(field * 8 + wire));
  }

  private raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    return this;
  }
}

function encodeVarint(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`varint must be a non-negative integer, got ${value}`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}
