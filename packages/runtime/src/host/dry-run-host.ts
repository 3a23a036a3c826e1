import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@partnerflow/db";
import type { Effect, EffectResult, PartnerState, WorkflowHost } from "@partnerflow/workflow";
import { DbReads } from "./read-host.ts";

/**
 * A host for "test with this event": reads the real database, applies effects to an
 * in-memory overlay (a tier change is seen by later steps) and writes nothing.
 */
export class DryRunHost extends DbReads implements WorkflowHost {
  readonly effects: Effect[] = [];
  private readonly partnerOverlay = new Map<string, PartnerState>();
  private readonly claimed = new Set<string>();
  private readonly capDelta = new Map<string, Decimal>();
  private readonly counterDelta = new Map<string, number>();

  constructor(
    db: DbOrTx,
    private readonly clock: Date,
  ) {
    super(db);
  }

  now(): Date {
    return this.clock;
  }

  override async partner(id: string): Promise<PartnerState | null> {
    return this.partnerOverlay.get(id) ?? (await super.partner(id));
  }

  async claimOnce(key: string): Promise<boolean> {
    if (this.claimed.has(key)) return false;
    const [row] = await this.db
      .select({ key: schema.workflowOnceClaims.key })
      .from(schema.workflowOnceClaims)
      .where(eq(schema.workflowOnceClaims.key, key));
    if (row) return false;
    this.claimed.add(key);
    return true;
  }

  async capUsage(key: string): Promise<string> {
    const [row] = await this.db
      .select({ usage: schema.workflowCapUsage.usage })
      .from(schema.workflowCapUsage)
      .where(eq(schema.workflowCapUsage.key, key));
    return new Decimal(row?.usage ?? "0").add(this.capDelta.get(key) ?? 0).toString();
  }

  async nextCounter(key: string): Promise<number> {
    const [row] = await this.db
      .select({ value: schema.workflowCounters.value })
      .from(schema.workflowCounters)
      .where(eq(schema.workflowCounters.key, key));
    const delta = this.counterDelta.get(key) ?? 0;
    this.counterDelta.set(key, delta + 1);
    return Number(row?.value ?? 0) + delta;
  }

  async apply(effect: Effect): Promise<EffectResult> {
    this.effects.push(effect);
    if (effect.kind === "ledger_entry" && effect.cap) {
      const prev = this.capDelta.get(effect.cap.key) ?? new Decimal(0);
      this.capDelta.set(effect.cap.key, prev.add(effect.cap.usage));
    }
    if (
      effect.kind === "set_tier" ||
      effect.kind === "update_field" ||
      effect.kind === "assign_account_manager"
    ) {
      const p = await this.partner(effect.partnerId);
      if (p) this.partnerOverlay.set(p.id, overlayPartner(p, effect));
    }
    return { ids: [`dry:${effect.idempotencyKey}`] };
  }
}

/** The partner as it reads after a partner-changing effect (shared with the live host's tests). */
export function overlayPartner(
  p: PartnerState,
  e: Extract<Effect, { kind: "set_tier" | "update_field" | "assign_account_manager" }>,
): PartnerState {
  switch (e.kind) {
    case "set_tier":
      return { ...p, tier: e.to };
    case "assign_account_manager":
      return { ...p, accountManagerId: e.userId };
    case "update_field":
      if (e.field.startsWith("attributes.")) {
        return {
          ...p,
          attributes: { ...p.attributes, [e.field.slice("attributes.".length)]: e.value },
        };
      }
      return { ...p, [e.field]: e.value };
    default: {
      const never: never = e;
      return never;
    }
  }
}
