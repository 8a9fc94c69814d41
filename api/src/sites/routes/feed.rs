//! The activity feed and the exports.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use contract::access::{Entity, Feature};
use contract::problem::Problem;
use contract::sites::activity::{ActivityKind, ActivityPage};
use contract::sites::codes::ExportOption;
use contract::sites::filters::{comma_separated, SiteFilter};
use contract::territories::{LocationInput, LocationType};
use contract::Labelled;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Actor;
use crate::db::schema::{site_comments as comments, site_versions as sv, sites};
use crate::error::{AppError, AppResult};
use crate::extract::{parse_query, Query};
use crate::sites::activity::{self, FeedQuery};
use crate::sites::store::Located;
use crate::sites::{export, journal};
use crate::state::State;

pub fn routes(config: &mut ServiceConfig) {
    config.service(activities).service(export_sites).service(export_comments);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ActivityParams {
    /// Comma-separated: `site_creation`, `site_update`, `site_closing`, `site_comment`,
    /// `action_creation`, `action_update`, `action_comment` (all by default).
    #[serde(default, deserialize_with = "comma_separated")]
    #[param(value_type = Option<String>)]
    kinds: Vec<ActivityKind>,
    location_type: Option<LocationType>,
    location_code: Option<String>,
    /// Events before this instant (from the previous page's `next_before`).
    before: Option<DateTime<Utc>>,
    /// 20 by default, at most 100.
    limit: Option<i64>,
}

/// The latest events the caller may see: sites declared, updated (with what changed) and
/// closed, actions created and updated (finances for their readers only), and the journal
/// messages of both, newest first. Action events are those of the actions the caller reads (in
/// their territory, or of their organization); a commune or an EPCI finds the actions whose ETI
/// or sites are there.
#[utoipa::path(
    tag = "Activity",
    params(ActivityParams),
    responses(
        (status = 200, body = ActivityPage),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities")]
async fn activities(state: State, actor: Actor, params: Query<ActivityParams>) -> AppResult<HttpResponse> {
    let params = params.0;
    let limit = params.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::field("limit", "out_of_range", "Entre 1 et 100."));
    }
    let query = FeedQuery {
        kinds: params.kinds,
        territory: params
            .location_type
            .map(|location_type| LocationInput { location_type, code: params.location_code }),
        before: params.before.map(|at| at.naive_utc()),
        limit,
    };
    let geography = state.geography.clone();
    let page = state.db.read(move |conn| activity::feed(conn, &geography, &actor, &query)).await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Comma-separated optional sections: `address_details`, `owner`, `living_conditions`,
    /// `demographics`, `justice`, `actors`, `comments`, `resorption_phases`.
    #[serde(default, deserialize_with = "comma_separated")]
    #[param(value_type = Option<String>)]
    options: Vec<ExportOption>,
}

/// The sites spreadsheet (XLSX) of the list's filters, with optional sections; with `as_of`,
/// the situation at the end of that day. Justice, owners and comments appear only for callers
/// allowed to read them. Every export is logged.
#[utoipa::path(
    tag = "Exports",
    params(SiteFilter, ExportParams),
    responses(
        (status = 200, description = "The spreadsheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/export")]
async fn export_sites(state: State, actor: Actor, req: HttpRequest) -> AppResult<HttpResponse> {
    let query = req.query_string().to_owned();
    let (filter, params): (SiteFilter, ExportParams) = {
        let mut filter_part = Vec::new();
        let mut options_part = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if name == "options" {
                options_part.push((name.into_owned(), value.into_owned()));
            } else {
                filter_part.push((name.into_owned(), value.into_owned()));
            }
        }
        let encode =
            |pairs: Vec<(String, String)>| form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        (parse_query(&encode(filter_part))?, parse_query(&encode(options_part))?)
    };
    let mode = filter.status_mode();
    let name = format!("{}-sites-{}-resorption.xlsx", chrono::Utc::now().date_naive(), mode.code());
    let answer = |bytes: Bytes| {
        HttpResponse::Ok()
            .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
            .body(crate::sites::cache::chunked(bytes))
    };
    // A spreadsheet costs a hundred times the reading of its rows. The same caller asking for the
    // same one again before any write gets the copy just made (D25); it reflects their rights,
    // organization and journal visibility, so copies are kept per caller. Each export is logged.
    let key = format!("export#{}#{query}", actor.id());
    let user_id = actor.id();
    if let Some(bytes) = kept_and_logged(&state, &key, user_id).await? {
        return Ok(answer(bytes));
    }
    let _turn = state.exports.turn().await?;
    // Another request of the same caller may have built it while this one waited its turn.
    if let Some(bytes) = kept_and_logged(&state, &key, user_id).await? {
        return Ok(answer(bytes));
    }
    let generation = state.site_answers.generation();
    let geography = state.geography.clone();
    let (bytes, details) =
        state.db.read(move |conn| export::spreadsheet(conn, &geography, &actor, &filter, &params.options)).await?;
    let bytes = Bytes::from(bytes);
    log_export(&state, user_id, details.clone()).await?;
    state.site_answers.put(format!("{key}#details"), generation, Bytes::from(details));
    state.site_answers.put(key, generation, bytes.clone());
    Ok(answer(bytes))
}

/// The spreadsheet kept for this caller and question, if any, logged as a new export.
async fn kept_and_logged(state: &State, key: &str, user_id: i32) -> AppResult<Option<Bytes>> {
    let Some((bytes, details)) = kept_export(state, key) else { return Ok(None) };
    log_export(state, user_id, details).await?;
    Ok(Some(bytes))
}

async fn log_export(state: &State, user_id: i32, details: String) -> AppResult<()> {
    state
        .db
        .write(move |conn| crate::audit::record(conn, Some(user_id), "export.sites", "site", None, Some(details)))
        .await
}

/// A spreadsheet kept for this caller and question, with what its log line says.
fn kept_export(state: &State, key: &str) -> Option<(Bytes, String)> {
    let details = state.site_answers.get(&format!("{key}#details"))?;
    let bytes = state.site_answers.get(key)?;
    Some((bytes, String::from_utf8(details.to_vec()).ok()?))
}

/// Every journal message the caller may read, as CSV (UTF-8 with BOM for spreadsheets);
/// logged.
#[utoipa::path(
    tag = "Exports",
    responses(
        (status = 200, description = "CSV", content_type = "text/csv"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sites/comments/export")]
async fn export_comments(state: State, actor: Actor) -> AppResult<HttpResponse> {
    let _turn = state.exports.turn().await?;
    let body = state
        .db
        .read(move |conn| {
            let scope = actor.scope(Entity::SiteComment, Feature::Export)?.clone();
            // The site's name and place from its current version.
            let mut query = comments::table
                .inner_join(sites::table)
                .inner_join(sv::table.on(sv::site_id.eq(comments::site_id).and(sv::valid_to.is_null())))
                .filter(comments::deleted_at.is_null())
                .into_boxed();
            query = crate::filter_in_scope!(
                query,
                &scope,
                sites::region_code,
                sites::departement_code,
                sites::epci_code,
                sites::city_code
            );
            type Line = (journal::CommentRow, Located, Option<String>, Option<String>, Option<String>);
            let rows: Vec<Line> = query
                .order((comments::created_at.desc(), comments::id.desc()))
                .select((journal::CommentRow::as_select(), Located::as_select(), sv::address, sv::name, sv::city_name))
                .load(conn)?;
            let ids: Vec<i32> = rows.iter().map(|r| r.0.id).collect();
            let targets = journal::targets_of(conn, &ids)?;
            let rows: Vec<_> = rows
                .into_iter()
                .filter(|(row, site, ..)| journal::readable_by_actor(&actor, site.place(), row, targets.get(&row.id)))
                .collect();
            let authors: Vec<i32> = rows.iter().map(|r| r.0.author_id).collect();
            let refs = crate::users::store::refs(conn, &authors)?;
            let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
            let csv_error = |e: csv::Error| AppError::internal(format!("csv: {e}"));
            writer
                .write_record([
                    "Site",
                    "Adresse",
                    "Commune",
                    "Département",
                    "Date",
                    "Auteur",
                    "Structure",
                    "Visibilité",
                    "Message",
                ])
                .map_err(csv_error)?;
            for (row, site, address, name, city) in &rows {
                let author = refs.get(&row.author_id);
                let visibility = contract::sites::codes::CommentVisibility::from_code(&row.visibility)
                    .map(|v| v.label())
                    .unwrap_or("");
                writer
                    .write_record([
                        row.site_id.to_string(),
                        crate::sites::record::display_name(address.as_deref().unwrap_or_default(), name.as_deref()),
                        city.clone().unwrap_or_default(),
                        site.departement_code.clone(),
                        row.created_at.format("%Y-%m-%d %H:%M").to_string(),
                        author.map(|a| format!("{} {}", a.first_name, a.last_name)).unwrap_or_default(),
                        author.map(|a| a.organization.name.clone()).unwrap_or_default(),
                        visibility.to_owned(),
                        row.body.clone(),
                    ])
                    .map_err(csv_error)?;
            }
            crate::audit::record(
                conn,
                Some(actor.id()),
                "export.comments",
                "site_comment",
                None,
                Some(format!("messages={}", rows.len())),
            )?;
            writer.into_inner().map_err(|e| AppError::internal(format!("csv: {e}")))
        })
        .await?;
    let name = format!("{}-journal-des-sites-resorption.csv", chrono::Utc::now().date_naive());
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(body))
}
