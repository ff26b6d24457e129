-- The preview a shared card was posted from: a second press of that preview's "Post" is told it was already shared.
ALTER TABLE shared_card ADD COLUMN preview_id TEXT;
CREATE INDEX IF NOT EXISTS ix_shared_card_preview ON shared_card (owner_key, preview_id);
