import { CURRENCY_CODES } from "@partnerflow/domain";
import { DURATION_UNITS } from "../lib/workflow-lib.ts";
import { Select, opts } from "./controls.tsx";

interface MoneyValue {
  amount?: string | number;
  currency?: string;
}

/** Money as a decimal amount and a currency: never a float. */
export function MoneyInput(props: {
  id: string;
  label: string;
  value: unknown;
  invalid?: boolean;
  onChange: (v: { amount: string; currency: string }) => void;
}) {
  const m = (props.value && typeof props.value === "object" ? props.value : {}) as MoneyValue;
  const amount = m.amount === undefined ? "" : String(m.amount);
  const currency = m.currency ?? "USD";
  return (
    <span className="inline-inputs">
      <input
        id={props.id}
        type="text"
        inputMode="decimal"
        aria-label={`${props.label} amount`}
        aria-invalid={props.invalid || undefined}
        value={amount}
        placeholder="0.00"
        onChange={(e) => props.onChange({ amount: e.target.value.replace(/[,\s]/g, ""), currency })}
      />
      <Select
        id={`${props.id}-currency`}
        ariaLabel={`${props.label} currency`}
        value={currency}
        options={opts(CURRENCY_CODES)}
        onChange={(c) => props.onChange({ amount, currency: c })}
      />
    </span>
  );
}

/** A duration as an amount and a unit ("7 days"). */
export function DurationInput(props: {
  id: string;
  label: string;
  value: unknown;
  invalid?: boolean;
  onChange: (v: { amount: number; unit: string }) => void;
}) {
  const d = (props.value && typeof props.value === "object" ? props.value : {}) as {
    amount?: number;
    unit?: string;
  };
  const unit = d.unit ?? "days";
  return (
    <span className="inline-inputs">
      <input
        id={props.id}
        type="number"
        min={1}
        aria-label={`${props.label} amount`}
        aria-invalid={props.invalid || undefined}
        value={d.amount ?? ""}
        onChange={(e) => props.onChange({ amount: Number(e.target.value), unit })}
      />
      <Select
        id={`${props.id}-unit`}
        ariaLabel={`${props.label} unit`}
        value={unit}
        options={opts(DURATION_UNITS)}
        onChange={(u) => props.onChange({ amount: d.amount ?? 1, unit: u })}
      />
    </span>
  );
}
