-- Trends and the team digest (Trends/). Counts are made from these, never from the encrypted answers.

-- The choices of each completed reflection, and nothing anyone wrote: no moment, no intention, no "other"
-- text. Deleting a reflection deletes its figures (retention, "delete my data", deleting one).
CREATE TABLE IF NOT EXISTS reflection_figure (
    id           TEXT PRIMARY KEY REFERENCES reflection (id) ON DELETE CASCADE,
    owner_key    TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    presence     INTEGER,            -- 1-5, NULL when skipped
    settledness  INTEGER,            -- 1-5, NULL when skipped
    noticed      INTEGER NOT NULL,   -- 1: a moment of misattunement was noticed
    repaired     INTEGER NOT NULL    -- 1: noticed, and repaired in the session
);
CREATE INDEX IF NOT EXISTS ix_reflection_figure_owner ON reflection_figure (owner_key, completed_at);

-- What pulled the clinician away, one row per choice ("StayedPresent" included).
CREATE TABLE IF NOT EXISTS reflection_pull (
    reflection_id TEXT NOT NULL REFERENCES reflection_figure (id) ON DELETE CASCADE,
    owner_key     TEXT NOT NULL,
    completed_at  TEXT NOT NULL,
    pull          TEXT NOT NULL,
    PRIMARY KEY (reflection_id, pull)
);
CREATE INDEX IF NOT EXISTS ix_reflection_pull_owner ON reflection_pull (owner_key, completed_at);

-- A clinician's own choices: trends off, and not being counted in any team digest.
CREATE TABLE IF NOT EXISTS trends_setting (
    person_key     TEXT PRIMARY KEY,
    trends_off     INTEGER NOT NULL DEFAULT 0,
    digest_opt_out INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT NOT NULL
);

-- A group's digest of one week (Monday 00:00 UTC), as first composed: counts only (already suppressed), so
-- asking again after someone leaves or opts out shows the same figures and nothing can be subtracted.
CREATE TABLE IF NOT EXISTS digest_week (
    group_key   TEXT NOT NULL,       -- the group's name, lower case
    week_start  TEXT NOT NULL,
    cohort      INTEGER NOT NULL,    -- how many people were counted (never shown)
    figures     TEXT NOT NULL,       -- JSON of the shown counts
    composed_at TEXT NOT NULL,
    PRIMARY KEY (group_key, week_start)
);
