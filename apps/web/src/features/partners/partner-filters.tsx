import { REGIONS, TIERS } from "@partnerflow/domain";
import { PARTNER_SORTS, type PartnerFilters } from "./partner-filters-state.ts";

const SORT_LABELS: Record<(typeof PARTNER_SORTS)[number], string> = {
  name: "Name",
  tier: "Tier (highest first)",
  joined: "Joined (newest first)",
};

/** The search box and the tier / region / sort selects above the partner table. */
export function PartnerFiltersBar({
  filters,
  onChange,
}: {
  filters: PartnerFilters;
  onChange: (next: Partial<PartnerFilters>) => void;
}) {
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="field grow">
        <span>Search</span>
        <input
          type="search"
          placeholder="Partner name"
          value={filters.search}
          onChange={(e) => onChange({ search: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Tier</span>
        <select value={filters.tier} onChange={(e) => onChange({ tier: e.target.value })}>
          <option value="">All tiers</option>
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Region</span>
        <select value={filters.region} onChange={(e) => onChange({ region: e.target.value })}>
          <option value="">All regions</option>
          {REGIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Sort by</span>
        <select value={filters.sort} onChange={(e) => onChange({ sort: e.target.value })}>
          {PARTNER_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
