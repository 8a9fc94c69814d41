//! The actions spreadsheet of one year (DOMAIN §16, issue 12): one row per action the caller
//! reads that runs during the year, with its indicators of that year, and its finances of that
//! year for the actions whose finances the caller reads.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use contract::access::{Entity, Feature};
use contract::actions::codes::{ActionLocationType, ActionPhase, FinanceType};
use contract::actions::filters::ActionFilter;
use contract::actions::indicators::FIELDS;
use contract::sites::output::{SiteLink, UserRef};
use contract::territories::LocationType;
use contract::Labelled;
use diesel::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

use super::access::Reachable;
use super::members::Membership;
use super::record::{ActionRecord, MemberRole};
use super::search;
use super::store::Located;
use crate::auth::Actor;
use crate::db::schema::{action_members as am, action_versions as av};
use crate::db::Conn;
use crate::error::AppResult;
use crate::spreadsheet::xlsx;
use crate::territories::Geography;

/// Actions whose snapshots are read and written at a time: only one slice is held in memory.
const SLICE: usize = 500;

/// One column: its section (the merged row above the headers) and its header.
struct Column {
    section: String,
    header: String,
}

/// The columns of the year; the finances' only when some row shows them.
fn columns(year: i32, with_finances: bool) -> Vec<Column> {
    let column = |section: &str, header: &str| Column { section: section.to_owned(), header: header.to_owned() };
    let mut out: Vec<Column> = [
        "Identifiant",
        "Nom de l'action",
        "Département",
        "Date de début",
        "Date de fin",
        "Statut",
        "Champs d'intervention",
        "Lieu",
        "Pilotes",
        "Opérateurs",
        "Objectifs",
    ]
    .iter()
    .map(|header| column("Action", header))
    .collect();
    let indicators = format!("Indicateurs {year}");
    out.extend(FIELDS.iter().map(|(_, label, _)| column(&indicators, label)));
    if with_finances {
        let finances = format!("Financements {year}");
        for kind in FinanceType::ALL {
            out.push(column(&finances, &format!("{} : prévu", kind.label())));
            out.push(column(&finances, &format!("{} : exécuté", kind.label())));
        }
    }
    out
}

/// A value of the sheet.
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

fn text(value: String) -> Cell {
    if value.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(value)
    }
}

/// An exported action before its snapshot is read: its version and where it is.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = av)]
struct Listed {
    id: i32,
    action_id: i32,
    version: i32,
    departement_code: String,
    region_code: String,
}

impl Listed {
    /// Whether the caller reads its finances: the very rule of the action's page.
    fn finances_read_by(&self, actor: &Actor, memberships: &HashMap<i32, Membership>) -> bool {
        let located = Located {
            id: self.action_id,
            version: self.version,
            departement_code: self.departement_code.clone(),
            region_code: self.region_code.clone(),
        };
        let membership = memberships.get(&self.action_id).copied().unwrap_or_default();
        Reachable { located, membership }.reads_finances(actor)
    }
}

/// How the caller's organization takes part in actions, by action (a handful of rows: those of
/// one organization).
fn memberships(conn: &mut Conn, actor: &Actor) -> AppResult<HashMap<i32, Membership>> {
    let rows: Vec<(i32, String)> = am::table
        .filter(am::organization_id.eq(actor.user.organization_id))
        .select((am::action_id, am::role))
        .load(conn)?;
    let mut out: HashMap<i32, Membership> = HashMap::new();
    for (action_id, role) in rows {
        let membership = out.entry(action_id).or_default();
        membership.pilot |= role == MemberRole::Pilot.code();
        membership.operator |= role == MemberRole::Operator.code();
    }
    Ok(out)
}

/// The records of the versions `ids`, in the order of `ids`.
fn records_of_versions(conn: &mut Conn, ids: &[i32]) -> AppResult<Vec<ActionRecord>> {
    let snapshots: Vec<(i32, String)> =
        av::table.filter(av::id.eq_any(ids.to_vec())).select((av::id, av::snapshot)).load(conn)?;
    let mut by_id: HashMap<i32, String> = snapshots.into_iter().collect();
    ids.iter().filter_map(|id| by_id.remove(id)).map(|snapshot| ActionRecord::from_snapshot(&snapshot)).collect()
}

/// What the rows of one slice name: people and sites, read once for the slice.
struct Names {
    people: HashMap<i32, UserRef>,
    sites: HashMap<i32, SiteLink>,
}

impl Names {
    fn of(conn: &mut Conn, actor: &Actor, records: &[ActionRecord]) -> AppResult<Self> {
        let people: Vec<i32> =
            records.iter().flat_map(|r| r.data.pilots.iter().chain(&r.data.operators)).copied().collect();
        let sites: Vec<i32> = records.iter().flat_map(|r| r.data.site_ids.iter()).copied().collect();
        Ok(Names {
            people: crate::users::store::refs(conn, &people)?,
            // Sites the caller may not read are not named.
            sites: crate::sites::view::links(conn, actor, &sites)?.into_iter().map(|link| (link.id, link)).collect(),
        })
    }

    /// "Prénom Nom (Structure)", one per line.
    fn people(&self, ids: &[i32]) -> String {
        let named = ids.iter().filter_map(|id| self.people.get(id));
        named
            .map(|user| format!("{} {} ({})", user.first_name, user.last_name, user.organization.name))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Where the action takes place: the type, then its sites, ETI address or text.
fn place(geography: &Geography, names: &Names, record: &ActionRecord) -> String {
    let data = &record.data;
    let kind = data.location_type.unwrap_or(ActionLocationType::Other);
    let details = match kind {
        ActionLocationType::OnSite => {
            data.site_ids.iter().filter_map(|id| names.sites.get(id)).map(|site| site.display_name.clone()).collect()
        }
        ActionLocationType::Eti => data
            .eti
            .iter()
            .map(|eti| {
                let city = geography.resolve(LocationType::City, Some(&eti.city_code)).and_then(|found| found.city);
                match city {
                    Some(city) => format!("{} ({})", eti.address, city.name),
                    None => eti.address.clone(),
                }
            })
            .collect(),
        ActionLocationType::Other => data.location_other.iter().cloned().collect(),
        ActionLocationType::Housing => Vec::new(),
    };
    if details.is_empty() {
        kind.label().to_owned()
    } else {
        format!("{} : {}", kind.label(), details.join(" ; "))
    }
}

/// The cells of one action, in the order of [`columns`].
fn cells(
    geography: &Geography,
    names: &Names,
    record: &ActionRecord,
    year: i32,
    finances: Option<bool>,
    today: NaiveDate,
) -> Vec<Cell> {
    let data = &record.data;
    let departement = geography
        .resolve(LocationType::Departement, Some(&data.departement_code))
        .and_then(|found| found.departement)
        .map(|d| format!("{} - {}", d.code, d.name))
        .unwrap_or_else(|| data.departement_code.clone());
    let phase = if data.is_ended(today) { ActionPhase::Ended } else { ActionPhase::Ongoing };
    // The principal operator first.
    let mut operators = data.operators.clone();
    operators.sort_by_key(|id| Some(*id) != data.principal_operator);
    let mut out = vec![
        Cell::Number(f64::from(record.id)),
        text(data.name.clone()),
        text(departement),
        data.started_at.map_or(Cell::Empty, Cell::Date),
        data.ended_at.map_or(Cell::Empty, Cell::Date),
        text(phase.label().to_owned()),
        text(data.topics.iter().map(|topic| topic.label()).collect::<Vec<_>>().join(", ")),
        text(place(geography, names, record)),
        text(names.people(&data.pilots)),
        text(names.people(&operators)),
        text(data.goals.clone()),
    ];
    let indicators = record.indicators.iter().find(|stored| stored.year == year).map(|stored| stored.values.values());
    out.extend(indicators.unwrap_or_default().map(|value| value.map_or(Cell::Empty, |v| Cell::Number(f64::from(v)))));
    // `None`: no finance column; `Some(false)`: columns left empty on this row.
    if let Some(readable) = finances {
        for kind in FinanceType::ALL {
            let row = data.finances.iter().find(|row| readable && row.year == year && row.finance_type == *kind);
            out.push(row.map_or(Cell::Empty, |row| Cell::Number(row.amount)));
            out.push(row.and_then(|row| row.real_amount).map_or(Cell::Empty, Cell::Number));
        }
    }
    out
}

fn write_row(sheet: &mut Worksheet, line: u32, cells: Vec<Cell>, date: &Format) -> AppResult<()> {
    for (index, cell) in cells.into_iter().enumerate() {
        let index = index as u16;
        match cell {
            Cell::Empty => {}
            Cell::Text(value) => {
                sheet.write_string(line, index, value).map_err(xlsx)?;
            }
            Cell::Number(value) => {
                sheet.write_number(line, index, value).map_err(xlsx)?;
            }
            Cell::Date(day) => {
                let day =
                    ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8).map_err(xlsx)?;
                sheet.write_datetime_with_format(line, index, day, date).map_err(xlsx)?;
            }
        }
    }
    Ok(())
}

/// Builds the spreadsheet of `year`; returns its bytes and what the export's log line says.
pub fn spreadsheet(
    conn: &mut Conn,
    geography: &Geography,
    actor: &Actor,
    filter: &ActionFilter,
    year: i32,
) -> AppResult<(Vec<u8>, String)> {
    actor.scope(Entity::Action, Feature::Export)?;
    // The list's scope and filters, both tabs, restricted to the actions running during `year`.
    let filter = ActionFilter { year: Some(year), ..filter.clone() };
    let listed: Vec<Listed> = search::filtered(actor, geography, &filter)?
        .order((av::departement_code.asc(), av::name.asc(), av::action_id.asc()))
        .select(Listed::as_select())
        .load(conn)?;
    let memberships = memberships(conn, actor)?;
    let readable: HashSet<i32> =
        listed.iter().filter(|row| row.finances_read_by(actor, &memberships)).map(|row| row.action_id).collect();
    let with_finances = !readable.is_empty();
    let columns = columns(year, with_finances);
    let mut workbook = Workbook::new();
    // Rows go to a temporary file as they are written (they must then come in order).
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx)?;
    sheet.set_name("Actions").map_err(xlsx)?;
    let headers: Vec<(&str, &str)> = columns.iter().map(|c| (c.section.as_str(), c.header.as_str())).collect();
    crate::spreadsheet::write_headers(sheet, &headers)?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let today = crate::sites::write::today();
    let mut written = 0u32;
    let versions: Vec<i32> = listed.iter().map(|row| row.id).collect();
    for slice in versions.chunks(SLICE) {
        let records = records_of_versions(conn, slice)?;
        let names = Names::of(conn, actor, &records)?;
        for record in &records {
            let finances = with_finances.then(|| readable.contains(&record.id));
            write_row(sheet, written + 2, cells(geography, &names, record, year, finances, today), &date)?;
            written += 1;
        }
    }
    sheet.set_freeze_panes(2, 2).map_err(xlsx)?;
    sheet.autofilter(1, 0, written + 1, columns.len() as u16 - 1).map_err(xlsx)?;
    let bytes = workbook.save_to_buffer().map_err(xlsx)?;
    let details = format!("annee={year} actions={written} financements={}", if with_finances { "oui" } else { "non" });
    Ok((bytes, details))
}
