//! Reading an exported workbook back, as its readers see it.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

/// The header row and the data rows of the sheet `name`, as text (the section row above the
/// headers is skipped).
pub fn read_sheet(bytes: &[u8], name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a valid xlsx");
    let range = workbook.worksheet_range(name).expect("the sheet");
    let mut rows = range.rows().map(|row| {
        row.iter()
            .map(|cell| match cell {
                Data::Empty => String::new(),
                Data::Float(f) => f.to_string(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
    });
    let _sections = rows.next();
    let headers = rows.next().unwrap_or_default();
    (headers, rows.collect())
}
