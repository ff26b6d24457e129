-- The Teams team a supervision group's channel belongs to, so the team's roster can keep membership in step.
ALTER TABLE supervision_group ADD COLUMN team_id TEXT;
CREATE INDEX IF NOT EXISTS ix_supervision_group_team ON supervision_group (team_id);
