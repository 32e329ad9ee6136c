/**
 * A minimal CBOR encoder (RFC 8949) for the software authenticator: unsigned and negative
 * integers, byte and text strings, arrays, maps (keys in insertion order), booleans and null —
 * what an attestation object and a COSE key are made of. Definite lengths only.
 */
export type CborValue =
  | number
  | string
  | Uint8Array
  | boolean
  | null
  | readonly CborValue[]
  | ReadonlyMap<CborValue, CborValue>;

function head(major: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) {
    throw new RangeError(`cbor: length ${length} out of range`);
  }
  const type = major << 5;
  if (length < 24) return Uint8Array.of(type | length);
  if (length < 0x100) return Uint8Array.of(type | 24, length);
  if (length < 0x10000) return Uint8Array.of(type | 25, length >> 8, length & 0xff);
  const out = new Uint8Array(5);
  out[0] = type | 26;
  new DataView(out.buffer).setUint32(1, length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Encodes one value. */
export function encodeCbor(value: CborValue): Uint8Array {
  if (value === null) return Uint8Array.of(0xf6);
  if (value === true) return Uint8Array.of(0xf5);
  if (value === false) return Uint8Array.of(0xf4);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError('cbor: only integers are supported');
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return concat([head(2, value.length), value]);
  if (value instanceof Map) {
    const parts: Uint8Array[] = [head(5, value.size)];
    for (const [key, entry] of value as ReadonlyMap<CborValue, CborValue>) {
      parts.push(encodeCbor(key), encodeCbor(entry));
    }
    return concat(parts);
  }
  if (Array.isArray(value)) {
    const entries = value as readonly CborValue[];
    return concat([head(4, entries.length), ...entries.map((entry) => encodeCbor(entry))]);
  }
  throw new TypeError('cbor: unsupported value');
}

export { concat as concatBytes };
