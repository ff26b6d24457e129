-- Everyone the bot has talked to in a one-to-one chat: how to reach them proactively, and their time zone.
CREATE TABLE IF NOT EXISTS person (
    person_key      TEXT PRIMARY KEY,   -- "{channelId}:{userId}"
    channel_id      TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    aad_object_id   TEXT,
    display_name    TEXT,
    tenant_id       TEXT,
    reference       TEXT NOT NULL,      -- the personal conversation reference (JSON)
    time_zone       TEXT,               -- IANA name; set by the person or from the channel
    time_zone_set_by_person INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_person_aad ON person (aad_object_id);

-- People with the lead role granted by another lead (configured leads live in appsettings.json).
CREATE TABLE IF NOT EXISTS lead_grant (
    user_id    TEXT PRIMARY KEY,        -- Azure AD object id in Teams, else the channel user id
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
);
