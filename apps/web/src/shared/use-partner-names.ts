import { useQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "../app/trpc.ts";

/** Directory pages fetched at most: names for up to 1,000 partners, then links fall back. */
const MAX_PAGES = 10;

/**
 * Partner names by id, for feeds and ledgers whose rows carry only a partner id. One cached
 * walk over the directory (100 per page) is cheaper than a lookup per row.
 */
export function usePartnerNames(): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { data } = useQuery({
    queryKey: [...trpc.partners.list.pathKey(), "names"],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const names = new Map<string, string>();
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await client.partners.list.query({ limit: 100, cursor }, { signal });
        for (const p of res.items) names.set(p.id, p.name);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      return names;
    },
  });
  return data ?? EMPTY;
}

const EMPTY: ReadonlyMap<string, string> = new Map();
