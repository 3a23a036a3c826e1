import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../app/trpc.ts";

/**
 * Internal users by id, for showing account managers in lists. There are few users, so one
 * cached list beats a join per list page.
 */
export function useUserNames(): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.users.list.queryOptions({}), staleTime: 5 * 60_000 });
  return useMemo(() => new Map((data ?? []).map((u) => [u.id, u.name])), [data]);
}
