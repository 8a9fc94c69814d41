//! Issue 24, first step: every site version carries its columns, written with each new version
//! and given by the data step to the versions stored before (from any stored snapshot shape).

use diesel::prelude::*;
use serde_json::json;

use api::db::schema::site_versions as sv;

use crate::sites::{create_site, montreuil_body};
use crate::support::{Persona, TestApp};

type Facts =
    (i32, Option<String>, Option<String>, Option<String>, Option<bool>, Option<i32>, Option<f64>, Option<String>);

/// A few of the new columns of every version, by version id.
async fn facts(app: &TestApp) -> Vec<Facts> {
    app.state
        .db
        .read(|conn| {
            Ok(sv::table
                .order(sv::id)
                .select((
                    sv::id,
                    sv::address,
                    sv::field_type,
                    sv::water_status,
                    sv::origin_european,
                    sv::caravans,
                    sv::latitude,
                    sv::closed_with_solutions,
                ))
                .load(conn)?)
        })
        .await
        .unwrap()
}

async fn refill(app: &TestApp) -> usize {
    let geography = app.state.geography.clone();
    app.state.db.write(move |conn| api::sites::version_columns::refill(conn, &geography)).await.unwrap()
}

#[actix_web::test]
async fn versions_written_now_carry_their_columns_and_the_refill_gives_the_same_to_older_ones() {
    let app = TestApp::spawn().await;
    let id = create_site(&app, Persona::Prefecture93, montreuil_body()).await;
    let patched =
        crate::sites::patch_site(&app, Persona::Prefecture93, id, 1, json!({"population": {"caravans": 4}})).await;
    assert_eq!(patched.status, 200, "{}", patched.text());
    let written = facts(&app).await;
    assert!(written.iter().all(|f| f.1.is_some() && f.2.is_some()), "demo and new versions all carry columns");
    let site: Vec<&Facts> = written.iter().rev().take(2).collect();
    assert_eq!(site[0].5, Some(4), "the update's own count");
    assert_eq!(site[1].5, None, "the creation's");
    assert_eq!(site[0].4, Some(true), "montreuil's origins are european");
    let emptied = app
        .state
        .db
        .write(|conn| {
            Ok(diesel::update(sv::table)
                .set((
                    sv::address.eq(None::<String>),
                    sv::field_type.eq(None::<String>),
                    sv::water_status.eq(None::<String>),
                    sv::origin_european.eq(None::<bool>),
                    sv::caravans.eq(None::<i32>),
                    sv::latitude.eq(None::<f64>),
                    sv::closed_with_solutions.eq(None::<String>),
                ))
                .execute(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(refill(&app).await, emptied);
    assert_eq!(facts(&app).await, written, "the refill gives what writing gives");
    assert_eq!(refill(&app).await, 0, "nothing left to fill");
}

#[actix_web::test]
async fn every_stored_snapshot_shape_is_refilled() {
    let app = TestApp::spawn().await;
    let site = create_site(&app, Persona::Prefecture93, montreuil_body()).await;
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/fixtures/site-snapshots");
    let mut planted = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let snapshot = std::fs::read_to_string(&path).unwrap();
        let version = 100 + planted.len() as i32;
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let id: i32 = app
            .state
            .db
            .write(move |conn| {
                Ok(diesel::insert_into(sv::table)
                    .values((
                        sv::site_id.eq(site),
                        sv::version.eq(version),
                        sv::kind.eq("update"),
                        sv::valid_from.eq(at),
                        sv::valid_to.eq(Some(at)),
                        sv::status.eq("open"),
                        sv::region_code.eq("11"),
                        sv::departement_code.eq("93"),
                        sv::city_code.eq("93048"),
                        sv::snapshot.eq(snapshot),
                    ))
                    .returning(sv::id)
                    .get_result(conn)?)
            })
            .await
            .unwrap();
        planted.push((id, name));
    }
    assert_eq!(refill(&app).await, planted.len(), "{planted:?}");
    let facts = facts(&app).await;
    for (id, name) in planted {
        let fact = facts.iter().find(|f| f.0 == id).unwrap();
        assert_eq!(fact.1.as_deref(), Some("7 rue des Tilleuls 93100 Montreuil"), "{name}");
        assert_eq!(fact.7.is_some(), name.contains("closed"), "{name}: closed_with_solutions");
        assert_eq!(fact.4, Some(name.contains("complete") || name.contains("with-solutions")), "{name}: origins");
    }
}
