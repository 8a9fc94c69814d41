//! The sites spreadsheet (DOMAIN §16.1): one row per site, columns grouped in sections, the
//! optional sections the caller asked for and may read, as of now or a past date.

use std::collections::HashMap;

use contract::access::{Entity, Feature};
use contract::sites::codes::{ClosingSolution, ExportOption, StatusMode};
use contract::sites::filters::SiteFilter;
use contract::Labelled;
use diesel::prelude::*;
use rust_xlsxwriter::Workbook;

use super::fields::{fields, NOT_SET};
use super::journal::{self, CommentRow};
use super::record::SiteRecord;
use super::{access, search};
use crate::auth::Actor;
use crate::db::schema::{site_comments as comments, site_versions as sv};
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::xlsx;
use crate::territories::Geography;

/// Exports are built whole before they are sent (an XLSX file is a zip finished at the end), so
/// they are built one at a time: a burst of exports waits in line instead of multiplying the server's
/// memory by the number of callers (measured: 1.5 GB at 64 concurrent exports of 100× data).
#[derive(Clone)]
pub struct ExportSlots(std::sync::Arc<tokio::sync::Semaphore>);

impl Default for ExportSlots {
    fn default() -> Self {
        Self(std::sync::Arc::new(tokio::sync::Semaphore::new(1)))
    }
}

impl ExportSlots {
    /// Waits for the turn of one export; the turn ends when the permit is dropped.
    pub async fn turn(&self) -> AppResult<tokio::sync::SemaphorePermit<'_>> {
        self.0.acquire().await.map_err(AppError::internal)
    }
}

/// One column: its section, header and the key of its value in a row's map.
struct Column {
    section: &'static str,
    header: String,
    key: String,
}

fn column(section: &'static str, header: &str, key: &str) -> Column {
    Column { section, header: header.to_owned(), key: key.to_owned() }
}

/// The columns for a status mode and the chosen options.
fn columns(mode: StatusMode, options: &[ExportOption]) -> Vec<Column> {
    let closed = matches!(mode, StatusMode::Closed | StatusMode::Resorbed);
    let has = |option| options.contains(&option);
    let mut out = vec![
        column("Localisation", "Département", "departement"),
        column("Localisation", "Commune", "city_name"),
        column("Localisation", "Code commune", "city_code"),
        column("Localisation", "Intercommunalité", "epci_name"),
        column("Localisation", "Adresse", "address"),
        column("Localisation", "Appellation du site", "name"),
    ];
    if has(ExportOption::AddressDetails) {
        out.push(column("Localisation", "Informations d'accès", "address_details"));
        out.push(column("Localisation", "Latitude", "latitude"));
        out.push(column("Localisation", "Longitude", "longitude"));
    }
    for (header, key) in [
        ("Type de site", "field_type"),
        ("Date d'installation", "built_at"),
        ("Date de signalement", "declared_at"),
        ("Réinstallation ?", "is_reinstallation"),
        ("Précisions sur la réinstallation", "reinstallation_comments"),
        ("Objectif résorption", "resorption_target"),
    ] {
        out.push(column("Site", header, key));
    }
    if closed {
        for (header, key) in [
            ("Date de fermeture", "closure.closed_at"),
            ("Résorbé définitivement", "closure.closed_with_solutions"),
            ("Cause de la fermeture", "status"),
            ("Contexte de la fermeture", "closure.context"),
        ] {
            out.push(column("Site", header, key));
        }
    }
    if has(ExportOption::Owner) {
        out.push(column("Site", "Type de propriétaire", "owner_type"));
        out.push(column("Site", "Propriétaire(s)", "owners"));
    }
    for (header, key) in [
        ("Personnes", "population.total"),
        ("dont femmes et filles", "population.total_females"),
        ("Ménages", "population.households"),
        ("Mineurs", "population.minors"),
        ("dont filles", "population.minors_girls"),
        ("Mineurs 0-3 ans", "population.minors_0_3"),
        ("Mineurs 3-6 ans", "population.minors_3_6"),
        ("Mineurs 6-12 ans", "population.minors_6_12"),
        ("Mineurs 12-16 ans", "population.minors_12_16"),
        ("Mineurs 16-18 ans", "population.minors_16_18"),
        ("Mineurs scolarisés", "population.minors_in_school"),
        ("Caravanes", "population.caravans"),
        ("Habitats autoconstruits", "population.huts"),
        ("Tentes", "population.tents"),
        ("Voitures dortoir", "population.cars"),
        ("Matelas", "population.mattresses"),
        ("Origines", "social_origins"),
    ] {
        out.push(column("Habitants", header, key));
    }
    if has(ExportOption::LivingConditions) {
        out.push(column("Conditions de vie", "Alerte canicule", "heatwave"));
        for theme in contract::sites::codes::ConditionTheme::ALL {
            out.push(column("Conditions de vie", theme.label(), &format!("status.{}", theme.code())));
        }
        let answers = fields(&blank_record()).into_iter().filter(|f| f.path.starts_with("living_conditions."));
        for field in answers {
            out.push(column("Conditions de vie", field.label, field.path));
        }
    }
    if has(ExportOption::Demographics) {
        out.push(column("Diagnostic social", "Statut du diagnostic", "census.status"));
        out.push(column("Diagnostic social", "Date du diagnostic", "census.conducted_at"));
        out.push(column("Diagnostic social", "Opérateur du diagnostic", "census.conducted_by"));
    }
    if has(ExportOption::Justice) {
        for field in fields(&blank_record()).into_iter().filter(|f| f.path.starts_with("justice.")) {
            out.push(column("Procédure judiciaire ou administrative", field.label, field.path));
        }
    }
    if has(ExportOption::Actors) {
        out.push(column("Intervenants", "Intervenants", "actors"));
        out.push(column("Intervenants", "Intervenant de ma structure", "my_organization_acts"));
    }
    if closed {
        for solution in ClosingSolution::ALL {
            out.push(column(
                "Orientation des ménages",
                &format!("{} : personnes", solution.label()),
                &format!("solution.{}.people", solution.code()),
            ));
            out.push(column(
                "Orientation des ménages",
                &format!("{} : ménages", solution.label()),
                &format!("solution.{}.households", solution.code()),
            ));
        }
    }
    if has(ExportOption::ResorptionPhases) {
        out.push(column("Résorption", "Phases préparatoires", "preparatory_phases"));
    }
    if has(ExportOption::Comments) {
        out.push(column("Commentaires", "Derniers commentaires", "comments"));
        out.push(column("Commentaires", "Date du dernier commentaire", "last_comment_at"));
    }
    out.push(column("Mise à jour", "Date de mise à jour des données", "data_updated_at"));
    out
}

/// A record with no data, to list the fields of a section.
pub fn blank_record() -> SiteRecord {
    use contract::sites::codes::{FieldType, OwnerType, SiteStatus};
    let today = chrono::Utc::now().date_naive();
    SiteRecord {
        id: 0,
        version: 0,
        status: SiteStatus::Open,
        data: contract::sites::input::SiteInput {
            name: None,
            address: String::new(),
            address_details: None,
            city_code: String::new(),
            latitude: 0.0,
            longitude: 0.0,
            built_at: None,
            declared_at: today,
            field_type: FieldType::Unknown,
            owner_type: OwnerType::Unknown,
            is_reinstallation: None,
            reinstallation_comments: None,
            reinstallation_incoming_sites: Vec::new(),
            population: Default::default(),
            social_origins: Vec::new(),
            census: Default::default(),
            living_conditions: Default::default(),
            justice: None,
            owners: None,
            preparatory_phases: Vec::new(),
            updated_at: None,
        },
        data_updated_at: today,
        closure: None,
        heatwave: false,
        resorption_target: None,
        updated_without_any_change: false,
        created_at: chrono::NaiveDateTime::default(),
        created_by: None,
        updated_at: chrono::NaiveDateTime::default(),
        updated_by: None,
    }
}

/// Sites whose snapshots are read and written at a time: a département of 100× France is
/// thousands of sites, and only one slice of them is held in memory.
const SLICE: usize = 500;

/// The records of the versions `ids`, in the order of `ids`.
fn records_of_versions(conn: &mut Conn, ids: &[i32]) -> AppResult<Vec<SiteRecord>> {
    let snapshots: Vec<(i32, String)> =
        sv::table.filter(sv::id.eq_any(ids.to_vec())).select((sv::id, sv::snapshot)).load(conn)?;
    let mut by_id: HashMap<i32, String> = snapshots.into_iter().collect();
    ids.iter().filter_map(|id| by_id.remove(id)).map(|snapshot| SiteRecord::from_snapshot(&snapshot)).collect()
}

/// The values of one row, by column key.
fn values(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    record: &SiteRecord,
    options: &[ExportOption],
) -> AppResult<HashMap<String, String>> {
    let mut map: HashMap<String, String> = fields(record).into_iter().map(|f| (f.path.to_owned(), f.value)).collect();
    let location = record.location(geography)?;
    let name = |t: &Option<contract::territories::TerritoryRef>| t.as_ref().map(|t| t.name.clone()).unwrap_or_default();
    map.insert(
        "departement".into(),
        location.departement.as_ref().map(|d| format!("{} - {}", d.code, d.name)).unwrap_or_default(),
    );
    map.insert("city_name".into(), name(&location.city));
    map.insert("epci_name".into(), name(&location.epci));
    map.insert("latitude".into(), record.data.latitude.to_string());
    map.insert("longitude".into(), record.data.longitude.to_string());
    for theme in contract::sites::codes::ConditionTheme::ALL {
        map.insert(
            format!("status.{}", theme.code()),
            record.data.living_conditions.status_of(*theme).label().to_owned(),
        );
    }
    for solution in record.closure.iter().flat_map(|c| c.solutions.iter()) {
        let count = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        map.insert(format!("solution.{}.people", solution.solution.code()), count(solution.people));
        map.insert(format!("solution.{}.households", solution.solution.code()), count(solution.households));
    }
    if options.contains(&ExportOption::Actors) {
        let actors = super::view::actors(conn, record.id)?;
        let listed = actors
            .iter()
            .map(|a| {
                let themes = a.themes.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
                format!("{} {} ({}) : {themes}", a.user.first_name, a.user.last_name, a.user.organization.name)
            })
            .collect::<Vec<_>>()
            .join("\n");
        map.insert("actors".into(), listed);
        let mine = actors.iter().any(|a| a.user.organization.id == actor.user.organization_id);
        map.insert("my_organization_acts".into(), if mine { "Oui".into() } else { "Non".into() });
    }
    if options.contains(&ExportOption::Comments) {
        let rows: Vec<CommentRow> = comments::table
            .filter(comments::site_id.eq(record.id))
            .filter(comments::deleted_at.is_null())
            .order(comments::created_at.desc())
            .limit(30)
            .select(CommentRow::as_select())
            .load(conn)?;
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let targets = journal::targets_of(conn, &ids)?;
        let place = location.place();
        let visible: Vec<&CommentRow> =
            rows.iter().filter(|r| journal::readable_by_actor(actor, place, r, targets.get(&r.id))).take(5).collect();
        let text = visible
            .iter()
            .map(|r| format!("{} : {}", super::fields::french_date(r.created_at.date()), r.body))
            .collect::<Vec<_>>()
            .join("\n");
        map.insert("comments".into(), text);
        map.insert(
            "last_comment_at".into(),
            visible.first().map(|r| super::fields::french_date(r.created_at.date())).unwrap_or_default(),
        );
    }
    Ok(map)
}

/// The options a caller may have: justice, owners and comments need their permission.
fn allowed_options(actor: &Actor, options: &[ExportOption]) -> Vec<ExportOption> {
    options
        .iter()
        .copied()
        .filter(|option| match option {
            ExportOption::Justice => actor.permissions.allows_somewhere(Entity::SiteJustice, Feature::Access),
            ExportOption::Owner => actor.permissions.allows_somewhere(Entity::SiteOwner, Feature::Access),
            ExportOption::Comments => actor.permissions.allows_somewhere(Entity::SiteComment, Feature::List),
            _ => true,
        })
        .collect()
}

/// The rows of the sheet, written one site at a time after the two header rows.
struct SheetRows<'a> {
    sheet: &'a mut rust_xlsxwriter::Worksheet,
    columns: &'a [Column],
    options: &'a [ExportOption],
    written: u32,
}

impl SheetRows<'_> {
    fn write(
        &mut self,
        conn: &mut Conn,
        geography: &Geography,
        actor: &Actor,
        mut record: SiteRecord,
        location: &crate::territories::Resolved,
    ) -> AppResult<()> {
        access::redact(&mut record, actor, location.place());
        let values = values(conn, geography, actor, &record, self.options)?;
        let line = self.written + 2;
        for (index, column) in self.columns.iter().enumerate() {
            let value = values.get(&column.key).map(String::as_str).unwrap_or("");
            let value = if value == NOT_SET { "" } else { value };
            let restricted = (column.key.starts_with("justice.") && record.data.justice.is_none())
                || (column.key == "owners" && record.data.owners.is_none());
            if restricted || value.is_empty() {
                continue;
            }
            match value.parse::<f64>() {
                Ok(number) if !column.key.contains("code") => {
                    self.sheet.write_number(line, index as u16, number).map_err(xlsx)?
                }
                _ => self.sheet.write_string(line, index as u16, value).map_err(xlsx)?,
            };
        }
        self.written += 1;
        Ok(())
    }
}

/// Builds the spreadsheet; returns its bytes and what the export's log line says.
pub fn spreadsheet(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &SiteFilter,
    options: &[ExportOption],
) -> AppResult<(Vec<u8>, String)> {
    actor.scope(Entity::Site, Feature::Export)?;
    let options = allowed_options(actor, options);
    let columns = columns(filter.status_mode(), &options);
    let mut workbook = Workbook::new();
    // Rows go to a temporary file as they are written instead of staying in memory (a
    // département of 100× France held hundreds of megabytes); rows must then come in order.
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx)?;
    sheet.set_name("Sites").map_err(xlsx)?;
    let headers: Vec<(&str, &str)> = columns.iter().map(|c| (c.section, c.header.as_str())).collect();
    crate::spreadsheet::write_headers(sheet, &headers)?;
    let export_scope = actor.scope(Entity::Site, Feature::Export)?.clone();
    let mut sheet_rows = SheetRows { sheet, columns: &columns, options: &options, written: 0 };
    let mut write = |conn: &mut Conn, records: Vec<SiteRecord>| -> AppResult<()> {
        for record in records {
            let Ok(location) = record.location(geography) else { continue };
            if export_scope.contains_territory(&location) {
                sheet_rows.write(conn, geography, actor, record, &location)?;
            }
        }
        Ok(())
    };
    for slice in search::export_versions(conn, geography, actor, filter)?.chunks(SLICE) {
        let records = records_of_versions(conn, slice)?;
        write(conn, records)?;
    }
    let written = sheet_rows.written;
    let sheet = sheet_rows.sheet;
    sheet.set_freeze_panes(2, 6).map_err(xlsx)?;
    if !columns.is_empty() {
        sheet.autofilter(1, 0, written + 1, columns.len() as u16 - 1).map_err(xlsx)?;
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx)?;
    let details = format!(
        "statut={} sites={} options={}",
        filter.status_mode().code(),
        written,
        options.iter().map(|o| o.code()).collect::<Vec<_>>().join(",")
    );
    Ok((bytes, details))
}
