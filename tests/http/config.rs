use std::collections::BTreeSet;

/// Every variable the server reads is documented in `.env.example`, and nothing more.
#[test]
fn env_example_documents_exactly_the_configuration() {
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../.env.example")).unwrap();
    let documented: BTreeSet<&str> = example
        .lines()
        .map(|line| line.trim_start_matches('#').trim())
        .filter_map(|line| line.split_once('=').map(|(name, _)| name))
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !name.is_empty())
        .collect();
    let read: BTreeSet<&str> = api::config::VARIABLES.iter().copied().collect();
    assert_eq!(documented, read);
}

#[test]
fn invalid_values_name_their_variable() {
    let error =
        api::config::Config::from_lookup(|name| (name == "RESORPTION_BIND").then(|| "nowhere".into())).unwrap_err();
    assert_eq!(error.variable, "RESORPTION_BIND");
    let error =
        api::config::Config::from_lookup(|name| (name == "DATABASE_URL").then(|| "mysql://x".into())).unwrap_err();
    assert_eq!(error.variable, "DATABASE_URL");
}
