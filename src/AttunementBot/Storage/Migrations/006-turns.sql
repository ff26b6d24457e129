-- One row per handled inbound activity: its claim (a re-delivery finds it and has no second effect) and
-- its outbox (the replies the turn decided, written in the same commit as the turn's state, delivered after).
CREATE TABLE IF NOT EXISTS turn (
    id              INTEGER PRIMARY KEY,
    channel_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    activity_id     TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    -- none: nothing to send; delivered: in the HTTP response or through the channel;
    -- sending: the first attempt follows the commit; pending: waiting to try again (not_before);
    -- failed: could not be delivered (the person's next message shows where they are); superseded: that was done.
    status          TEXT NOT NULL,
    replies         TEXT,
    reference       TEXT,
    delivered       INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      INTEGER,
    reason          TEXT,
    UNIQUE (channel_id, conversation_id, activity_id)
);
CREATE INDEX IF NOT EXISTS ix_turn_received ON turn (received_at);
CREATE INDEX IF NOT EXISTS ix_turn_undelivered ON turn (channel_id, conversation_id) WHERE status IN ('sending', 'pending', 'failed');

-- The claims moved into turn; ids already handled within the retention are few and short-lived.
DROP TABLE IF EXISTS processed_activity;
