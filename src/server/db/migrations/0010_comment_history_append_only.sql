-- The comment history is append-only: refuse any UPDATE or DELETE of its rows.
CREATE OR REPLACE FUNCTION viza_comment_history_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'comment_history is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER comment_history_append_only
  BEFORE UPDATE OR DELETE ON comment_history
  FOR EACH ROW EXECUTE FUNCTION viza_comment_history_is_append_only();
