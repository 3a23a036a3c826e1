import { useId, type ReactElement } from "react";

/**
 * A labelled form control. The label points at the control by id instead of wrapping it, so a
 * select's accessible name is just "Tier", not "Tier All tiers".
 */
export function Field({
  label,
  grow = false,
  children,
}: {
  label: string;
  grow?: boolean;
  children: (id: string) => ReactElement;
}) {
  const id = useId();
  return (
    <div className={grow ? "field grow" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
