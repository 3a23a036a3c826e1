import type { CurrencyCode, PartnerType, ProductLine, Region } from "@partnerflow/domain";

/** Countries per region with their weight and the currency their partners trade in. */
export const COUNTRIES: Readonly<
  Record<Region, readonly { code: string; currency: CurrencyCode; weight: number }[]>
> = {
  NA: [
    { code: "US", currency: "USD", weight: 8 },
    { code: "CA", currency: "CAD", weight: 2 },
  ],
  LATAM: [
    { code: "BR", currency: "BRL", weight: 4 },
    { code: "MX", currency: "MXN", weight: 3 },
    { code: "CO", currency: "USD", weight: 1 },
    { code: "CL", currency: "USD", weight: 1 },
  ],
  EMEA: [
    { code: "DE", currency: "EUR", weight: 4 },
    { code: "GB", currency: "GBP", weight: 4 },
    { code: "FR", currency: "EUR", weight: 3 },
    { code: "NL", currency: "EUR", weight: 1.5 },
    { code: "ES", currency: "EUR", weight: 1.5 },
    { code: "IT", currency: "EUR", weight: 1.5 },
    { code: "CH", currency: "CHF", weight: 1 },
    { code: "SE", currency: "SEK", weight: 1 },
    { code: "AE", currency: "USD", weight: 0.5 },
  ],
  APAC: [
    { code: "JP", currency: "JPY", weight: 4 },
    { code: "AU", currency: "AUD", weight: 3 },
    { code: "SG", currency: "SGD", weight: 1.5 },
    { code: "IN", currency: "INR", weight: 2.5 },
  ],
};

export const REGION_WEIGHTS: Readonly<Record<Region, number>> = {
  NA: 40,
  EMEA: 30,
  APAC: 20,
  LATAM: 10,
};

export const TYPE_WEIGHTS: Readonly<Record<PartnerType, number>> = {
  reseller: 30,
  var: 15,
  integrator: 10,
  msp: 12,
  distributor: 8,
  dealer: 8,
  affiliate: 9,
  referral: 8,
};

/** Share of each product line in sales, by partner type family. */
export const PRODUCT_WEIGHTS: Readonly<Record<ProductLine, number>> = {
  core: 40,
  premium: 15,
  cloud: 20,
  services: 15,
  hardware: 10,
};

/** Typical sale size in USD per product line (median of a log-normal). */
export const PRODUCT_MEDIAN_USD: Readonly<Record<ProductLine, number>> = {
  core: 3_600,
  premium: 9_500,
  cloud: 2_700,
  services: 6_000,
  hardware: 4_800,
};

/** Units of a currency per USD on the first day of the history; rates drift from here. */
export const BASE_RATES: Readonly<Record<CurrencyCode, number>> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  JPY: 150,
  CHF: 0.88,
  CAD: 1.36,
  AUD: 1.52,
  SEK: 10.5,
  INR: 83,
  BRL: 5.0,
  MXN: 17.5,
  SGD: 1.35,
};

export const COURSES = [
  "Partner onboarding",
  "Core platform sales",
  "Cloud fundamentals",
  "Premium solution design",
  "Services delivery",
  "Hardware installation",
  "Security essentials",
  "Pricing and quoting",
] as const;

export const CERTIFICATIONS = [
  "Certified Sales Professional",
  "Certified Cloud Architect",
  "Certified Premium Specialist",
  "Certified Services Engineer",
] as const;

export const LICENSE_PRODUCTS = [
  "Core platform resale",
  "Cloud subscription resale",
  "Premium suite resale",
] as const;

export const SKUS = [
  { sku: "HW-GW-100", product: "Gateway 100" },
  { sku: "HW-GW-300", product: "Gateway 300" },
  { sku: "HW-SW-24", product: "Switch 24-port" },
  { sku: "HW-AP-6", product: "Access point 6" },
  { sku: "HW-SRV-2U", product: "Server 2U" },
  { sku: "HW-KIT-ST", product: "Starter kit" },
] as const;

const NAME_HEADS = [
  "Acme",
  "Northwind",
  "Blue Harbor",
  "Summit",
  "Vertex",
  "Cobalt",
  "Redwood",
  "Atlas",
  "Nimbus",
  "Orion",
  "Keystone",
  "Silverline",
  "Pioneer",
  "Lumen",
  "Granite",
  "Harbor",
  "Evergreen",
  "Quantum",
  "Beacon",
  "Crescent",
  "Falcon",
  "Meridian",
  "Sterling",
  "Zenith",
] as const;
const NAME_TAILS = [
  "Systems",
  "Solutions",
  "Technologies",
  "Networks",
  "Partners",
  "IT",
  "Digital",
  "Consulting",
  "Distribution",
  "Group",
  "Labs",
  "Services",
] as const;
export const PERSON_FIRST = [
  "Ana",
  "Ben",
  "Chloe",
  "David",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Isabel",
  "Jonas",
  "Kiran",
  "Lea",
  "Mateo",
  "Nora",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
] as const;
export const PERSON_LAST = [
  "Almeida",
  "Brown",
  "Chen",
  "Dubois",
  "Eriksson",
  "Fischer",
  "Garcia",
  "Hoffmann",
  "Ito",
  "Jensen",
  "Kumar",
  "Lopez",
  "Martin",
  "Nakamura",
  "Okafor",
  "Patel",
  "Rossi",
  "Schmidt",
  "Tanaka",
  "Walsh",
] as const;

/** A readable, unique company name for partner number `index`. */
export function companyName(index: number, head: number, tail: number): string {
  const h = NAME_HEADS[head % NAME_HEADS.length] ?? "Acme";
  const t = NAME_TAILS[tail % NAME_TAILS.length] ?? "Systems";
  return `${h} ${t} ${index + 1}`;
}
