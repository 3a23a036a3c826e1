import type { RouterInputs, RouterOutputs } from "@partnerflow/api";

/** Response shapes, inferred from the router; the web app declares no DTOs of its own. */
export type PartnerListPage = RouterOutputs["partners"]["list"];
export type PartnerListItem = PartnerListPage["items"][number];
export type PartnerListInput = RouterInputs["partners"]["list"];
export type PartnerDetail = RouterOutputs["partners"]["byId"];
export type TimelinePage = RouterOutputs["partners"]["timeline"];
export type TimelineEvent = TimelinePage["items"][number];
export type RewardsPage = RouterOutputs["rewards"]["list"];
export type RecentEvents = RouterOutputs["events"]["recent"];
