import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalClone, canonicalize, canonicalJson, sha256Hex } from "./hash.ts";

const reference = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("sha256Hex", () => {
  // Lengths around the padding boundaries (55/56 bytes, one and two blocks), plus multi-byte UTF-8.
  it.each([0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1_000, 100_003])(
    "matches node:crypto for %i characters",
    (n) => {
      expect(sha256Hex("a".repeat(n))).toBe(reference("a".repeat(n)));
      const wide = "é€😀x".repeat(n).slice(0, n);
      expect(sha256Hex(wide)).toBe(reference(wide));
    },
  );

  it("matches node:crypto on arbitrary strings", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        (s) => sha256Hex(s) === reference(s),
      ),
      { numRuns: 100 },
    );
  });
});

describe("canonicalClone", () => {
  it("equals JSON.parse(canonicalJson(x)) on arbitrary JSON-like values", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false }), (v) => {
        const expected: unknown = JSON.parse(canonicalJson(v));
        const got = canonicalClone(v);
        expect(got).toEqual(expected);
        expect(canonicalJson(got)).toBe(canonicalJson(expected));
      }),
      { numRuns: 300 },
    );
  });

  it("reads non-JSON leaves back as JSON would and keeps __proto__ as data", () => {
    const v = JSON.parse('{"__proto__":{"polluted":1},"b":{"10":1,"9":[]}}') as Record<
      string,
      unknown
    >;
    Object.assign(v, { n: NaN, z: -0, f: () => 1, u: undefined, arr: [undefined, -0] });
    const got = canonicalClone(v) as Record<string, unknown>;
    expect(JSON.stringify(got)).toBe(JSON.stringify(JSON.parse(canonicalJson(v))));
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toContain("__proto__");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("canonicalize gives canonicalJson's text and the value it reads back as", () => {
    // Keys that JSON.stringify would reorder (integer-like) mixed with ones sorting before digits.
    const key = fc.constantFrom("a", "b", "-x", " ", "0", "9", "10", "01", "__proto__", "Z");
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(key, tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.oneof(tree, fc.anything()), (v) => {
        const { json, value } = canonicalize(v);
        expect(json).toBe(canonicalJson(v));
        expect(value).toEqual(JSON.parse(json));
      }),
      { numRuns: 300 },
    );
  });

  it("orders keys by code unit at every level", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], B: null, "10": 0, "9": 0 })).toBe(
      '{"10":0,"9":0,"B":null,"a":[{"c":3,"d":2}],"b":1}',
    );
  });
});
