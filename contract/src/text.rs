//! The rule every text input follows, whatever its field: no control characters but tab and line
//! breaks. A NUL byte is refused by PostgreSQL and the others are invisible in every screen and
//! export; refusing them here gives one answer (422 naming the field) on both databases.

use crate::problem::FieldError;

/// True for a character no text input may hold: C0 and C1 controls and DEL, except tab, line
/// feed and carriage return (a pasted Windows text ends its lines with both).
pub fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The error of one field holding a forbidden character.
pub fn forbidden_character(field: impl Into<String>) -> FieldError {
    FieldError::new(field, "control_character", "Ce texte contient un caractère de contrôle non autorisé.")
}

/// False when a JSON text surely holds no forbidden character, read from its bytes alone: JSON
/// writes C0 controls only as `\u` escapes, so a text without any escape, raw DEL or raw C1
/// control (UTF-8 `C2 80`–`C2 9F`) needs no closer look. Most bodies are decided here.
pub fn may_hold_forbidden(json: &[u8]) -> bool {
    json.contains(&0x7f)
        || json.windows(2).any(|pair| pair == b"\\u" || (pair[0] == 0xc2 && (0x80..=0x9f).contains(&pair[1])))
}

/// One error per string of a JSON document that holds a forbidden character, named by its path
/// as the other field errors are (`population.total`, `solutions[1].message`).
pub fn forbidden_characters(value: &serde_json::Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    walk(value, "", &mut errors);
    errors
}

fn walk(value: &serde_json::Value, path: &str, errors: &mut Vec<FieldError>) {
    match value {
        serde_json::Value::String(text) if text.chars().any(is_forbidden) => {
            errors.push(forbidden_character(if path.is_empty() { "." } else { path }));
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{index}]"), errors);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                let key = if key.chars().any(is_forbidden) { "?" } else { key.as_str() };
                let child = if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
                walk(item, &child, errors);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_line_breaks_pass_every_other_control_is_named() {
        let document = serde_json::json!({
            "name": "Les\tTilleuls\r\n2e ligne",
            "address": "7 rue\u{0} des Tilleuls",
            "population": {"comments": "ok", "other": "bip\u{7}"},
            "solutions": [{"message": "fine"}, {"message": "del\u{7f}"}, {"message": "c1\u{85}"}],
            "accents": "Saint-Étienne « ok » — 😀",
            "count": 3
        });
        let fields: Vec<String> = forbidden_characters(&document).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["address", "population.other", "solutions[1].message", "solutions[2].message"]);
    }

    #[test]
    fn only_texts_with_an_escape_del_or_c1_need_a_closer_look() {
        assert!(!may_hold_forbidden("{\"name\": \"Les Tilleuls\", \"city\": \"Saint-Étienne « 😀 »\"}".as_bytes()));
        assert!(!may_hold_forbidden("{\"body\": \"ligne\\nsuivante\"}".as_bytes()), "\\n is no \\u");
        assert!(may_hold_forbidden(br#"{"name": "a\u0000b"}"#));
        assert!(may_hold_forbidden(b"{\"name\": \"a\x7fb\"}"));
        assert!(may_hold_forbidden("{\"name\": \"a\u{85}b\"}".as_bytes()));
        let document = serde_json::json!({"a": "\u{0}", "b": "\u{7f}", "c": "\u{9f}"});
        assert!(may_hold_forbidden(serde_json::to_string(&document).unwrap().as_bytes()));
    }

    #[test]
    fn a_bare_string_is_named_by_the_root() {
        let errors = forbidden_characters(&serde_json::json!("a\u{0}"));
        assert_eq!(errors[0].field, ".");
        assert_eq!(errors[0].code, "control_character");
    }
}
