import { useState } from "react";
import { useEditor } from "./store.ts";

/** Publish with a required note; refused while the compiler reports problems. */
export function PublishDialog(props: {
  onPublish: (note: string) => Promise<void>;
  onClose: () => void;
}) {
  const problems = useEditor((s) => s.problems.length);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const blocked = problems > 0;
  const submit = async () => {
    if (!note.trim()) {
      setError("Write a note saying what changed.");
      return;
    }
    setBusy(true);
    try {
      await props.onPublish(note.trim());
      props.onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="publish-title"
        className="modal"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === "Escape" && props.onClose()}
      >
        <h2 id="publish-title">Publish a new version</h2>
        {blocked ? (
          <p className="field-errors" role="alert">
            Fix the {problems} {problems === 1 ? "problem" : "problems"} listed under the canvas
            before publishing.
          </p>
        ) : (
          <p className="muted">
            The draft becomes an immutable numbered version. Runs already started stay on their
            version.
          </p>
        )}
        <label htmlFor="publish-note">Version note (required)</label>
        <textarea
          id="publish-note"
          rows={3}
          value={note}
          autoFocus
          onChange={(e) => setNote(e.target.value)}
        />
        {error && (
          <p className="field-errors" role="alert">
            {error}
          </p>
        )}
        <div className="panel-row">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={blocked || busy}
            onClick={() => void submit()}
          >
            {busy ? "Publishing…" : "Publish"}
          </button>
        </div>
      </div>
    </div>
  );
}
