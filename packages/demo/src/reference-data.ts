import { CURRENCY_CODES, REGIONS, type CurrencyCode, type Region } from "@partnerflow/domain";
import { DAY, isoDay } from "./calendar.ts";
import { BASE_RATES, PERSON_FIRST, PERSON_LAST } from "./reference.ts";
import { mixSeed, mulberry32, normal } from "./prng.ts";

/** A row of the `users` table. */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: "account_manager" | "channel_manager" | "admin" | "compliance";
  region: Region | null;
  createdAt: Date;
}

/** A row of the `exchange_rates` table (units of `currency` per USD on `day`). */
export interface DemoRate {
  day: string;
  currency: CurrencyCode;
  perUsd: string;
}

/** Account managers per region: one per ~60 partners of that region, at least two. */
export function accountManagerCount(partners: number, region: Region): number {
  const share = { NA: 0.4, EMEA: 0.3, APAC: 0.2, LATAM: 0.1 }[region];
  return Math.max(2, Math.ceil((partners * share) / 60));
}

export function accountManagerId(region: Region, n: number): string {
  return `u-am-${region.toLowerCase()}-${String(n + 1).padStart(3, "0")}`;
}

/** Users: account managers per region, a channel manager per region, an admin, compliance. */
export function generateUsers(partners: number, seed: number, start: Date): DemoUser[] {
  const rng = mulberry32(mixSeed(seed, 0x05e2));
  const person = (): string =>
    `${PERSON_FIRST[Math.floor(rng() * PERSON_FIRST.length)] ?? "Ana"} ${
      PERSON_LAST[Math.floor(rng() * PERSON_LAST.length)] ?? "Brown"
    }`;
  const user = (id: string, role: DemoUser["role"], region: Region | null): DemoUser => {
    const name = person();
    const email = `${id}@partnerflow.example`;
    return { id, name, email, role, region, createdAt: new Date(start.getTime() - 30 * DAY) };
  };
  const users: DemoUser[] = [
    user("u-admin", "admin", null),
    user("u-compliance", "compliance", null),
  ];
  for (const region of REGIONS) {
    users.push(user(`u-cm-${region.toLowerCase()}`, "channel_manager", region));
    const n = accountManagerCount(partners, region);
    for (let i = 0; i < n; i++)
      users.push(user(accountManagerId(region, i), "account_manager", region));
  }
  return users;
}

/**
 * Daily rates for every supported currency from a week before `start` to `end`: a
 * mean-reverting random walk around the base rate (±~8 %), 6 decimals.
 */
export function* generateRates(seed: number, start: Date, end: Date): Generator<DemoRate> {
  const rng = mulberry32(mixSeed(seed, 0xfa7e));
  const level = new Map<CurrencyCode, number>(CURRENCY_CODES.map((c) => [c, 0]));
  const first = Math.floor(start.getTime() / DAY) - 7;
  const last = Math.floor(end.getTime() / DAY);
  for (let d = first; d <= last; d++) {
    const day = isoDay(d * DAY);
    for (const currency of CURRENCY_CODES) {
      if (currency === "USD") {
        yield { day, currency, perUsd: "1.000000" };
        continue;
      }
      const x = (level.get(currency) ?? 0) * 0.985 + 0.004 * normal(rng);
      level.set(currency, x);
      const rate = BASE_RATES[currency] * Math.exp(x);
      yield { day, currency, perUsd: rate.toFixed(6) };
    }
  }
}

/** USD → currency at the base rate (good enough to size local amounts). */
export function approxPerUsd(currency: CurrencyCode): number {
  return BASE_RATES[currency];
}
