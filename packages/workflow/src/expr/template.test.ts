import { describe, expect, it } from "vitest";
import { compileTemplate, parseTemplate, renderTemplate, renderTemplateHtml } from "./index.ts";
import { testEnv, testScope } from "./test-helpers.ts";

function compiled(src: string) {
  const t = compileTemplate(src, testEnv);
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  return t;
}

describe("templates", () => {
  it.each([
    [
      "Hello {{partner.name}}, your tier is {{partner.tier}}",
      "Hello Acme <Tools> & Co, your tier is Gold",
    ],
    ["Reward: {{ event.amount * 3% }}", "Reward: €3.70"],
    ['{{ 1 + 1 }}{{ "}}" }}', "2}}"],
    ["no holes", "no holes"],
    ["", ""],
    ["a }} b", "a }} b"],
    ["{{ vars.missing }}|", "|"],
    ["Joined {{ partner.createdAt }}", "Joined 2025-01-10"],
    ["{{ partner.compliant }}", "yes"],
  ])("%s → %s", (src, expected) => {
    expect(renderTemplate(compiled(src), testScope())).toBe(expected);
  });

  it("escapes merged values, not the template, in HTML", () => {
    const t = compiled("<p>Hi {{partner.name}}</p>");
    expect(renderTemplateHtml(t, testScope())).toBe("<p>Hi Acme &lt;Tools&gt; &amp; Co</p>");
  });

  it.each([
    ["Hello {{partner.name", 'Unclosed "{{" at 6: expected "}}"', 6, 8],
    ["Hi {{ }}", "Empty merge field", 3, 8],
    [
      "Hi {{ partner.nmae }}!",
      'Unknown field "partner.nmae" — did you mean "partner.name"?',
      6,
      18,
    ],
    ["Hi {{ 1 + }}", "Expected a value at 10, found end of input", 10, 11],
  ])("%s → %s", (src, message, start, end) => {
    const t = compileTemplate(src, testEnv);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.errors).toContainEqual({ message, start, end });
  });

  it("parses into text and holes with offsets", () => {
    const p = parseTemplate("A{{x}}B");
    expect(
      p.ok && p.parts.map((x) => (x.kind === "text" ? x.text : [x.source, x.start, x.end])),
    ).toEqual(["A", ["x", 3, 4], "B"]);
  });
});
