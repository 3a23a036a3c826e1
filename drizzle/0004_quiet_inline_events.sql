-- A dispatcher that executes the runs it starts (inline execution) records their effects'
-- events (a reward, a tier change) in its own transaction. When it knows that no trigger and
-- no waiting run cares about those event types, waking every worker for them only starts a
-- pass that moves the cursor over them; the next pass reads them anyway. Such a transaction
-- sets `partnerflow.quiet_events` (SET LOCAL) and its inserted events notify nobody; when it
-- is not sure, it notifies itself (pg_notify in the same transaction).
CREATE OR REPLACE FUNCTION "partnerflow_runtime_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME <> 'events'
     OR current_setting('partnerflow.quiet_events', true) IS DISTINCT FROM 'on' THEN
    PERFORM pg_notify('partnerflow_runtime', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Activating or deactivating a version changes which event types start runs: dispatchers
-- forget what they learned about uninteresting types (payload: the table's name).
CREATE TRIGGER "workflow_triggers_notify_runtime" AFTER INSERT OR UPDATE OR DELETE ON "workflow_triggers"
  FOR EACH STATEMENT EXECUTE FUNCTION "partnerflow_runtime_notify"();
