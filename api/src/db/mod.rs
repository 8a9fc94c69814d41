//! The database: one connection type over PostgreSQL and SQLite (D2), a pool, embedded
//! migrations, and the two ways handlers reach it: [`Db::read`] and [`Db::write`], both run on
//! actix's blocking pool (D4); a write is one transaction.

pub mod schema;

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::{AppError, AppResult};

pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Which database a URL selects: `sqlite://path`, or PostgreSQL for anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A connection to either database. PostgreSQL comes first, as the derive requires.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Conn = DbConnection;

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Postgres(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}
/// The backend type of [`DbConnection`], for boxed queries.
pub type DbBackend = MultiBackend;

/// Opens connections of the backend named by the URL, never guessing from the URL's shape
/// (the derive's own `establish` would open a SQLite file named after a PostgreSQL URL).
#[derive(Debug, Clone)]
pub struct Manager {
    backend: Backend,
    url: String,
}

impl Manager {
    pub fn new(database_url: &str) -> Self {
        match database_url.strip_prefix("sqlite://") {
            Some(path) => Manager { backend: Backend::Sqlite, url: path.to_owned() },
            None => Manager { backend: Backend::Postgres, url: database_url.to_owned() },
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Opens one connection, with a readable error (the pool only says "invalid URL").
    pub fn open(&self) -> Result<DbConnection, diesel::ConnectionError> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url).map(DbConnection::Postgres),
            Backend::Sqlite => {
                if let Some(parent) = std::path::Path::new(&self.url).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent).map_err(|error| {
                            diesel::ConnectionError::BadConnection(format!("{}: {error}", parent.display()))
                        })?;
                    }
                }
                let mut conn = SqliteConnection::establish(&self.url)?;
                // Wait for a busy database first (even setting WAL may meet a writer); WAL lets readers
                // run beside the writer; foreign keys are off by default in SQLite.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        self.open().map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    /// After each query diesel reads the connection's state from libpq: a connection left in a
    /// broken transaction, or lost during a request, is dropped instead of going back to the pool.
    /// (Checkouts are still tested with `SELECT 1`: measured, it costs nothing visible next to a
    /// request's own statements, and a connection lost while idle then never fails a request.)
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// The shared database handle.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
    /// Database work waits here rather than in a blocking thread: a thread without a
    /// connection is useless, and each extra thread costs memory (allocator arenas, stacks).
    slots: Arc<tokio::sync::Semaphore>,
    /// SQLite has one writer at a time; queueing writes here avoids SQLITE_BUSY on upgrades.
    write_lock: Arc<std::sync::Mutex<()>>,
}

impl Db {
    /// Connects (failing fast with the real cause) and builds the pool.
    pub fn connect(database_url: &str, pool_size: u32) -> Result<Self, String> {
        let manager = Manager::new(database_url);
        let backend = manager.backend();
        manager.open().map_err(|error| format!("connexion à la base impossible : {error}"))?;
        let size = match backend {
            Backend::Sqlite => pool_size.min(8),
            Backend::Postgres => pool_size,
        };
        // Connections open as load demands, not all at start: idle ones cost memory.
        let pool = Pool::builder()
            .max_size(size)
            .min_idle(Some(size.min(2)))
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .map_err(|error| format!("pool de connexions : {error}"))?;
        Ok(Db {
            pool,
            backend,
            slots: Arc::new(tokio::sync::Semaphore::new(size as usize)),
            write_lock: Arc::new(std::sync::Mutex::new(())),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn get(&self) -> AppResult<PooledConnection<Manager>> {
        Ok(self.pool.get()?)
    }

    /// Runs `work` with a connection on the blocking pool.
    pub async fn read<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _slot = self.slots.acquire().await.map_err(|_| AppError::Unavailable)?;
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }

    /// Runs `work` in one transaction on the blocking pool: all of it is written, or nothing.
    pub async fn write<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _slot = self.slots.acquire().await.map_err(|_| AppError::Unavailable)?;
        let db = self.clone();
        actix_web::web::block(move || db.write_blocking(work)).await?
    }

    /// [`Db::write`] for callers already off the async workers (CLI, seeds, tests).
    pub fn write_blocking<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T>,
    {
        let mut conn = self.pool.get()?;
        let _guard = match self.backend {
            Backend::Sqlite => Some(self.write_lock.lock().map_err(|_| AppError::internal("write lock poisoned"))?),
            Backend::Postgres => None,
        };
        let conn: &mut DbConnection = &mut conn;
        conn.transaction(work)
    }

    /// Applies pending migrations of the connected backend.
    pub fn migrate(&self) -> AppResult<()> {
        let mut conn = self.get()?;
        let result = match &mut *conn {
            DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        };
        result.map_err(|error| AppError::internal(format!("migrations: {error}")))
    }

    /// True when the database answers.
    pub fn ping(&self) -> bool {
        self.pool.get().map(|mut conn| conn.batch_execute("SELECT 1").is_ok()).unwrap_or(false)
    }
}

/// Now, as stored: UTC without zone (`TIMESTAMP` on both databases).
pub fn now() -> chrono::NaiveDateTime {
    // PostgreSQL keeps microseconds: a time written both in a column and in a snapshot (an
    // action's last update, read by the list from one and by the detail from the other) must
    // read the same from both.
    chrono::SubsecRound::trunc_subsecs(chrono::Utc::now().naive_utc(), 6)
}

/// A stored UTC timestamp, for the wire.
pub fn utc(value: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    value.and_utc()
}

/// Inserts many rows in one statement. Multi-row inserts are backend-specific in diesel, so
/// this dispatches on the connection (row structs need `treat_none_as_default_value = false`).
#[macro_export]
macro_rules! bulk_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgres(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::db::DbConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

/// Inserts a row unless one with the same key exists (`ON CONFLICT DO NOTHING`, which both
/// databases understand but the MultiConnection cannot express): for writes where "already
/// there" is the state asked for, even when two requests race.
#[macro_export]
macro_rules! insert_or_ignore {
    ($conn:expr, $table:expr, $values:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgres(c) => {
                diesel::insert_into($table).values($values).on_conflict_do_nothing().execute(c)
            }
            $crate::db::DbConnection::Sqlite(c) => {
                diesel::insert_into($table).values($values).on_conflict_do_nothing().execute(c)
            }
        }
    };
}
