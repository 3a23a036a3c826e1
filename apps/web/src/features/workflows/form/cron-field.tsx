import { useMemo } from "react";
import { Cron } from "croner";
import { FieldRow, Select } from "./controls.tsx";
import { useFieldProblems, useFormCtx, type Path } from "./form-context.tsx";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad = (n: number) => String(n).padStart(2, "0");

/** Plain-English reading of the common cron shapes the builder writes; the pattern otherwise. */
export function describeCron(pattern: string): string {
  const parts = pattern.trim().split(/\s+/);
  if (parts.length !== 5) return `Cron “${pattern}”`;
  const [min, hour, dom, mon, dow] = parts as [string, string, string, string, string];
  if (!/^\d+$/.test(min) || !/^\d+$/.test(hour)) return `Cron “${pattern}”`;
  const at = `at ${pad(Number(hour))}:${pad(Number(min))}`;
  if (dom === "*" && mon === "*" && dow === "*") return `Every day ${at}`;
  if (dom === "*" && mon === "*" && /^\d$/.test(dow)) return `Every ${DAYS[Number(dow) % 7]} ${at}`;
  if (dom === "*" && mon === "*" && dow === "1-5") return `Every weekday ${at}`;
  if (/^\d+$/.test(dom) && mon === "*" && dow === "*") return `On day ${dom} of every month ${at}`;
  return `Cron “${pattern}”`;
}

type Freq = "daily" | "weekdays" | "weekly" | "monthly" | "custom";

function parse(pattern: string): {
  freq: Freq;
  hour: number;
  minute: number;
  dow: number;
  dom: number;
} {
  const p = pattern.trim().split(/\s+/);
  const base = { hour: Number(p[1]) || 0, minute: Number(p[0]) || 0, dow: 1, dom: 1 };
  if (p.length !== 5 || !/^\d+$/.test(p[0]!) || !/^\d+$/.test(p[1]!))
    return { freq: "custom", ...base };
  if (p[2] === "*" && p[3] === "*" && p[4] === "*") return { freq: "daily", ...base };
  if (p[2] === "*" && p[3] === "*" && p[4] === "1-5") return { freq: "weekdays", ...base };
  if (p[2] === "*" && p[3] === "*" && /^\d$/.test(p[4]!))
    return { freq: "weekly", ...base, dow: Number(p[4]) };
  if (/^\d+$/.test(p[2]!) && p[3] === "*" && p[4] === "*")
    return { freq: "monthly", ...base, dom: Number(p[2]) };
  return { freq: "custom", ...base };
}

function build(
  freq: Freq,
  hour: number,
  minute: number,
  dow: number,
  dom: number,
  fallback: string,
): string {
  const hm = `${minute} ${hour}`;
  switch (freq) {
    case "daily":
      return `${hm} * * *`;
    case "weekdays":
      return `${hm} * * 1-5`;
    case "weekly":
      return `${hm} * * ${dow}`;
    case "monthly":
      return `${hm} ${dom} * *`;
    case "custom":
      return fallback;
  }
}

/** Cron builder: pick a frequency and time (or type a pattern), read it back and see the next fire times. */
export function CronField(props: {
  id: string;
  label: string;
  value: unknown;
  path: Path;
  onChange: (v: string) => void;
}) {
  const { config } = useFormCtx();
  const pattern = typeof props.value === "string" ? props.value : "";
  const tz = typeof config.timeZone === "string" ? config.timeZone : "UTC";
  const problems = useFieldProblems(props.path);
  const p = parse(pattern);
  const next = useMemo(() => {
    try {
      const c = new Cron(pattern, { paused: true, timezone: tz });
      return { runs: c.nextRuns(3), error: "" };
    } catch (e) {
      return { runs: [] as Date[], error: e instanceof Error ? e.message : String(e) };
    }
  }, [pattern, tz]);
  const set = (patch: Partial<typeof p>) => {
    const q = { ...p, ...patch };
    props.onChange(build(q.freq, q.hour, q.minute, q.dow, q.dom, pattern));
  };
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  const fmt = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tz,
  });
  return (
    <FieldRow id={props.id} label={props.label} problems={problems}>
      <span className="inline-inputs">
        <Select
          id={`${props.id}-freq`}
          ariaLabel="Repeat"
          value={p.freq}
          options={[
            { value: "daily", label: "Every day" },
            { value: "weekdays", label: "Every weekday" },
            { value: "weekly", label: "Every week" },
            { value: "monthly", label: "Every month" },
            { value: "custom", label: "Custom pattern" },
          ]}
          onChange={(f) => set({ freq: f as Freq })}
        />
        {p.freq === "weekly" && (
          <Select
            id={`${props.id}-dow`}
            ariaLabel="Day of the week"
            value={String(p.dow)}
            options={DAYS.map((d, i) => ({ value: String(i), label: d }))}
            onChange={(d) => set({ dow: Number(d) })}
          />
        )}
        {p.freq === "monthly" && (
          <input
            type="number"
            min={1}
            max={28}
            aria-label="Day of the month"
            value={p.dom}
            onChange={(e) => set({ dom: Number(e.target.value) })}
          />
        )}
        {p.freq !== "custom" && (
          <input
            type="time"
            aria-label="Time of day"
            value={time}
            onChange={(e) => {
              const [h, m] = e.target.value.split(":").map(Number);
              set({ hour: h ?? 0, minute: m ?? 0 });
            }}
          />
        )}
      </span>
      <input
        id={props.id}
        type="text"
        className="mono"
        aria-label="Cron pattern"
        value={pattern}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <div className="cron-preview" data-testid="cron-preview">
        <strong>{describeCron(pattern)}</strong> ({tz})
        {next.error ? (
          <div className="field-errors">{next.error}</div>
        ) : (
          <ul className="next-runs" aria-label="Next fire times">
            {next.runs.map((d) => (
              <li key={d.toISOString()}>{fmt.format(d)}</li>
            ))}
          </ul>
        )}
      </div>
    </FieldRow>
  );
}
