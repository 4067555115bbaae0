-- The post history is append-only: refuse any UPDATE or DELETE of its rows.
CREATE OR REPLACE FUNCTION viza_history_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'post_history is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER post_history_append_only
  BEFORE UPDATE OR DELETE ON post_history
  FOR EACH ROW EXECUTE FUNCTION viza_history_is_append_only();
