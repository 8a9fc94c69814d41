//! `resorption backup` and `resorption restore` (issue 30, suite 4): a copy taken while data
//! exists, writes made after it, then the restore brings back every table exactly as it was.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::support::db::{backend, Backend, TestDb};

#[derive(QueryableByName)]
struct Named {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Digest {
    #[diesel(sql_type = Text)]
    digest: String,
}

/// Every table's rows, as one text per table (order-independent), by table name.
fn tables(database_url: &str) -> Vec<(String, String)> {
    let db = api::db::Db::connect(database_url, 1).unwrap();
    let mut conn = db.get().unwrap();
    let listing = match backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    };
    let names: Vec<Named> = diesel::sql_query(listing).load(&mut *conn).unwrap();
    names
        .into_iter()
        .map(|Named { name }| {
            let query = match backend() {
                Backend::Postgres => format!(
                    "SELECT coalesce(string_agg(row::text, '|' ORDER BY row::text), '') AS digest FROM \"{name}\" row"
                ),
                Backend::Sqlite => {
                    let columns: Vec<Named> =
                        diesel::sql_query(format!("SELECT name FROM pragma_table_info('{name}')"))
                            .load(&mut *conn)
                            .unwrap();
                    let row = columns
                        .iter()
                        .map(|c| format!("quote(\"{}\")", c.name))
                        .collect::<Vec<_>>()
                        .join(" || ',' || ");
                    format!(
                        "SELECT coalesce(group_concat(line, '|'), '') AS digest FROM \
                         (SELECT {row} AS line FROM \"{name}\" ORDER BY line)"
                    )
                }
            };
            let digest: Digest = diesel::sql_query(query).get_result(&mut *conn).unwrap();
            (name, digest.digest)
        })
        .collect()
}

#[test]
fn a_restored_backup_gives_back_every_table_as_it_was() {
    let db = TestDb::new();
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("resorption.backup");
    let before = tables(&db.url);
    assert!(before.iter().any(|(name, rows)| name == "site_versions" && !rows.is_empty()), "demo data to keep");
    api::backup::backup(&db.url, &file).unwrap();
    assert!(api::backup::backup(&db.url, &file).is_err(), "never over an existing file");
    {
        let later = api::db::Db::connect(&db.url, 1).unwrap();
        later
            .write_blocking(|conn| {
                use api::db::schema::{audit_events as a, site_comments as c};
                diesel::delete(c::table).execute(conn)?;
                diesel::insert_into(a::table)
                    .values((a::action.eq("after.backup"), a::object_type.eq("test"), a::created_at.eq(api::db::now())))
                    .execute(conn)?;
                Ok(())
            })
            .unwrap();
    }
    assert_ne!(tables(&db.url), before, "the writes after the backup show");
    api::backup::restore(&db.url, &file).unwrap();
    assert_eq!(tables(&db.url), before, "every table is back as it was");
}
