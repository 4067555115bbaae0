-- Announce every change to people and sessions, whoever makes it (a route, the CLI, another
-- process): each server process drops its cached sessions and names (src/server/cache/directory.ts).
CREATE OR REPLACE FUNCTION viza_directory_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('viza_directory', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_changed
  AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION viza_directory_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_changed
  AFTER UPDATE OR DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION viza_directory_changed();
