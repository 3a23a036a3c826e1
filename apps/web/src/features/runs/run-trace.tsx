import { Link } from "react-router-dom";
import type { RouterOutputs } from "@partnerflow/api";
import { TraceEntry, type Parked } from "@partnerflow/workflow";
import { formatDateTime, humanize } from "../../shared/format.ts";
import { describeEffect } from "./effect-summary.ts";
import { asClauses, formatTraceValue } from "./run-format.ts";

type RunDetail = RouterOutputs["runs"]["get"];
type RunNode = RunDetail["nodes"][number];
type StepRow = RunDetail["steps"][number];

function parkedText(p: Parked): string {
  const until = p.until ? ` until ${formatDateTime(p.until)}` : "";
  switch (p.kind) {
    case "timer":
      return `Waiting${until}`;
    case "event":
      return `Waiting for “${p.eventType}”${until}`;
    case "approval":
      return `Waiting for approval by ${humanize(p.approverRole).toLowerCase()}: “${p.title}”${until}`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/**
 * A run's steps in order: the node (as the canvas names it), the decision and why, the values
 * it saw, the effects it applied, and where it parked or failed.
 */
export function RunTrace({ run }: { run: RunDetail }) {
  const nodes = new Map<string, RunNode>(run.nodes.map((n) => [n.id, n]));
  if (run.steps.length === 0) {
    return <p className="muted">No step has run yet.</p>;
  }
  return (
    <ol className="trace" aria-label="Step trace">
      {run.steps.map((s, i) => (
        <TraceStep key={s.seq} n={i + 1} step={s} node={nodes.get(s.nodeId)} />
      ))}
    </ol>
  );
}

function TraceStep({ n, step, node }: { n: number; step: StepRow; node: RunNode | undefined }) {
  const parsed = TraceEntry.safeParse(step.trace);
  const title = node?.label ?? humanize(parsed.success ? parsed.data.type : step.nodeId);
  if (!parsed.success) {
    return (
      <li className="trace-step" data-testid="trace-step">
        <h3>{title}</h3>
        <pre className="message-body">{JSON.stringify(step.trace, null, 2)}</pre>
      </li>
    );
  }
  const t = parsed.data;
  const inputs = Object.entries(t.inputs);
  // Only a node with a choice of paths made a decision; "Next" after an action says nothing.
  const ports = node?.ports ?? {};
  const decision =
    t.port && Object.keys(ports).length > 1 ? (ports[t.port] ?? humanize(t.port)) : null;
  const cls = t.error ? "trace-step has-error" : t.parked ? "trace-step is-parked" : "trace-step";
  return (
    <li className={cls} data-testid="trace-step" aria-label={`Step ${n}: ${title}`}>
      <header>
        <h3>
          {n}. {title}
          {node?.summary ? <span className="muted"> — {node.summary}</span> : null}
        </h3>
        <time className="muted" dateTime={t.at}>
          {formatDateTime(t.at)}
        </time>
      </header>
      {/* A failed step's "why" is its error message, shown once below in the error box. */}
      {t.error && t.why === t.error.message ? null : (
        <p className="trace-why">
          {decision ? (
            <>
              <strong>Decision: {decision}.</strong>{" "}
            </>
          ) : null}
          {t.parked ? parkedText(t.parked) : t.why}
        </p>
      )}
      {inputs.length > 0 ? (
        <>
          <h4 className="trace-section-title">Values it saw</h4>
          <dl className="kv">
            {inputs.map(([k, v]) => (
              <div key={k} style={{ display: "contents" }}>
                <dt>{k === "clauses" ? "Conditions" : k}</dt>
                <dd>
                  <SeenValue value={v} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {t.effects.length > 0 ? (
        <>
          <h4 className="trace-section-title">Effects</h4>
          <ul className="effects">
            {t.effects.map((e, i) => (
              <li key={i}>{describeEffect(e)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {t.parked?.kind === "approval" ? (
        <p>
          <Link to="/approvals">Open the Approvals inbox</Link>
        </p>
      ) : null}
      {t.error ? (
        <p className="error-box" role="note">
          <strong>{humanize(t.error.code)}:</strong> {t.error.message}
        </p>
      ) : null}
    </li>
  );
}

/** A value a step read; a condition's clauses as one line each: met or not, and what it saw. */
function SeenValue({ value }: { value: unknown }) {
  const clauses = asClauses(value);
  if (!clauses) return <>{formatTraceValue(value)}</>;
  return (
    <ul className="clauses">
      {clauses.map((c, i) => (
        <li key={i} data-testid="seen-clause">
          <span aria-hidden="true">{c.result ? "✓" : "✗"}</span>{" "}
          <span className="visually-hidden">{c.result ? "Met:" : "Not met:"}</span> {c.text}{" "}
          <span className="muted">
            (saw {formatTraceValue(c.left)}
            {c.right !== undefined ? `, compared with ${formatTraceValue(c.right)}` : ""})
          </span>
        </li>
      ))}
    </ul>
  );
}
