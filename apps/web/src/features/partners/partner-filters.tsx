import { Field } from "../../shared/field.tsx";
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
      <Field label="Search" grow>
        {(id) => (
          <input
            id={id}
            type="search"
            placeholder="Partner name"
            value={filters.search}
            onChange={(e) => onChange({ search: e.target.value })}
          />
        )}
      </Field>
      <Field label="Tier">
        {(id) => (
          <select id={id} value={filters.tier} onChange={(e) => onChange({ tier: e.target.value })}>
            <option value="">All tiers</option>
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Region">
        {(id) => (
          <select
            id={id}
            value={filters.region}
            onChange={(e) => onChange({ region: e.target.value })}
          >
            <option value="">All regions</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Sort by">
        {(id) => (
          <select id={id} value={filters.sort} onChange={(e) => onChange({ sort: e.target.value })}>
            {PARTNER_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </form>
  );
}
