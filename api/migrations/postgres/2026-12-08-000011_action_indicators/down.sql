ALTER TABLE action_versions DROP COLUMN indicators_updated_at;
ALTER TABLE action_versions DROP COLUMN indicator_years;
