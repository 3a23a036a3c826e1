-- Inserted runs wake the workers only when some of them wait to be claimed (status queued).
-- A dispatcher that executes the runs it starts (inline execution) inserts them as running,
-- leased to itself: waking every worker for those would only make them claim nothing.
CREATE FUNCTION "partnerflow_runtime_notify_runs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inserted WHERE status = 'queued') THEN
    PERFORM pg_notify('partnerflow_runtime', 'runs');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "runs_notify_runtime" ON "runs";
--> statement-breakpoint
CREATE TRIGGER "runs_notify_runtime" AFTER INSERT ON "runs"
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION "partnerflow_runtime_notify_runs"();
