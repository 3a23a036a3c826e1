-- Wakes idle runtime workers (LISTEN partnerflow_runtime) when events or runs are inserted,
-- whoever inserts them (API, CLI import, another worker's dispatcher). One notification per
-- statement; PostgreSQL folds identical notifications of one transaction into one, delivered
-- at commit. Workers still poll as a fallback.
CREATE FUNCTION "partnerflow_runtime_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('partnerflow_runtime', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "events_notify_runtime" AFTER INSERT ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION "partnerflow_runtime_notify"();
--> statement-breakpoint
CREATE TRIGGER "runs_notify_runtime" AFTER INSERT ON "runs"
  FOR EACH STATEMENT EXECUTE FUNCTION "partnerflow_runtime_notify"();
