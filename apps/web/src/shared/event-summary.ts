import { EVENT_TYPES, PARTNER_TYPES, isEventType, type FieldMeta } from "@partnerflow/domain";
import {
  formatDate,
  formatNumber,
  formatPayloadMoney,
  humanize,
  partnerTypeLabel,
} from "./format.ts";

/** One "Label: value" pair shown under an event. */
export interface EventDetail {
  label: string;
  value: string;
}

/** How many payload fields an event line shows; the rest is noise in a feed. */
const MAX_DETAILS = 4;

/** The catalog label of an event type ("sale.recorded" → "Sale recorded"). */
export function eventLabel(type: string): string {
  return isEventType(type) ? EVENT_TYPES[type].label : humanize(type);
}

/**
 * The key payload fields of an event, read through the catalog so labels and money formats
 * match the rest of the product. Id references are skipped: they mean nothing to a reader.
 */
export function eventDetails(type: string, payload: unknown): EventDetail[] {
  if (!isEventType(type) || typeof payload !== "object" || payload === null) return [];
  const fields: Readonly<Record<string, FieldMeta>> = EVENT_TYPES[type].payload.fields;
  const values = payload as Record<string, unknown>;
  const details: EventDetail[] = [];
  for (const [key, meta] of Object.entries(fields)) {
    if (details.length >= MAX_DETAILS) break;
    if (meta.ref) continue;
    const text = formatValue(meta, values[key]);
    if (text !== null) details.push({ label: meta.label, value: text });
  }
  return details;
}

function formatValue(meta: FieldMeta, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  switch (meta.type) {
    case "money":
      return formatPayloadMoney(value);
    case "date":
      return typeof value === "string" ? formatDate(value) : null;
    case "number":
      return typeof value === "number" ? formatNumber(value) : null;
    case "boolean":
      return typeof value === "boolean" ? (value ? "Yes" : "No") : null;
    case "enum":
      if (typeof value !== "string") return null;
      return meta.options === PARTNER_TYPES ? partnerTypeLabel(value) : humanizeEnum(value);
    case "text":
      return typeof value === "string" || typeof value === "number" ? String(value) : null;
  }
}

/** Tiers and regions are proper names; snake_case values read better as words. */
function humanizeEnum(value: string): string {
  return value.includes("_") || value === value.toLowerCase() ? humanize(value) : value;
}
