-- The audit trail: who did which sensitive action, when, on which record. Ids only, never text.
CREATE TABLE IF NOT EXISTS audit_event (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,          -- sortable UTC instant
    action    TEXT NOT NULL,          -- AuditActions name, e.g. "card.shared"
    outcome   TEXT NOT NULL CHECK (outcome IN ('done', 'refused')),
    actor     TEXT NOT NULL,          -- person key, or "system"
    subject   TEXT,                   -- card id, schedule id, person key
    group_id  TEXT
);
CREATE INDEX IF NOT EXISTS ix_audit_event_at ON audit_event (at);
CREATE INDEX IF NOT EXISTS ix_audit_event_group ON audit_event (group_id, at);

-- How far retention has deleted. It only moves forward, and only events older than it can be deleted.
CREATE TABLE IF NOT EXISTS audit_retention (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    cutoff TEXT NOT NULL
);
INSERT OR IGNORE INTO audit_retention (id, cutoff) VALUES (1, '0000-01-01T00:00:00.0000000Z');

-- Append-only: an event is never changed, and removed only once retention has passed it.
CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;
CREATE TRIGGER IF NOT EXISTS audit_event_delete_only_expired BEFORE DELETE ON audit_event
WHEN old.at >= (SELECT cutoff FROM audit_retention WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit_event keeps events until their retention period has passed');
END;
CREATE TRIGGER IF NOT EXISTS audit_retention_forward_only BEFORE UPDATE ON audit_retention
WHEN new.cutoff < old.cutoff
BEGIN
    SELECT RAISE(ABORT, 'audit retention only moves forward');
END;
CREATE TRIGGER IF NOT EXISTS audit_retention_kept BEFORE DELETE ON audit_retention
BEGIN
    SELECT RAISE(ABORT, 'audit retention is kept');
END;
