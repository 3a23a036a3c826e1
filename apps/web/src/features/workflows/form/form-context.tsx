import { createContext, useContext } from "react";
import type { CatalogScope, Problem } from "../lib/workflow-lib.ts";

export type Path = readonly (string | number)[];

/** What every control in a node's form needs besides its own value. */
export interface FormCtx {
  nodeId: string;
  /** The trigger's event type and record entity: which fields pickers offer. */
  scope: CatalogScope;
  problems: readonly Problem[];
  /** The whole config (the cron preview reads the sibling time zone). */
  config: Record<string, unknown>;
}

export const FormContext = createContext<FormCtx>({
  nodeId: "",
  scope: {},
  problems: [],
  config: {},
});

export const useFormCtx = () => useContext(FormContext);

const samePath = (a: Path, b: Path) =>
  a.length === b.length && a.every((x, i) => String(x) === String(b[i]));
const startsWith = (p: Path, prefix: Path) =>
  prefix.length <= p.length && prefix.every((x, i) => String(x) === String(p[i]));

/** A problem's path inside the node's config (the compiler prefixes config paths with "config"). */
export function configPath(p: Path): Path {
  return p[0] === "config" ? p.slice(1) : p;
}

/** Problems at exactly this path (`deep`: at it or below it, for composite widgets). */
export function useFieldProblems(path: Path, deep = false): Problem[] {
  const { problems } = useFormCtx();
  return problems.filter((p) => {
    const at = configPath(p.path);
    return deep ? startsWith(at, path) : samePath(at, path);
  });
}
