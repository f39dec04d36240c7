-- Published PvE versions and Nota van Inlichtingen versions are evidence of what suppliers were
-- told: written once, never changed or removed.
CREATE FUNCTION refuse_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tender_versions_immutable BEFORE UPDATE OR DELETE ON tender_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
--> statement-breakpoint
CREATE TRIGGER information_notices_immutable BEFORE UPDATE OR DELETE ON information_notices
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
