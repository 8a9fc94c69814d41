-- Issue 12, second step: the yearly indicators of actions live in their snapshots; each version
-- also says which years have them (",2024,2025,", for the list filter) and when they were last
-- entered (the list's status tag).
ALTER TABLE action_versions ADD COLUMN indicator_years TEXT NOT NULL DEFAULT ',';
ALTER TABLE action_versions ADD COLUMN indicators_updated_at TIMESTAMP;
