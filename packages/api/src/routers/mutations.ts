import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@partnerflow/db";
import {
  DealStatus,
  EVENT_TYPES,
  EventInputSchema,
  PartnerStatus,
  RewardStatus,
  Tier,
  type EventInput,
} from "@partnerflow/domain";
import { recordEvent } from "@partnerflow/service";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";
import { publicProcedure } from "../trpc.ts";

const Id = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits and _ . : -");
/** Lets a client retry a mutation safely: the same key is recorded once. */
const IdempotencyKey = z.string().min(1).max(200).optional();
const Reason = z.string().min(1).max(500).optional();

const newId = (prefix: string) => `${prefix}_${globalThis.crypto.randomUUID()}`;

/**
 * Every mutation is an event: validated again by the catalog's envelope schema (one source of
 * truth for payload rules), then recorded by the domain service in one transaction.
 */
async function record(ctx: Context, envelope: Record<string, unknown>) {
  const parsed = EventInputSchema.safeParse(envelope);
  if (!parsed.success) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: parsed.error.message,
      cause: parsed.error,
    });
  }
  const input: EventInput = parsed.data;
  const result = await ctx.db.transaction((tx) => recordEvent(tx, input));
  ctx.logger.info("event recorded", {
    type: input.type,
    seq: result.seq,
    duplicate: result.duplicate,
  });
  return result;
}

function envelope(
  type: keyof typeof EVENT_TYPES,
  partnerId: string | undefined,
  idempotencyKey: string | undefined,
  payload: Record<string, unknown>,
) {
  return { type, partnerId, idempotencyKey: idempotencyKey ?? newId("api"), payload };
}

async function partnerRow(ctx: Context, id: string) {
  const [row] = await ctx.db.select().from(schema.partners).where(eq(schema.partners.id, id));
  if (!row) throw notFound("partner", id);
  return row;
}

export const partnersMutations = {
  /** Adds a partner (records `partner.created`); the id is generated unless given. */
  create: publicProcedure
    .input(
      EVENT_TYPES["partner.created"].payload.schema.extend({
        id: Id.optional(),
        idempotencyKey: IdempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, idempotencyKey, ...payload } = input;
      const partnerId = id ?? newId("p");
      const result = await record(
        ctx,
        envelope("partner.created", partnerId, idempotencyKey, payload),
      );
      return { id: partnerId, ...result };
    }),

  /** Moves a partner to another tier (records `partner.tier_changed`). */
  setTier: publicProcedure
    .input(z.strictObject({ id: Id, tier: Tier, reason: Reason, idempotencyKey: IdempotencyKey }))
    .mutation(async ({ ctx, input }) => {
      const partner = await partnerRow(ctx, input.id);
      return record(
        ctx,
        envelope("partner.tier_changed", input.id, input.idempotencyKey, {
          from: partner.tier,
          to: input.tier,
          reason: input.reason,
        }),
      );
    }),

  /** Changes a partner's status (records `partner.status_changed`). */
  setStatus: publicProcedure
    .input(
      z.strictObject({
        id: Id,
        status: PartnerStatus,
        reason: Reason,
        idempotencyKey: IdempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const partner = await partnerRow(ctx, input.id);
      return record(
        ctx,
        envelope("partner.status_changed", input.id, input.idempotencyKey, {
          from: partner.status,
          to: input.status,
          reason: input.reason,
        }),
      );
    }),
};

export const dealsMutations = {
  /** Registers a deal for a partner (records `deal.registered`). */
  register: publicProcedure
    .input(
      EVENT_TYPES["deal.registered"].payload.schema.extend({
        partnerId: Id,
        dealId: Id.optional(),
        idempotencyKey: IdempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { partnerId, idempotencyKey, ...rest } = input;
      const dealId = rest.dealId ?? newId("d");
      const result = await record(
        ctx,
        envelope("deal.registered", partnerId, idempotencyKey, { ...rest, dealId }),
      );
      return { dealId, ...result };
    }),

  /** Approves, rejects, wins or loses a deal (records `deal.status_changed`). */
  setStatus: publicProcedure
    .input(
      z.strictObject({
        dealId: Id,
        status: DealStatus,
        reason: Reason,
        idempotencyKey: IdempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const [deal] = await ctx.db
        .select()
        .from(schema.deals)
        .where(eq(schema.deals.id, input.dealId));
      if (!deal) throw notFound("deal", input.dealId);
      return record(
        ctx,
        envelope("deal.status_changed", deal.partnerId, input.idempotencyKey, {
          dealId: deal.id,
          from: deal.status,
          to: input.status,
          reason: input.reason,
        }),
      );
    }),
};

export const salesMutations = {
  /** Records a sale for a partner (records `sale.recorded`). */
  record: publicProcedure
    .input(
      EVENT_TYPES["sale.recorded"].payload.schema.extend({
        partnerId: Id,
        saleId: Id.optional(),
        occurredAt: z.iso
          .datetime({ offset: true, message: "must be an ISO 8601 date-time with offset" })
          .optional(),
        idempotencyKey: IdempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { partnerId, idempotencyKey, occurredAt, ...rest } = input;
      const saleId = rest.saleId ?? newId("s");
      const result = await record(ctx, {
        ...envelope("sale.recorded", partnerId, idempotencyKey, { ...rest, saleId }),
        occurredAt,
      });
      return { saleId, ...result };
    }),
};

export const rewardsMutations = {
  /** Approves, pays, declines or holds a ledger entry (records `reward.status_changed`). */
  setStatus: publicProcedure
    .input(
      z.strictObject({
        rewardId: Id,
        status: RewardStatus,
        reason: Reason,
        idempotencyKey: IdempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const [reward] = await ctx.db
        .select()
        .from(schema.rewardLedger)
        .where(eq(schema.rewardLedger.id, input.rewardId));
      if (!reward) throw notFound("reward", input.rewardId);
      return record(
        ctx,
        envelope("reward.status_changed", reward.partnerId, input.idempotencyKey, {
          rewardId: reward.id,
          to: input.status,
          reason: input.reason,
        }),
      );
    }),
};

export const eventsMutations = {
  /**
   * Records any catalog event, as the HTTP ingestion endpoint does (for the app and for
   * "test with this event"). The envelope is validated by the catalog.
   */
  record: publicProcedure
    .input(z.record(z.string(), z.unknown()))
    .mutation(({ ctx, input }) => record(ctx, input)),
};
