-- Instances of the bot sharing this database, each seen every few seconds. A row another instance left 'sending'
-- (a reply, a prompt) is recovered only once that instance has not been seen for a lease: never a live one's.
CREATE TABLE IF NOT EXISTS bot_instance (
    id         TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);
ALTER TABLE turn ADD COLUMN owner TEXT;
ALTER TABLE delivery ADD COLUMN owner TEXT;
