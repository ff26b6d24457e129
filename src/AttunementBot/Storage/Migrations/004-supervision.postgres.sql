-- PostgreSQL's text of 004-supervision.sql: group names are unique and matched regardless of case, as SQLite's
-- COLLATE NOCASE does, through a case-insensitive ICU collation on the column.
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- Supervision groups: a Teams channel or group chat where shared reflections are reviewed.
CREATE TABLE IF NOT EXISTS supervision_group (
    id          TEXT PRIMARY KEY,
    name        TEXT COLLATE nocase NOT NULL UNIQUE,
    channel_id  TEXT NOT NULL,
    reference   TEXT NOT NULL,          -- conversation reference of the group's channel (JSON)
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS group_member (
    group_id    TEXT NOT NULL REFERENCES supervision_group (id) ON DELETE CASCADE,
    person_key  TEXT NOT NULL,
    role_id     TEXT NOT NULL,          -- AAD object id or user id: how clicks in the channel are matched
    joined_at   TEXT NOT NULL,
    PRIMARY KEY (group_id, person_key)
);
CREATE INDEX IF NOT EXISTS ix_group_member_role ON group_member (role_id);

-- A reflection a clinician chose to share. content is exactly the card data they confirmed.
CREATE TABLE IF NOT EXISTS shared_card (
    id                     TEXT PRIMARY KEY,
    group_id               TEXT NOT NULL REFERENCES supervision_group (id),
    owner_key              TEXT NOT NULL,
    reflection_id          TEXT NOT NULL,
    content                TEXT NOT NULL,
    activity_id            TEXT,            -- the post in the group's channel
    status                 TEXT NOT NULL,   -- posted | withdrawn
    posted_at              TEXT NOT NULL,
    withdrawn_at           TEXT,
    discussion_requested_at TEXT,
    discussed_at           TEXT
);
CREATE INDEX IF NOT EXISTS ix_shared_card_owner ON shared_card (owner_key, posted_at DESC);
CREATE INDEX IF NOT EXISTS ix_shared_card_group ON shared_card (group_id, posted_at);

CREATE TABLE IF NOT EXISTS card_acknowledgement (
    card_id     TEXT NOT NULL REFERENCES shared_card (id) ON DELETE CASCADE,
    role_id     TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (card_id, role_id)
);

CREATE TABLE IF NOT EXISTS card_peer_reflection (
    card_id     TEXT NOT NULL REFERENCES shared_card (id) ON DELETE CASCADE,
    role_id     TEXT NOT NULL,
    at          TEXT NOT NULL
);
