//! Generic splitting of joined multi-valued CSV cells.

/// Splits a joined multi-valued cell. The separator is the first of `;`,
/// `|`, `,` present in the text (in that order of preference); parts are
/// trimmed and empty ones dropped. When none is present the text is split on
/// whitespace if `allow_space` is true, else returned as a single value.
pub fn split_multi(text: &str, allow_space: bool) -> Vec<&str> {
    let separator = [';', '|', ','].into_iter().find(|&c| text.contains(c));
    match separator {
        Some(sep) => text
            .split(sep)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        None if allow_space => text.split_whitespace().collect(),
        None => {
            let t = text.trim();
            if t.is_empty() { Vec::new() } else { vec![t] }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_by_preference() {
        assert_eq!(split_multi("a;b;c", false), vec!["a", "b", "c"]);
        assert_eq!(split_multi("a | b|c", false), vec!["a", "b", "c"]);
        assert_eq!(split_multi("a, b ,c", false), vec!["a", "b", "c"]);
        // ';' wins over ',' (values may contain commas).
        assert_eq!(
            split_multi("Doe, John;Roe, Jane", false),
            vec!["Doe, John", "Roe, Jane"]
        );
        assert_eq!(split_multi("a|b,c", false), vec!["a", "b,c"]);
        assert_eq!(split_multi(";;a;; ;b;", true), vec!["a", "b"]);
    }

    #[test]
    fn whitespace_only_when_allowed() {
        assert_eq!(
            split_multi("onemail twomail  threemail", true),
            vec!["onemail", "twomail", "threemail"]
        );
        assert_eq!(split_multi(" Display Name ", false), vec!["Display Name"]);
        assert_eq!(
            split_multi("one\ttwo\r\nthree", true),
            vec!["one", "two", "three"]
        );
    }

    #[test]
    fn hostile() {
        assert!(split_multi("", true).is_empty());
        assert!(split_multi("", false).is_empty());
        assert!(split_multi("   ", false).is_empty());
        assert!(split_multi(";;;", false).is_empty());
        assert_eq!(split_multi("é;ü\u{0}", false), vec!["é", "ü\u{0}"]);
        assert_eq!(split_multi(&"a;".repeat(50_000), false).len(), 50_000);
    }
}
