import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("createLogger", () => {
  it("writes one JSON object per line with time, level, msg and fields, above the level", () => {
    const lines: string[] = [];
    const logger = createLogger("info", (l) => lines.push(l)).child({ component: "test" });
    logger.debug("hidden");
    logger.info("request", { status: 200 });
    logger.error("failed", { error: new Error("boom") });
    expect(lines).toHaveLength(2);
    const [info, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(info).toMatchObject({ level: "info", msg: "request", status: 200, component: "test" });
    expect(Number.isNaN(Date.parse(String(info?.["time"])))).toBe(false);
    expect(error).toMatchObject({ level: "error", error: { name: "Error", message: "boom" } });
  });
});
