use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Both migration folders must build the same tables and columns (D2). SQLite's text index
/// (`site_versions_search`, FTS5, and its shadow tables) stands for PostgreSQL's GIN index, not a table.
#[actix_web::test]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = api::db::Db::connect(&format!("sqlite://{}/schema.db", dir.path().display()), 1).unwrap();
    sqlite.migrate().unwrap();
    let server = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!("resorption_schema_{}", std::process::id());
    let mut admin = diesel::PgConnection::establish(&format!("{server}/postgres")).expect("PostgreSQL is required");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).unwrap();
    let postgres_columns = {
        let postgres = api::db::Db::connect(&format!("{server}/{name}"), 1).unwrap();
        postgres.migrate().unwrap();
        let mut conn = postgres.get().unwrap();
        diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        )
        .load::<Column>(&mut *conn)
        .unwrap()
    };
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).unwrap();
    let mut conn = sqlite.get().unwrap();
    let sqlite_columns = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations' \
         AND m.name NOT LIKE 'site_versions_search%'",
    )
    .load::<Column>(&mut *conn)
    .unwrap();
    let set = |columns: Vec<Column>| -> BTreeSet<(String, String)> {
        columns.into_iter().map(|c| (c.table_name, c.column_name)).collect()
    };
    let (postgres, sqlite) = (set(postgres_columns), set(sqlite_columns));
    assert!(postgres.len() > 50, "the schema was read");
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    assert!(
        only_postgres.is_empty() && only_sqlite.is_empty(),
        "PostgreSQL only: {only_postgres:?}\nSQLite only: {only_sqlite:?}"
    );
}

#[derive(QueryableByName)]
struct Figures {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    sites: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    people: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    origins: i64,
}

/// The two migrations of issue 24's switch (000008 indexes on versions, 000009 `sites` reduced to
/// what identifies a site) revert with the data in place: the columns come back on `sites` with
/// the values of the current versions, the origins table with their origins. Applied again, the
/// lists answer as before.
#[actix_web::test]
async fn the_switch_to_versions_reverts_and_applies_again_with_the_data() {
    use diesel_migrations::MigrationHarness;
    let app = crate::support::TestApp::spawn().await;
    let before = app.get("/api/sites?limit=200&sort=city", crate::support::Persona::NationalAdmin).await.json();
    let mut conn = app.state.db.get().unwrap();
    let revert = |conn: &mut api::db::DbConnection| match conn {
        api::db::DbConnection::Postgres(c) => {
            c.revert_last_migration(api::db::POSTGRES_MIGRATIONS).map(|version| version.to_string())
        }
        api::db::DbConnection::Sqlite(c) => {
            c.revert_last_migration(api::db::SQLITE_MIGRATIONS).map(|version| version.to_string())
        }
    };
    // The migrations that came after the switch go first (they come back below), down to 000008.
    loop {
        let reverted = revert(&mut conn).expect("each migration reverts");
        if reverted.ends_with("000008") {
            break;
        }
        assert!(reverted.as_str() > "2026-12-07-000008", "reverted past 000008: {reverted}");
    }
    let figures: Figures = diesel::sql_query(
        "SELECT (SELECT count(*) FROM sites WHERE status = 'open' AND address <> '' AND search_text <> '') AS sites, \
         (SELECT coalesce(sum(population_total), 0) FROM sites WHERE status = 'open') AS people, \
         (SELECT count(*) FROM site_origins) AS origins",
    )
    .get_result(&mut *conn)
    .unwrap();
    let (listed, people) = (before["total"].as_i64().unwrap(), before["population_total"].as_i64().unwrap());
    assert_eq!((figures.sites, figures.people), (listed, people), "the open sites got their columns back");
    assert!(figures.origins >= listed - 1, "origins are back: {}", figures.origins);
    drop(conn);
    app.state.db.migrate().expect("applied again");
    let after = app.get("/api/sites?limit=200&sort=city", crate::support::Persona::NationalAdmin).await.json();
    assert_eq!(after, before);
}
