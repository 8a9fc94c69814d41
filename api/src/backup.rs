//! `resorption backup FILE` and `resorption restore FILE` (issue 30, suite 4). SQLite is copied
//! online with `VACUUM INTO` (a consistent copy while the server runs, compacted); PostgreSQL is
//! dumped in `pg_dump`'s custom format and restored with `pg_restore`, which must be on the PATH
//! (Debian's `postgresql-client`, of the server's major version or newer). Restore replaces the
//! whole database: stop the server first.

use std::path::Path;
use std::process::Command;

use diesel::connection::SimpleConnection;

use crate::db::Backend;
use crate::db::{DbConnection, Manager};

fn sqlite_path(database_url: &str) -> Option<&str> {
    database_url.strip_prefix("sqlite://")
}

/// Copies the database to `file` (which must not exist).
pub fn backup(database_url: &str, file: &Path) -> Result<(), String> {
    if file.exists() {
        return Err(format!("{} existe déjà : choisissez un autre fichier", file.display()));
    }
    match Manager::new(database_url).backend() {
        Backend::Sqlite => {
            let target = file.to_str().ok_or("chemin de sauvegarde illisible")?;
            let mut conn = Manager::new(database_url).open().map_err(|error| error.to_string())?;
            let DbConnection::Sqlite(conn) = &mut conn else { return Err("SQLite attendu".into()) };
            conn.batch_execute(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
                .map_err(|error| format!("sauvegarde SQLite : {error}"))
        }
        Backend::Postgres => run(Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(file)
            .arg(format!("--dbname={database_url}"))),
    }
}

/// Replaces the database with the copy in `file`.
pub fn restore(database_url: &str, file: &Path) -> Result<(), String> {
    if !file.is_file() {
        return Err(format!("{} introuvable", file.display()));
    }
    match Manager::new(database_url).backend() {
        Backend::Sqlite => {
            let path = Path::new(sqlite_path(database_url).ok_or("URL SQLite attendue")?);
            // Written beside the database then renamed over it: never a half-copied database.
            let incoming = path.with_extension("restoring");
            std::fs::copy(file, &incoming).map_err(|error| format!("copie de {} : {error}", file.display()))?;
            for leftover in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{leftover}", path.display()));
            }
            std::fs::rename(&incoming, path).map_err(|error| format!("remplacement de la base : {error}"))
        }
        Backend::Postgres => run(Command::new("pg_restore")
            .args(["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"])
            .arg(format!("--dbname={database_url}"))
            .arg(file)),
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command.output().map_err(|error| format!("{program} introuvable ou impossible à lancer : {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{program} a échoué : {}", String::from_utf8_lossy(&output.stderr).trim()))
    }
}
