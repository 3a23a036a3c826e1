import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

export const PARTNER_SORTS = ["name", "tier", "joined"] as const;

/** The list's filters as the URL holds them (so a filtered list can be shared and restored). */
export interface PartnerFilters {
  search: string;
  tier: string;
  region: string;
  sort: string;
}

/** Reads and writes the partner filters in the query string. */
export function usePartnerFilters(): [PartnerFilters, (next: Partial<PartnerFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: PartnerFilters = {
    search: params.get("q") ?? "",
    tier: params.get("tier") ?? "",
    region: params.get("region") ?? "",
    sort: params.get("sort") ?? "name",
  };
  const update = useCallback(
    (next: Partial<PartnerFilters>) => {
      setParams(
        (prev) => {
          const out = new URLSearchParams(prev);
          const keys: [keyof PartnerFilters, string][] = [
            ["search", "q"],
            ["tier", "tier"],
            ["region", "region"],
            ["sort", "sort"],
          ];
          for (const [field, param] of keys) {
            const value = next[field];
            if (value === undefined) continue;
            if (value === "" || (field === "sort" && value === "name")) out.delete(param);
            else out.set(param, value);
          }
          return out;
        },
        // Typing in the search box should not push a history entry per keystroke.
        { replace: true },
      );
    },
    [setParams],
  );
  return [filters, update];
}
