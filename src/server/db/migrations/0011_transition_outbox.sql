-- viza_transition (0007) now also queues the transition's notifications: the outbox rows are a
-- parameter instead of a CTE around the call. The CTE made every event's statement a new one
-- to parse and plan; a bare call is about a third cheaper on PGlite (bench/api.bench.ts).
-- p_outbox: a JSON array of notification facts, each with its `kind`; empty for most events.
DROP FUNCTION IF EXISTS viza_transition(text, integer, integer, text, jsonb, text, timestamptz,
  boolean, timestamptz, timestamptz, text, text, text, text, integer, jsonb, jsonb, text, jsonb,
  text, jsonb);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION viza_transition(
  p_id text, p_from_version integer, p_version integer, p_state text, p_context jsonb,
  p_department_id text, p_deadline_at timestamptz, p_overdue boolean, p_scheduled_at timestamptz,
  p_at timestamptz, p_event text, p_actor_id text, p_actor_role text, p_from_state text,
  p_text_version integer, p_department_ids jsonb, p_payload jsonb,
  p_new_text text, p_media jsonb, p_channel text, p_notice jsonb, p_outbox jsonb
) RETURNS bigint AS $$
DECLARE
  history_id bigint;
BEGIN
  UPDATE posts SET state = p_state, context = p_context, department_id = p_department_id,
    deadline_at = p_deadline_at, overdue = p_overdue, scheduled_at = p_scheduled_at,
    version = p_version, updated_at = p_at
  WHERE id = p_id AND version = p_from_version;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF p_new_text IS NOT NULL THEN
    INSERT INTO post_versions (post_id, number, text, media, author_id, author_role, created_at)
    VALUES (p_id, p_text_version, p_new_text, p_media, p_actor_id, p_actor_role, p_at);
  END IF;
  INSERT INTO post_history (post_id, event, actor_id, actor_role, from_state, to_state,
    version, text_version, at, department_ids, payload)
  VALUES (p_id, p_event, p_actor_id, p_actor_role, p_from_state, p_state, p_version,
    p_text_version, p_at, p_department_ids, p_payload)
  RETURNING id INTO history_id;
  -- Outbox keys `h:<history id>:<kind>`: one history row queues each kind at most once.
  IF jsonb_array_length(p_outbox) > 0 THEN
    INSERT INTO notification_outbox (key, kind, post_id, facts, created_at)
    SELECT 'h:' || history_id || ':' || (x ->> 'kind'), x ->> 'kind', p_id, x, p_at
    FROM jsonb_array_elements(p_outbox) AS x
    ON CONFLICT (key) DO NOTHING;
  END IF;
  PERFORM pg_notify(p_channel, (p_notice || jsonb_build_object('id', history_id))::text);
  RETURN history_id;
END;
$$ LANGUAGE plpgsql;
