--> statement-breakpoint
-- A submitted offer version is what the receipt hash covers: it can never change or disappear.
CREATE TRIGGER offer_versions_immutable BEFORE UPDATE OR DELETE ON offer_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
--> statement-breakpoint
CREATE TRIGGER offer_events_immutable BEFORE UPDATE OR DELETE ON offer_events
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
