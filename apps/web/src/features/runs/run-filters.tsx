import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { useTRPC } from "../../app/trpc.ts";
import { Field } from "../../shared/field.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import {
  dayToIso,
  isRunStatus,
  RUN_STATUSES,
  runStatusLabel,
  type RunStatus,
} from "./run-format.ts";

type FilterKey = "workflow" | "version" | "status" | "partner" | "from" | "to";

export interface RunFilters {
  workflow: string;
  version: string;
  status: string;
  partner: string;
  from: string;
  to: string;
}

/** The list filters live in the URL, so a filtered list can be shared and survives reloads. */
export function useRunFilters(): [RunFilters, (key: FilterKey, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const get = (k: FilterKey) => params.get(k) ?? "";
  const filters: RunFilters = {
    workflow: get("workflow"),
    version: get("version"),
    status: get("status"),
    partner: get("partner"),
    from: get("from"),
    to: get("to"),
  };
  const set = (key: FilterKey, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        // A version number only means something within its workflow.
        if (key === "workflow") next.delete("version");
        return next;
      },
      { replace: true },
    );
  return [filters, set];
}

/** The API input for the filters; values the URL got wrong are dropped, not sent. */
export function runListInput(f: RunFilters) {
  const version = Number(f.version);
  const from = dayToIso(f.from, "start");
  const to = dayToIso(f.to, "end");
  return {
    ...(f.workflow ? { workflowId: f.workflow } : {}),
    ...(f.workflow && Number.isInteger(version) && version >= 1 ? { version } : {}),
    ...(isRunStatus(f.status) ? { status: f.status satisfies RunStatus } : {}),
    ...(f.partner ? { partnerId: f.partner } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** Workflow, version, status, partner and day range. */
export function RunFiltersBar({
  filters,
  onChange,
}: {
  filters: RunFilters;
  onChange: (key: FilterKey, value: string) => void;
}) {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions({ includeArchived: true }));
  const partnerNames = usePartnerNames();
  const partners = [...partnerNames].sort((a, b) => a[1].localeCompare(b[1]));
  const chosen = workflows.data?.find((w) => w.id === filters.workflow);
  const versions = Array.from({ length: chosen?.latestVersion ?? 0 }, (_, i) => i + 1).reverse();
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Run filters">
      <Field label="Workflow">
        {(id) => (
          <select
            id={id}
            value={filters.workflow}
            onChange={(e) => onChange("workflow", e.target.value)}
          >
            <option value="">All workflows</option>
            {workflows.data?.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Version">
        {(id) => (
          <select
            id={id}
            value={filters.version}
            disabled={!chosen}
            onChange={(e) => onChange("version", e.target.value)}
          >
            <option value="">{chosen ? "All versions" : "Pick a workflow"}</option>
            {versions.map((v) => (
              <option key={v} value={String(v)}>
                v{v}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(id) => (
          <select
            id={id}
            value={filters.status}
            onChange={(e) => onChange("status", e.target.value)}
          >
            <option value="">All statuses</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {runStatusLabel(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Partner">
        {(id) => (
          <select
            id={id}
            value={filters.partner}
            onChange={(e) => onChange("partner", e.target.value)}
          >
            <option value="">All partners</option>
            {partners.map(([pid, name]) => (
              <option key={pid} value={pid}>
                {name}
              </option>
            ))}
            {filters.partner && !partnerNames.has(filters.partner) ? (
              <option value={filters.partner}>{filters.partner}</option>
            ) : null}
          </select>
        )}
      </Field>
      <Field label="Started from">
        {(id) => (
          <input
            id={id}
            type="date"
            value={filters.from}
            onChange={(e) => onChange("from", e.target.value)}
          />
        )}
      </Field>
      <Field label="Started until">
        {(id) => (
          <input
            id={id}
            type="date"
            value={filters.to}
            onChange={(e) => onChange("to", e.target.value)}
          />
        )}
      </Field>
    </form>
  );
}
