import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** True for loopback, private, link-local, CGNAT, ULA, multicast and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (v === 6) {
    const s = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    if (mapped) return isPrivateAddress(mapped[1]!);
    return (
      s === "::" ||
      s === "::1" ||
      s.startsWith("fc") ||
      s.startsWith("fd") ||
      /^fe[89ab]/.test(s) ||
      s.startsWith("ff")
    );
  }
  return true; // not an address at all: refuse
}

/**
 * Refuses webhook targets that resolve to internal addresses (SSRF), unless an admin put the
 * host on the allow-list. Every resolved address is checked, IPv4 and IPv6, so one public
 * and one private record cannot sneak through. Answers the reason, or null when allowed.
 */
export async function refuseInternalTarget(
  url: URL,
  allowHosts: readonly string[],
  resolve: (host: string) => Promise<string[]> = async (h) =>
    (await lookup(h, { all: true, verbatim: true })).map((a) => a.address),
): Promise<string | null> {
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return `scheme ${url.protocol} is not allowed`;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (allowHosts.includes(host.toLowerCase())) return null;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (e) {
    return `cannot resolve ${host}: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (addresses.length === 0) return `cannot resolve ${host}`;
  const bad = addresses.find(isPrivateAddress);
  return bad
    ? `${host} resolves to a private or loopback address (${bad}); an admin can allow the host`
    : null;
}
