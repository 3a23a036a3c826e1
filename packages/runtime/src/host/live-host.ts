import { eq, sql } from "drizzle-orm";
import { schema, type Tx } from "@partnerflow/db";
import { DomainError } from "@partnerflow/service";
import type { EntityName } from "@partnerflow/domain";
import type {
  Effect,
  EffectResult,
  EntityRecord,
  PartnerState,
  WorkflowHost,
} from "@partnerflow/workflow";
import { effectRecordId, eventForEffect, ownRecordId } from "./effect-events.ts";
import { DbReads, partnerRowsByIds, partnerState, recordsByIds } from "./read-host.ts";
import { DirectGate, type BatchGate, type TxGate } from "./tx-gate.ts";

/** The gate's load kind of partner rows. */
const PARTNER = "partner";

/** The run a live host acts for. */
export interface HostRun {
  readonly id: string;
  readonly workflowId: string;
  /** Depth of the event that triggered the run; the run's own events carry depth + 1. */
  readonly causationDepth: number;
}

/** How the live host writes what leaves the building. */
export interface LiveHostOptions {
  /**
   * No SMTP is configured: an email's outbox row IS its delivery, so it is written as
   * `delivered_local` in the run's transaction instead of waiting for an outbox pass.
   */
  readonly localEmail?: boolean;
  /**
   * How statements reach the transaction (default: one by one). The batched executor passes
   * a gate shared by every run of a group, which merges their statements.
   */
  readonly gate?: TxGate;
}

/**
 * The live host: reads and writes through the RUN'S TRANSACTION, so every effect commits
 * together with the step that decided it and the run's new state — or not at all. Internal
 * effects are recorded as domain events (with the causing run and depth); email and webhooks
 * become outbox rows keyed by the effect's idempotency key.
 *
 * System faults (a dropped connection, a serialization failure) are remembered in `fault`:
 * the interpreter turns exceptions into a failed node, but a fault must roll the transaction
 * back and be retried instead.
 */
export class LiveHost extends DbReads implements WorkflowHost {
  fault: unknown = null;
  readonly applied: Effect[] = [];
  /**
   * Reads memoized for this run's execution (every step of the run shares the host and its
   * transaction): a partner row and single records. The run's own writes stay visible: an
   * internal effect forgets the records, and the partner when its event changes the partner.
   */
  private readonly partners = new Map<string, Promise<PartnerState | null>>();
  private readonly recordMemo = new Map<string, Promise<EntityRecord | null>>();

  private readonly gate: TxGate;

  constructor(
    tx: Tx,
    private readonly run: HostRun,
    private readonly clock: Date,
    private readonly options: LiveHostOptions = {},
  ) {
    super(tx);
    this.gate = options.gate ?? new DirectGate(tx);
  }

  now(): Date {
    return this.clock;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof DomainError)) this.fault ??= err;
      throw err;
    }
  }

  /** A statement through the gate, a fault remembered. */
  private stmt<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.guard(() => this.gate.run(fn));
  }

  /** Reads the partners of runs about to execute side by side (see BatchGate.prefetch). */
  static prefetchPartners(gate: BatchGate, ids: Iterable<string>): void {
    gate.prefetch(PARTNER, [...new Set(ids)], partnerRowsByIds);
  }

  override partner(id: string): Promise<PartnerState | null> {
    return memo(this.partners, id, () =>
      this.guard(async () => {
        const row = await this.gate.load(PARTNER, id, partnerRowsByIds);
        return row ? partnerState(row) : null;
      }),
    );
  }
  override metric(...a: Parameters<DbReads["metric"]>) {
    return this.stmt(() => super.metric(...a));
  }
  override record(entity: EntityName, id: string): Promise<EntityRecord | null> {
    return memo(this.recordMemo, `${entity}\u0000${id}`, () =>
      this.guard(async () => {
        const many = (tx: Tx, ids: readonly string[]) => recordsByIds(tx, entity, ids);
        return (await this.gate.load(`record:${entity}`, id, many)) ?? null;
      }),
    );
  }
  override records(...a: Parameters<DbReads["records"]>) {
    return this.stmt(() => super.records(...a));
  }
  override leadCandidates(...a: Parameters<DbReads["leadCandidates"]>) {
    return this.stmt(() => super.leadCandidates(...a));
  }
  override accountManagers(...a: Parameters<DbReads["accountManagers"]>) {
    return this.stmt(() => super.accountManagers(...a));
  }
  override exchangeRate(...a: Parameters<DbReads["exchangeRate"]>) {
    return this.stmt(() => super.exchangeRate(...a));
  }

  claimOnce(key: string): Promise<boolean> {
    return this.stmt(async (tx) => {
      const rows = await tx
        .insert(schema.workflowOnceClaims)
        .values({ key, runId: this.run.id })
        .onConflictDoNothing()
        .returning({ key: schema.workflowOnceClaims.key });
      return rows.length > 0;
    });
  }

  capUsage(key: string): Promise<string> {
    return this.stmt(async (tx) => {
      const [row] = await tx
        .select({ usage: schema.workflowCapUsage.usage })
        .from(schema.workflowCapUsage)
        .where(eq(schema.workflowCapUsage.key, key));
      return row?.usage ?? "0";
    });
  }

  nextCounter(key: string): Promise<number> {
    return this.stmt(async (tx) => {
      const [row] = await tx
        .insert(schema.workflowCounters)
        .values({ key, value: 1 })
        .onConflictDoUpdate({
          target: schema.workflowCounters.key,
          set: { value: sql`${schema.workflowCounters.value} + 1` },
        })
        .returning({ value: schema.workflowCounters.value });
      return Number(row?.value ?? 1) - 1;
    });
  }

  apply(effect: Effect): Promise<EffectResult> {
    return this.guard(async () => {
      this.applied.push(effect);
      this.forget(effect);
      return this.applyInTx(effect);
    });
  }

  /**
   * Drops what an effect may change from the memo (before it is applied, so a failed apply
   * leaves nothing stale). Only `partner.*` events project onto the partners table. A ledger
   * entry (`reward.issued`) only inserts a reward; any other internal effect forgets every
   * record (it may change a task, lead, deal, document, inventory …).
   */
  private forget(effect: Effect): void {
    if (effect.kind === "email" || effect.kind === "webhook" || effect.kind === "notification") {
      return;
    }
    if (effect.kind === "ledger_entry") {
      for (const key of this.recordMemo.keys()) {
        if (key.startsWith("reward\u0000")) this.recordMemo.delete(key);
      }
      return;
    }
    this.recordMemo.clear();
    if (eventForEffect(effect)?.type.startsWith("partner.")) this.partners.clear();
  }

  private async applyInTx(effect: Effect): Promise<EffectResult> {
    const { run } = this;
    switch (effect.kind) {
      case "email":
      case "webhook":
        await this.gate.insertOutbox({
          channel: effect.kind,
          idempotencyKey: effect.idempotencyKey,
          partnerId: effect.kind === "email" ? effect.partnerId : null,
          runId: run.id,
          payload: effect,
          nextAttemptAt: this.clock,
          ...(effect.kind === "email" && this.options.localEmail
            ? { status: "delivered_local", deliveredAt: this.clock }
            : { status: "pending", deliveredAt: null }),
        });
        return { ids: [effect.idempotencyKey] };
      case "notification": {
        const id = effectRecordId("ntf", effect.idempotencyKey);
        // The account manager is a person: the notification is theirs. Teams and the partner
        // portal read notifications by partner, with no user recipient.
        await this.gate.run(async (tx) => {
          const [owner] =
            effect.to === "account_manager" && effect.partnerId
              ? await tx
                  .select({ userId: schema.partners.accountManagerId })
                  .from(schema.partners)
                  .where(eq(schema.partners.id, effect.partnerId))
              : [];
          await tx
            .insert(schema.notifications)
            .values({
              id,
              partnerId: effect.partnerId,
              recipientUserId: owner?.userId ?? null,
              title: `Message for ${effect.to.replace("_", " ")}`,
              body: effect.message,
              runId: run.id,
              createdAt: this.clock,
            })
            .onConflictDoNothing();
        });
        return { ids: [id] };
      }
      default: {
        if (effect.kind === "ledger_entry" && effect.cap) {
          const cap = effect.cap;
          await this.gate.run((tx) =>
            tx
              .insert(schema.workflowCapUsage)
              .values({ key: cap.key, usage: cap.usage, currency: cap.currency })
              .onConflictDoUpdate({
                target: schema.workflowCapUsage.key,
                set: { usage: sql`${schema.workflowCapUsage.usage} + ${cap.usage}::numeric` },
              }),
          );
        }
        const input = eventForEffect(effect);
        if (!input) {
          // A team task with no partner: no partner-scoped event exists for it.
          if (effect.kind !== "create_task") throw new Error(`no event for ${effect.kind}`);
          const id = effectRecordId("tsk", effect.idempotencyKey);
          await this.gate.run((tx) =>
            tx
              .insert(schema.tasks)
              .values({
                id,
                partnerId: null,
                title: effect.title,
                assigneeUserId: effect.assigneeUserId,
                team: effect.team,
                status: "open",
                dueDate: effect.dueDate,
                runId: run.id,
                createdAt: this.clock,
              })
              .onConflictDoNothing(),
          );
          return { ids: [id] };
        }
        const result = await this.gate.recordEvent(
          { ...input, occurredAt: this.clock.toISOString() },
          {
            causationRunId: run.id,
            causationDepth: run.causationDepth + 1,
            occurredAt: this.clock,
          },
        );
        const id = ownRecordId(input);
        if (id !== undefined) return { ids: [id] };
        // The gate waits for the seq of an event without its own id (see BatchGate).
        if (result.seq === null) throw new Error(`no seq for the ${input.type} event`);
        return { ids: [String(result.seq)] };
      }
    }
  }
}

/** One read per key per run; a failed read is forgotten so it is not served again. */
function memo<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  const p = read();
  cache.set(key, p);
  p.catch(() => {
    if (cache.get(key) === p) cache.delete(key);
  });
  return p;
}
