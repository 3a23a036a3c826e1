import { bigint, char, timestamp } from "drizzle-orm/pg-core";

/** Money is integer minor units plus an ISO currency code: never a float. */
export const minor = (name: string) => bigint(name, { mode: "number" });
export const currency = (name = "currency") => char(name, { length: 3 });
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
