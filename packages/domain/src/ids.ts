/**
 * A new random id with a readable prefix: `newId("rwd")` → "rwd_3f0c…". Uses the Web Crypto
 * `randomUUID`, available in browsers and Node ≥ 19 alike, so the domain package stays I/O-free.
 */
export function newId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
}
