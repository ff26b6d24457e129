-- "my reflections" pages through one clinician's reflections newest first, by (completed_at, id):
-- this index serves that keyset order in full, so a page costs the same after years of history.
CREATE INDEX IF NOT EXISTS ix_reflection_owner_page ON reflection (owner_key, completed_at, id);
