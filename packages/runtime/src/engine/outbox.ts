import { createHmac } from "node:crypto";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { schema } from "@partnerflow/db";
import { nowSql, type RuntimeResources } from "../resources.ts";
import { refuseInternalTarget } from "./address-guard.ts";

/** How external effects leave the building. */
export interface DeliveryOptions {
  /** SMTP URL (smtp://user:pass@host:587); without it an email's outbox row IS its delivery. */
  smtpUrl?: string | undefined;
  /** Sender address of emails. */
  mailFrom?: string | undefined;
  /** Secret for the webhook signature header (HMAC-SHA256 of the body). */
  webhookSecret?: string | undefined;
  /** Webhook request timeout (default 10 s). */
  webhookTimeoutMs?: number | undefined;
  /** Attempts before a message is given up as failed (default 8). */
  maxAttempts?: number | undefined;
  /** Test seam for DNS. */
  resolve?: ((host: string) => Promise<string[]>) | undefined;
}

/** Setting key of the admin allow-list of webhook hosts that may be internal. */
export const WEBHOOK_ALLOW_SETTING = "webhooks.allowedHosts";

type OutboxRow = typeof schema.outbox.$inferSelect;
/**
 * How long a message stays leased ("sending") to the worker delivering it: the run lease
 * (`leaseMs`, so a dead worker's messages are taken over as soon as its runs are), but never
 * less than the webhook timeout plus 5 s, so a slow receiver is not sent the same message by a
 * second worker while the first still waits for its answer.
 */
function leaseMs(r: RuntimeResources, opts: DeliveryOptions): number {
  return Math.max(r.limits.leaseMs, (opts.webhookTimeoutMs ?? 10_000) + 5_000);
}

/**
 * Delivers due outbox messages, at least once: a message is leased (status "sending" with a
 * due time a minute ahead) before the network call, so a crash mid-delivery only means it is
 * sent again; the idempotency key header lets the receiver drop the repeat.
 */
export async function deliverOutbox(
  r: RuntimeResources,
  opts: DeliveryOptions,
  limit = 50,
): Promise<number> {
  const now = nowSql(r);
  // One statement leases the due messages (no transaction around a SELECT … FOR UPDATE and
  // an UPDATE): the pass runs beside every execution pass, mostly finding nothing.
  const due = r.database.db
    .select({ id: schema.outbox.id })
    .from(schema.outbox)
    .where(
      and(
        or(eq(schema.outbox.status, "pending"), eq(schema.outbox.status, "sending")),
        lte(schema.outbox.nextAttemptAt, now),
      ),
    )
    .limit(limit)
    .for("update", { skipLocked: true });
  // `attempts` comes back counting this attempt.
  const rows = await r.database.db
    .update(schema.outbox)
    .set({
      status: "sending",
      nextAttemptAt: sql`${now} + ${`${leaseMs(r, opts)} milliseconds`}::interval`,
      attempts: sql`${schema.outbox.attempts} + 1`,
    })
    .where(inArray(schema.outbox.id, due))
    .returning();
  if (rows.length === 0) return 0;
  const remote = rows.filter((row) => row.channel !== "email" || opts.smtpUrl);
  if (remote.length < rows.length) {
    // Without SMTP the outbox row IS the email's delivery: one UPDATE for all of them.
    await r.database.db
      .update(schema.outbox)
      .set({ status: "delivered_local", deliveredAt: now, lastError: null })
      .where(
        inArray(
          schema.outbox.id,
          rows.filter((row) => !remote.includes(row)).map((row) => row.id),
        ),
      );
  }
  const allow = remote.some((row) => row.channel === "webhook") ? await allowedHosts(r) : [];
  for (const row of remote) {
    let error: string | null = null;
    let status = "delivered";
    try {
      if (row.channel === "email") status = await sendEmail(row, opts);
      else error = await sendWebhook(row, opts, allow);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const attempts = row.attempts;
    if (error === null) {
      await r.database.db
        .update(schema.outbox)
        .set({ status, deliveredAt: now, lastError: null })
        .where(eq(schema.outbox.id, row.id));
    } else {
      const giveUp = attempts >= (opts.maxAttempts ?? 8) || error.startsWith("refused:");
      const backoff = Math.round(
        Math.min(3_600_000, 1000 * 2 ** attempts) * (0.5 + Math.random() / 2),
      );
      await r.database.db
        .update(schema.outbox)
        .set({
          status: giveUp ? "failed" : "pending",
          lastError: error.slice(0, 2000),
          nextAttemptAt: sql`${now} + ${`${backoff} milliseconds`}::interval`,
        })
        .where(eq(schema.outbox.id, row.id));
    }
  }
  return rows.length;
}

async function allowedHosts(r: RuntimeResources): Promise<string[]> {
  const [row] = await r.database.db
    .select({ value: schema.settings.value })
    .from(schema.settings)
    .where(eq(schema.settings.key, WEBHOOK_ALLOW_SETTING));
  return Array.isArray(row?.value) ? row.value.map((h) => String(h).toLowerCase()) : [];
}

async function sendEmail(row: OutboxRow, opts: DeliveryOptions): Promise<string> {
  if (!opts.smtpUrl) return "delivered_local";
  const { createTransport } = await import("nodemailer");
  const p = row.payload as { subject?: string; body?: string; to?: string };
  const transport = createTransport(opts.smtpUrl);
  await transport.sendMail({
    from: opts.mailFrom ?? "partnerflow@localhost",
    to: `${p.to ?? "partner"}+${row.partnerId ?? "program"}@partners.invalid`,
    subject: p.subject ?? "",
    text: p.body ?? "",
    headers: { "X-Partnerflow-Idempotency-Key": row.idempotencyKey },
  });
  return "delivered";
}

/** Answers null when delivered, else the reason ("refused: …" is never retried). */
async function sendWebhook(
  row: OutboxRow,
  opts: DeliveryOptions,
  allow: string[],
): Promise<string | null> {
  const p = row.payload as { url: string; method?: string; body: string };
  const url = new URL(p.url);
  const refused = await refuseInternalTarget(url, allow, opts.resolve);
  if (refused) return `refused: ${refused}`;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "idempotency-key": row.idempotencyKey,
    "x-partnerflow-idempotency-key": row.idempotencyKey,
  };
  if (opts.webhookSecret) {
    headers["x-partnerflow-signature"] =
      `sha256=${createHmac("sha256", opts.webhookSecret).update(p.body).digest("hex")}`;
  }
  const res = await fetch(url, {
    method: p.method ?? "POST",
    headers,
    body: p.body,
    redirect: "manual",
    signal: AbortSignal.timeout(opts.webhookTimeoutMs ?? 10_000),
  });
  if (res.status >= 200 && res.status < 300) return null;
  return `HTTP ${res.status}`;
}
