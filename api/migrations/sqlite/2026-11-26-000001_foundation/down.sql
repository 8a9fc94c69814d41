DROP TABLE audit_events; DROP TABLE charters; DROP TABLE login_throttles; DROP TABLE refresh_tokens;
DROP TABLE password_resets; DROP TABLE user_accesses; DROP TABLE user_email_unsubscriptions;
DROP TABLE user_options; DROP TABLE intervention_areas; DROP TABLE users; DROP TABLE organizations;
DROP TABLE organization_types; DROP TABLE geography_vintage; DROP TABLE cities; DROP TABLE epci_departements;
DROP TABLE epcis; DROP TABLE departements; DROP TABLE regions;
