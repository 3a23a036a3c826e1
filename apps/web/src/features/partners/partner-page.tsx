import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import type { RouterOutputs } from "@partnerflow/api";
import { useTRPC } from "../../app/trpc.ts";
import { StatusBadge, TierBadge } from "../../shared/badges.tsx";
import { EmptyState } from "../../shared/empty-state.tsx";
import {
  formatDate,
  formatMinor,
  formatNumber,
  humanize,
  partnerTypeLabel,
} from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { PartnerTimeline } from "./partner-timeline.tsx";

type PartnerDetail = RouterOutputs["partners"]["byId"];

/** True when tRPC answered 404 for the id (as opposed to a transport or server failure). */
function isNotFound(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { data?: { code?: string } | null }).data?.code === "NOT_FOUND"
  );
}

/** One partner: profile, key metrics and the event timeline. */
export function PartnerPage() {
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const query = useQuery(trpc.partners.byId.queryOptions({ id }));

  if (query.isPending) return <Loading label="Loading partner…" />;
  if (query.isError) {
    if (isNotFound(query.error)) {
      return (
        <EmptyState title="Partner not found">
          <p>
            No partner has the id “{id}”. <Link to="/partners">Back to all partners</Link>.
          </p>
        </EmptyState>
      );
    }
    return (
      <ErrorMessage
        error={query.error}
        title="Could not load this partner"
        onRetry={() => void query.refetch()}
      />
    );
  }

  const { partner, accountManager } = query.data;
  return (
    <>
      <Link className="back-link" to="/partners">
        ← All partners
      </Link>
      <PageHeader
        title={partner.name}
        subtitle={
          <>
            <TierBadge tier={partner.tier} /> {partnerTypeLabel(partner.type)} in {partner.country},{" "}
            {partner.region}
          </>
        }
      />
      <div className="grid-2">
        <ProfileCard detail={query.data} accountManagerName={accountManager?.name ?? null} />
        <div className="stack">
          <section aria-labelledby="metrics-heading">
            <h2 id="metrics-heading" className="visually-hidden">
              Key metrics
            </h2>
            <MetricCards metrics={query.data.metrics} />
          </section>
          <section className="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <PartnerTimeline partnerId={partner.id} />
          </section>
        </div>
      </div>
    </>
  );
}

function ProfileCard({
  detail,
  accountManagerName,
}: {
  detail: PartnerDetail;
  accountManagerName: string | null;
}) {
  const { partner, counts } = detail;
  const attributes = Object.entries(partner.attributes);
  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <dl className="profile-list">
        <dt>Tier</dt>
        <dd>
          <TierBadge tier={partner.tier} />
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={partner.status} />
        </dd>
        <dt>Type</dt>
        <dd>{partnerTypeLabel(partner.type)}</dd>
        <dt>Region</dt>
        <dd>
          {partner.region} · {partner.country}
        </dd>
        <dt>Account manager</dt>
        <dd>{accountManagerName ?? "Unassigned"}</dd>
        <dt>Compliance</dt>
        <dd>{partner.compliant ? "Compliant" : "Non-compliant"}</dd>
        <dt>Joined</dt>
        <dd>{formatDate(partner.createdAt)}</dd>
        <dt>Contacts</dt>
        <dd>{counts.contacts}</dd>
        <dt>Deals</dt>
        <dd>{counts.deals}</dd>
        <dt>Rewards</dt>
        <dd>{counts.rewards}</dd>
        {attributes.map(([key, value]) => (
          <FragmentRow key={key} label={humanize(key)} value={String(value)} />
        ))}
      </dl>
    </section>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** The metric list comes from the API with labels; money arrives in reporting-currency minor units. */
function MetricCards({ metrics }: { metrics: PartnerDetail["metrics"] }) {
  return (
    <dl className="metrics" data-testid="partner-metrics">
      {metrics.map((m) => (
        <div key={m.key} className="metric">
          <dt>{m.label}</dt>
          <dd>
            {m.money
              ? formatMinor(m.money.minor, m.money.currency)
              : formatNumber(m.type === "number" ? m.value : null)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
