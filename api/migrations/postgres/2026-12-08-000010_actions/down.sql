DROP TABLE action_comment_targets;
DROP TABLE action_comments;
DROP TABLE action_sites;
DROP TABLE action_members;
DROP TABLE action_versions;
DROP TABLE actions;
