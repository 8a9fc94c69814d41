//! `resorption`: the server and its maintenance commands.

use std::process::ExitCode;

use api::config::Config;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "resorption", version, about = "Résorption : le serveur et ses commandes d'exploitation")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web app (default).
    Serve,
    /// Apply database migrations and load reference data (geography, organization types).
    Migrate,
    /// Add data: `--demo` for the demonstration organizations and users.
    Seed {
        /// Demonstration data (refused in production).
        #[arg(long)]
        demo: bool,
        /// Only when the database has no user yet (a fresh install).
        #[arg(long)]
        if_empty: bool,
        /// Benchmark data: N times the size of France (sites, history, journal, actors).
        #[arg(long, value_name = "N")]
        scale: Option<usize>,
    },
    /// Print the OpenAPI document as YAML.
    Openapi,
    /// Copy the whole database to FILE, while the server runs (SQLite: a database file;
    /// PostgreSQL: pg_dump's custom format, pg_dump on the PATH).
    Backup { file: std::path::PathBuf },
    /// Replace the whole database with the copy in FILE; stop the server first.
    Restore { file: std::path::PathBuf },
    /// Create a national administrator (password from RESORPTION_ADMIN_PASSWORD).
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
    },
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        return match api::app::openapi().to_yaml() {
            Ok(yaml) => {
                print!("{yaml}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    init_logs(config.log_json);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => actix_web::rt::System::new().block_on(api::server::serve(config)),
        Command::Migrate => api::cli::migrate(&config),
        Command::Seed { demo, if_empty, scale } => match scale {
            Some(units) => api::cli::seed_scale(&config, units),
            None => api::cli::seed(&config, demo, if_empty),
        },
        Command::CreateAdmin { email, first_name, last_name } => {
            api::cli::create_admin(&config, &email, &first_name, &last_name)
        }
        Command::Openapi => Ok(()),
        Command::Backup { file } => api::backup::backup(&config.database_url, &file),
        Command::Restore { file } => api::backup::restore(&config.database_url, &file),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "command failed");
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
