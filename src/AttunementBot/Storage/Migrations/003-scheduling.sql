-- Scheduled reflection prompts (Scheduling/). Times are UTC text, 'yyyy-MM-ddTHH:mm:ss.fffffffZ', so they sort as text.

-- A recurring prompt: a cron line in local time, for one person, several, or a supervision group.
CREATE TABLE IF NOT EXISTS schedule (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_key       TEXT NOT NULL,      -- who made it (a lead, or the clinician for themselves)
    target_kind     TEXT NOT NULL,      -- 'people' | 'group'
    target          TEXT NOT NULL,      -- JSON array of person keys, or the group's name
    target_label    TEXT NOT NULL,      -- what lists show ("Sam Clinician", "group Trauma Team")
    cron            TEXT NOT NULL,      -- five fields, local time
    description     TEXT NOT NULL,      -- "weekdays at 17:30"
    time_zone       TEXT,               -- IANA name; NULL = each recipient's own time zone
    paused          INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    evaluated_until TEXT NOT NULL,      -- occurrences up to this instant have been planned
    next_check_at   TEXT NOT NULL       -- when the scheduler looks at it again
);
CREATE INDEX IF NOT EXISTS ix_schedule_owner ON schedule (owner_key, id);
CREATE INDEX IF NOT EXISTS ix_schedule_due ON schedule (paused, next_check_at);

-- People a schedule no longer reaches (the channel answered 403: they removed or blocked the bot).
CREATE TABLE IF NOT EXISTS schedule_exclusion (
    schedule_id INTEGER NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    person_key  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (schedule_id, person_key)
);

-- One row per message the scheduler means to send; the unique key is the idempotency record. The row is
-- written (and claimed as 'sending') before the channel is called, so a retry or a second instance can
-- never post the same prompt twice; a row left 'sending' by a crash becomes 'uncertain', never resent.
CREATE TABLE IF NOT EXISTS delivery (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id   INTEGER NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    occurrence    TEXT NOT NULL,        -- the planned local run as a UTC instant, or a note's own key
    person_key    TEXT NOT NULL,        -- who receives it
    kind          TEXT NOT NULL,        -- 'prompt' | 'reminder' | 'snooze' | 'lead-note'
    status        TEXT NOT NULL,        -- 'pending' | 'sending' | 'sent' | 'skipped' | 'missed' | 'failed' | 'uncertain'
    reason        TEXT,                 -- why skipped/failed (a word or a status code; never message text)
    time_zone     TEXT NOT NULL,        -- the zone the occurrence was computed in
    payload       TEXT,                 -- small JSON for notes (whom a lead note is about)
    not_before    TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL,
    sent_at       TEXT,
    responded_at  TEXT,
    UNIQUE (schedule_id, occurrence, person_key, kind)
);
CREATE INDEX IF NOT EXISTS ix_delivery_due ON delivery (status, not_before);
CREATE INDEX IF NOT EXISTS ix_delivery_person ON delivery (person_key, status);

-- A clinician's own choices about prompts (the time zone itself lives on person).
CREATE TABLE IF NOT EXISTS clinician_settings (
    person_key   TEXT PRIMARY KEY,
    working_days TEXT,                  -- e.g. "1,2,3,4,5" (0 = Sunday); NULL = every day
    away_from    TEXT,                  -- local date yyyy-MM-dd, inclusive
    away_until   TEXT,                  -- local date yyyy-MM-dd, inclusive
    skip_until   TEXT,                  -- UTC instant: "skip today" lasts until the person's local midnight
    updated_at   TEXT NOT NULL
);
