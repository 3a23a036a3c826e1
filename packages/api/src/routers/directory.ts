import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@partnerflow/db";
import {
  ENTITIES,
  EVENT_TYPES,
  EVENT_TYPE_NAMES,
  METRICS,
  Region,
  UserRole,
  eventFields,
} from "@partnerflow/domain";
import { notFound } from "../errors.ts";
import { publicProcedure, router } from "../trpc.ts";

const { users } = schema;

export const usersRouter = router({
  /** Internal users (account managers, channel managers, admins), by name. */
  list: publicProcedure
    .input(z.strictObject({ role: UserRole.optional(), region: Region.optional() }).default({}))
    .query(({ ctx, input }) =>
      ctx.db
        .select()
        .from(users)
        .where(
          and(
            input.role ? eq(users.role, input.role) : undefined,
            input.region ? eq(users.region, input.region) : undefined,
          ),
        )
        .orderBy(asc(users.name), asc(users.id)),
    ),
  byId: publicProcedure
    .input(z.strictObject({ id: z.string().min(1).max(120) }))
    .query(async ({ ctx, input }) => {
      const [user] = await ctx.db.select().from(users).where(eq(users.id, input.id));
      if (!user) throw notFound("user", input.id);
      return user;
    }),
});

/**
 * The data catalog as plain JSON: the canvas builds its pickers from it. Zod schemas stay on
 * the server; only their field metadata travels.
 */
export function catalogJson() {
  return {
    entities: ENTITIES,
    eventTypes: EVENT_TYPE_NAMES.map((type) => {
      const def = EVENT_TYPES[type];
      return {
        type,
        label: def.label,
        description: def.description,
        entity: def.entity,
        partnerScoped: def.partnerScoped,
        fields: eventFields(type),
      };
    }),
    metrics: METRICS,
  };
}

export const catalogRouter = router({
  get: publicProcedure.query(() => catalogJson()),
});
