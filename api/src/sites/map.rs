//! The map of a territory as GeoJSON: written feature by feature into a gzip stream while the
//! sites are read in slices, and kept compressed (D23). A country's map at 100× is 20 MB of JSON
//! and 3 MB gzipped: neither the rows nor the JSON are ever held whole.

use std::convert::Infallible;
use std::io::{Read, Write};

use actix_web::web::Bytes;
use contract::sites::filters::SiteFilter;
use diesel::prelude::*;
use futures_util::Stream;

use super::search;
use crate::auth::Actor;
use crate::db::schema::site_versions as sv;
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::territories::Geography;

/// A map as kept: always gzipped; also plain while small, so that clients without gzip are served
/// without inflating it each time.
pub struct MapBody {
    pub gzip: Bytes,
    pub plain: Option<Bytes>,
}

/// Plain copies above this size are not kept: the rare client without gzip gets the map inflated
/// as it is sent.
const KEEP_PLAIN_UNDER: usize = 1 << 20;
/// Sites read per statement.
const SLICE: i64 = 5_000;

// GeoJSON, serialised straight from structs.
#[derive(serde::Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: i32,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(serde::Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(serde::Serialize)]
struct Properties<'a> {
    name: String,
    field_type: &'a str,
    status: &'a str,
    population: Option<i32>,
    heatwave: bool,
}

/// Columns added to versions by migration 000007 are nullable in the schema (see
/// `search::SummaryRow`).
type Row =
    (i32, Option<String>, Option<String>, Option<String>, String, Option<i32>, Option<bool>, Option<f64>, Option<f64>);

/// Builds the map of the sites the caller may list that match `filter` (and `bbox`, west, south,
/// east, north), in id order. The slices are separate statements: a site written meanwhile may
/// show in its new state or not at all, as in a map read a moment earlier or later.
pub fn build(
    conn: &mut Conn,
    actor: &Actor,
    geography: &Geography,
    filter: &SiteFilter,
    bbox: Option<[f64; 4]>,
) -> AppResult<MapBody> {
    let mut out = Copies::default();
    out.write_all(br#"{"type":"FeatureCollection","features":["#).map_err(AppError::internal)?;
    let mut after: Option<i32> = None;
    let mut first = true;
    loop {
        let mut query = search::sql::filtered(conn.backend(), actor, geography, filter)?;
        if let Some([west, south, east, north]) = bbox {
            query = query.filter(sv::longitude.between(west, east)).filter(sv::latitude.between(south, north));
        }
        if let Some(last) = after {
            query = query.filter(sv::site_id.gt(last));
        }
        let rows: Vec<Row> = query
            .order(sv::site_id)
            .limit(SLICE)
            .select((
                sv::site_id,
                sv::address,
                sv::name,
                sv::field_type,
                sv::status,
                sv::population_total,
                sv::heatwave,
                sv::longitude,
                sv::latitude,
            ))
            .load(conn)?;
        for row in &rows {
            if !first {
                out.write_all(b",").map_err(AppError::internal)?;
            }
            first = false;
            serde_json::to_writer(&mut out, &feature(row)).map_err(AppError::internal)?;
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == SLICE => after = Some(last.0),
            _ => break,
        }
    }
    out.write_all(b"]}").map_err(AppError::internal)?;
    out.finish().map_err(AppError::internal)
}

fn feature(row: &Row) -> Feature<'_> {
    let (id, address, name, field_type, status, population, heatwave, longitude, latitude) = row;
    // A metre is enough to draw a site.
    let round = |value: f64| (value * 100_000.0).round() / 100_000.0;
    Feature {
        kind: "Feature",
        id: *id,
        geometry: Point {
            kind: "Point",
            coordinates: [round(longitude.unwrap_or_default()), round(latitude.unwrap_or_default())],
        },
        properties: Properties {
            name: super::record::display_name(address.as_deref().unwrap_or_default(), name.as_deref()),
            field_type: field_type.as_deref().unwrap_or("unknown"),
            status,
            population: *population,
            heatwave: heatwave.unwrap_or(false),
        },
    }
}

/// Writes the gzip stream, and the plain text while it stays small.
struct Copies {
    gzip: flate2::write::GzEncoder<Vec<u8>>,
    plain: Option<Vec<u8>>,
}

impl Default for Copies {
    fn default() -> Self {
        Copies {
            gzip: flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()),
            plain: Some(Vec::new()),
        }
    }
}

impl Copies {
    fn finish(self) -> std::io::Result<MapBody> {
        Ok(MapBody { gzip: Bytes::from(self.gzip.finish()?), plain: self.plain.map(Bytes::from) })
    }
}

impl Write for Copies {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.gzip.write_all(buf)?;
        if self.plain.as_ref().is_some_and(|plain| plain.len() + buf.len() > KEEP_PLAIN_UNDER) {
            self.plain = None;
        }
        if let Some(plain) = self.plain.as_mut() {
            plain.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.gzip.flush()
    }
}

/// Pieces a map is inflated in for a client without gzip.
const PIECE: usize = 64 * 1024;

/// The plain map out of its gzip copy, inflated piece by piece as the client reads.
pub fn inflated(gzip: Bytes) -> impl Stream<Item = Result<Bytes, Infallible>> {
    use actix_web::web::Buf;
    let decoder = flate2::read::GzDecoder::new(gzip.reader());
    futures_util::stream::unfold(Some(decoder), |decoder| async move {
        let mut decoder = decoder?;
        let mut piece = vec![0; PIECE];
        let mut filled = 0;
        while filled < PIECE {
            match decoder.read(&mut piece[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                // The copy was compressed by this process: a failure here is a bug; the answer
                // ends short rather than the worker panicking.
                Err(error) => {
                    tracing::error!(%error, "kept map does not inflate");
                    return None;
                }
            }
        }
        if filled == 0 {
            return None;
        }
        piece.truncate(filled);
        Some((Ok(Bytes::from(piece)), Some(decoder)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn an_inflated_map_is_the_plain_map() {
        let plain: Vec<u8> = (0..(KEEP_PLAIN_UNDER + 17)).map(|i| b"{}[],:abcdef"[i % 12]).collect();
        let mut copies = Copies::default();
        copies.write_all(&plain).unwrap();
        let kept = copies.finish().unwrap();
        assert!(kept.plain.is_none(), "over the limit, the plain copy is not kept");
        let pieces: Vec<Bytes> = futures_util::StreamExt::collect::<Vec<_>>(inflated(kept.gzip))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert!(pieces.iter().all(|piece| piece.len() <= PIECE));
        assert_eq!(pieces.concat(), plain);
    }

    #[test]
    fn a_small_map_keeps_its_plain_copy() {
        let mut copies = Copies::default();
        copies.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[]}").unwrap();
        let kept = copies.finish().unwrap();
        assert_eq!(kept.plain.as_deref(), Some(&b"{\"type\":\"FeatureCollection\",\"features\":[]}"[..]));
    }
}
