import { describe, expect, it } from "vitest";
import { databaseConfig, EnvError, parseEnv, runtimeLimits } from "./env.ts";

describe("parseEnv", () => {
  it("applies the defaults to an empty environment", () => {
    expect(parseEnv({})).toEqual({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: ".data",
      LOG_LEVEL: "info",
    });
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ PARTNERFLOW_API_KEY: "short" }, "PARTNERFLOW_API_KEY"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
    [{ RUNTIME_LEASE_MS: "100" }, "RUNTIME_LEASE_MS"],
    [{ RUNTIME_LEASE_MS: "2s" }, "RUNTIME_LEASE_MS"],
    [{ RUNTIME_INLINE_RUNS: "-1" }, "RUNTIME_INLINE_RUNS"],
    [{ RUNTIME_INLINE_RUNS: "1.5" }, "RUNTIME_INLINE_RUNS"],
  ])("names the bad variable in %j", (env, variable) => {
    let error: unknown;
    try {
      parseEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as EnvError).message).toContain(`${variable}:`);
  });
});

describe("runtimeLimits", () => {
  it("overrides the lease only when RUNTIME_LEASE_MS is set", () => {
    expect(runtimeLimits(parseEnv({}))).toEqual({});
    expect(runtimeLimits(parseEnv({ RUNTIME_LEASE_MS: "2000" }))).toEqual({ leaseMs: 2000 });
  });

  it("turns inline execution off with RUNTIME_INLINE_RUNS=0", () => {
    expect(runtimeLimits(parseEnv({ RUNTIME_INLINE_RUNS: "0" }))).toEqual({ inlineRuns: 0 });
  });
});

describe("databaseConfig", () => {
  it("selects PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR", () => {
    expect(databaseConfig(parseEnv({ DATABASE_URL: "postgres://u@h:5432/db" }))).toEqual({
      kind: "postgres",
      url: "postgres://u@h:5432/db",
    });
    expect(databaseConfig(parseEnv({ DATA_DIR: "/var/pf/" }))).toEqual({
      kind: "pglite",
      dataDir: "/var/pf/pglite",
    });
  });
});
