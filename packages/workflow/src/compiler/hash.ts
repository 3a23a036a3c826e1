/**
 * Canonical JSON and a pure, synchronous SHA-256: the content hash must be identical in the
 * browser (live validation) and on the server, without WebCrypto's async API. Both run on every
 * canvas edit, so they are written for speed: one pass with string appends (no per-level
 * arrays), and SHA-256 over the UTF-8 bytes with 32-bit integer ops and no per-block allocation.
 */

// Object keys repeat across nodes ("type", "config", …): quote each once.
const quoted = new Map<string, string>();
function quoteKey(k: string): string {
  let q = quoted.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quoted.size < 10_000) quoted.set(k, q);
  }
  return q;
}

/** Keys in UTF-16 code-unit order (like the default sort): the same order in every engine. */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  // Big objects: Array#sort. The usual handful of keys: insertion sort, which beats it there.
  if (keys.length > 12) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}

function write(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // Like JSON.stringify inside an array: undefined, functions and symbols become null.
    const s: string | undefined = JSON.stringify(value);
    return s ?? "null";
  }
  if (Array.isArray(value)) {
    let s = "[";
    for (let i = 0; i < value.length; i++) s += (i ? "," : "") + write(value[i]);
    return `${s}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = sortedKeys(obj);
  let s = "{";
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    s += (first ? "" : ",") + quoteKey(k) + ":" + write(v);
    first = false;
  }
  return `${s}}`;
}

/** JSON with object keys sorted at every level; `undefined` members dropped like JSON.stringify. */
export function canonicalJson(value: unknown): string {
  return write(value);
}

// Set by `cloneValue` when a key starts with a digit: JSON.stringify writes integer-like keys
// first in numeric order, which is not the canonical order.
let sawDigitKey = false;

function cloneValue(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      // JSON writes -0 as 0 and non-finite numbers as null.
      return Number.isFinite(value) ? value + 0 : null;
    case "object":
      break;
    default:
      // undefined, functions and symbols read back as null; bigint throws like JSON.stringify.
      return JSON.parse(write(value)) as unknown;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i]);
    return out;
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57) sawDigitKey = true;
    // An own "__proto__" (JSON.parse makes one) must stay data, never set the prototype.
    if (k === "__proto__")
      Object.defineProperty(out, k, {
        value: cloneValue(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = cloneValue(v);
  }
  return out;
}

/** A deep copy equal to `JSON.parse(canonicalJson(value))`, without serializing and re-parsing. */
export function canonicalClone(value: unknown): unknown {
  return cloneValue(value);
}

/**
 * The canonical JSON of a value and the value as it reads back from that JSON (what storage
 * will hand back), in one pass plus a native `JSON.stringify` of the sorted copy; falls back to
 * `canonicalJson` when integer-like keys would make JSON.stringify's key order differ.
 */
export function canonicalize(value: unknown): { json: string; value: unknown } {
  sawDigitKey = false;
  const copy = cloneValue(value);
  const json = sawDigitKey ? write(copy) : (JSON.stringify(copy) as string | undefined);
  return { json: json ?? "null", value: copy };
}

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();
// Reused across calls: the hash is synchronous, so no two calls share it at once.
const W = new Int32Array(64);

/** Compresses the 64-byte blocks of `bytes` from `start` to `end` into `h`. */
function blocks(h: Int32Array, bytes: Uint8Array, start: number, end: number): void {
  const w = W;
  let h0 = h[0]!,
    h1 = h[1]!,
    h2 = h[2]!,
    h3 = h[3]!,
    h4 = h[4]!,
    h5 = h[5]!,
    h6 = h[6]!,
    h7 = h[7]!;
  for (let off = start; off < end; off += 64) {
    for (let i = 0, j = off; i < 16; i++, j += 4)
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      hh = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + hh) | 0;
  }
  h[0] = h0;
  h[1] = h1;
  h[2] = h2;
  h[3] = h3;
  h[4] = h4;
  h[5] = h5;
  h[6] = h6;
  h[7] = h7;
}

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(text: string): string {
  const bytes = encoder.encode(text);
  const n = bytes.length;
  const h = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  // Whole blocks straight from the encoded bytes; only the tail is copied for padding.
  const whole = n & ~63;
  blocks(h, bytes, 0, whole);
  const tail = new Uint8Array(n - whole + 9 > 64 ? 128 : 64);
  tail.set(bytes.subarray(whole));
  tail[n - whole] = 0x80;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(n / 2 ** 29));
  view.setUint32(tail.length - 4, (n << 3) >>> 0);
  blocks(h, tail, 0, tail.length);
  let hex = "";
  for (let i = 0; i < 8; i++) hex += (h[i]! >>> 0).toString(16).padStart(8, "0");
  return hex;
}
