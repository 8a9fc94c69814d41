//! Steps of the migrations that SQL alone cannot take: backfills that decode snapshots, which is
//! Rust (D3). `migrate` runs them right after the SQL migrations and the reference data, each
//! once, in its own transaction, recorded in `data_migrations`. A new step is one more line in
//! [`STEPS`], named after the SQL migration it completes.

use diesel::prelude::*;

use crate::db::schema::data_migrations as dm;
use crate::db::{now, Conn, Db};
use crate::error::AppResult;
use crate::territories::Geography;

type Step = fn(&mut Conn, &Geography) -> AppResult<usize>;

/// Every step, in the order they were written.
const STEPS: &[(&str, Step)] = &[("000007_site_version_columns", crate::sites::version_columns::refill)];

/// Runs the steps not applied yet.
pub fn run(db: &Db, geography: &Geography) -> AppResult<()> {
    for (name, step) in STEPS {
        db.write_blocking(|conn| {
            let applied: i64 = dm::table.filter(dm::name.eq(*name)).count().get_result(conn)?;
            if applied > 0 {
                return Ok(());
            }
            let started = std::time::Instant::now();
            let rows = step(conn, geography)?;
            diesel::insert_into(dm::table).values((dm::name.eq(*name), dm::applied_at.eq(now()))).execute(conn)?;
            tracing::info!(step = name, rows, elapsed_ms = started.elapsed().as_millis() as u64, "data migration");
            Ok(())
        })?;
    }
    Ok(())
}
