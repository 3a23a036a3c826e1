import { useQuery } from "@tanstack/react-query";
import { create } from "zustand";
import { useTRPC } from "../../../app/trpc.ts";

/** Sample data for template previews when no partner is chosen. */
export const SAMPLE_PARTNER: Record<string, unknown> = {
  name: "Acme Networks",
  tier: "Gold",
  region: "EMEA",
  country: "DE",
  type: "reseller",
  status: "active",
};

/** The partner every email/notification preview renders for (shared by all fields of the page). */
export const usePreviewPartner = create<{
  partner: Record<string, unknown> | null;
  choose: (p: Record<string, unknown> | null) => void;
}>()((set) => ({ partner: null, choose: (partner) => set({ partner }) }));

/** "Preview for": a real partner of the program, or the built-in sample. */
export function PreviewPartnerSelect(props: { id: string }) {
  const trpc = useTRPC();
  const partners = useQuery(trpc.partners.list.queryOptions({ limit: 50 }));
  const { partner, choose } = usePreviewPartner();
  const items = partners.data?.items ?? [];
  return (
    <span className="inline-inputs">
      <label htmlFor={props.id} className="muted">
        Preview for
      </label>
      <select
        id={props.id}
        value={typeof partner?.id === "string" ? partner.id : ""}
        onChange={(e) => {
          const row = items.find((p) => p.id === e.target.value);
          choose(row ? { ...row } : null);
        }}
      >
        <option value="">Sample partner ({String(SAMPLE_PARTNER.name)})</option>
        {items.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.tier})
          </option>
        ))}
      </select>
    </span>
  );
}
