-- Bot Builder state (conversation and user state), one JSON document per key, with its ETag.
CREATE TABLE IF NOT EXISTS bot_state (
    key        TEXT PRIMARY KEY,
    etag       TEXT NOT NULL,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Ids of handled inbound activities, to recognise a channel's re-delivery.
CREATE TABLE IF NOT EXISTS processed_activity (
    channel_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    activity_id     TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    PRIMARY KEY (channel_id, conversation_id, activity_id)
);
CREATE INDEX IF NOT EXISTS ix_processed_activity_received ON processed_activity (received_at);

-- Completed reflections, each owned by one clinician.
CREATE TABLE IF NOT EXISTS reflection (
    id           TEXT PRIMARY KEY,
    owner_key    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    answers      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_reflection_owner ON reflection (owner_key, completed_at DESC);
