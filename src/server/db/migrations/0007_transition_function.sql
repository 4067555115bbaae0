-- A person's transition in one call: the post's row only if it is still at the version the
-- machine decided on (the optimistic lock), the text version when the text changed, the
-- append-only history row and the NOTIFY of the live event, atomically. The same statements as
-- the CTE it replaces, but PL/pgSQL keeps their plans: on PGlite the CTE's parse and plan cost
-- more than the writes themselves (bench/api.bench.ts). Returns the history id, or NULL when
-- the version guard failed (someone else changed the post first; the caller decides again).
CREATE OR REPLACE FUNCTION viza_transition(
  p_id text, p_from_version integer, p_version integer, p_state text, p_context jsonb,
  p_department_id text, p_deadline_at timestamptz, p_overdue boolean, p_scheduled_at timestamptz,
  p_at timestamptz, p_event text, p_actor_id text, p_actor_role text, p_from_state text,
  p_text_version integer, p_department_ids jsonb, p_payload jsonb,
  p_new_text text, p_media jsonb, p_channel text, p_notice jsonb
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
  PERFORM pg_notify(p_channel, (p_notice || jsonb_build_object('id', history_id))::text);
  RETURN history_id;
END;
$$ LANGUAGE plpgsql;
