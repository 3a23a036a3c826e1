import { useEffect, type ReactNode } from "react";

/** "Loading …" announced politely to screen readers. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** A failed request, with the server's message and an optional retry. */
export function ErrorMessage({
  error,
  title = "Something went wrong",
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const issues = issuesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title}</strong>
      {issues.length > 0 ? (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      ) : (
        <p>{message}</p>
      )}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * The API's error formatter flattens validation problems into `data.issues`
 * (`{ path, message }`); a raw zod message is a JSON dump no reader wants.
 */
function issuesOf(error: unknown): { path: string; message: string }[] {
  if (typeof error !== "object" || error === null) return [];
  const issues = (error as { data?: { issues?: unknown } | null }).data?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is { path: string; message: string } =>
      typeof i === "object" &&
      i !== null &&
      typeof (i as { path?: unknown }).path === "string" &&
      typeof (i as { message?: unknown }).message === "string",
  );
}

/** Page heading with an optional subtitle and actions on the right; also titles the tab. */
export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Partnerflow`;
  }, [title]);
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
