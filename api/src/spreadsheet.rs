//! What every spreadsheet export shares (sites, actions): the two header rows — sections merged
//! over their columns, then one header per column — and the mapping of writer errors.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use crate::error::{AppError, AppResult};

pub fn xlsx(error: XlsxError) -> AppError {
    AppError::internal(format!("xlsx: {error}"))
}

/// Writes the section row (each section merged over its consecutive columns) and the header row,
/// given `(section, header)` per column.
pub fn write_headers<'a>(sheet: &mut Worksheet, columns: &[(&'a str, &'a str)]) -> AppResult<()> {
    let section = Format::new().set_bold().set_background_color("#E3E3FD").set_align(FormatAlign::Center);
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#F6F6F6");
    let mut start = 0u16;
    for (index, (name, _)) in columns.iter().enumerate() {
        let index = index as u16;
        sheet.set_column_width(index, 18).map_err(xlsx)?;
        let last_of_section = columns.get(index as usize + 1).is_none_or(|(next, _)| next != name);
        if last_of_section {
            if index > start {
                sheet.merge_range(0, start, 0, index, name, &section).map_err(xlsx)?;
            } else {
                sheet.write_string_with_format(0, index, *name, &section).map_err(xlsx)?;
            }
            start = index + 1;
        }
    }
    for (index, (_, title)) in columns.iter().enumerate() {
        sheet.write_string_with_format(1, index as u16, *title, &header).map_err(xlsx)?;
    }
    Ok(())
}
