//! Text normalisation for search (D3): lower case, no accents, punctuation as spaces, computed
//! in Rust so that both databases compare the same way with a plain `LIKE`.

/// "Saint-Étienne-du-Rouvray" → "saint etienne du rouvray".
pub fn normalize(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// A `LIKE` pattern matching `normalized` anywhere, with `%` and `_` neutralised.
pub fn contains_pattern(normalized: &str) -> String {
    format!("%{}%", normalized.replace(['%', '_'], ""))
}

/// One `LIKE` pattern per word of a query: a row matches when it contains every word, in any
/// order ("prefecture seine" finds "Préfecture de la Seine-Saint-Denis").
pub fn word_patterns(query: &str) -> Vec<String> {
    normalize(query).split(' ').filter(|word| !word.is_empty()).map(contains_pattern).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_accents_case_and_punctuation() {
        assert_eq!(normalize("Saint-Étienne-du-Rouvray"), "saint etienne du rouvray");
        assert_eq!(normalize("  L'Haÿ-les-Roses "), "l hay les roses");
        assert_eq!(normalize("ÎLE-DE-FRANCE"), "ile de france");
    }

    #[test]
    fn every_word_gets_its_pattern() {
        assert_eq!(word_patterns("  Préfecture  SEINE "), vec!["%prefecture%", "%seine%"]);
        assert!(word_patterns(" - ").is_empty());
    }

    #[test]
    fn like_pattern_strips_wildcards() {
        assert_eq!(contains_pattern("a%b_c"), "%abc%");
    }
}
