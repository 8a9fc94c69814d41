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
/// (`sites_search` and `site_versions_search`, FTS5, and their shadow tables) stand for PostgreSQL's GIN indexes, not tables.
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
         AND m.name NOT LIKE 'sites_search%' AND m.name NOT LIKE 'site_versions_search%'",
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
