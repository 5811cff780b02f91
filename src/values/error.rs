//! The single error type returned by every value parser.

use std::fmt;

/// Maximum number of characters of the offending text kept in an error.
const MAX_FOUND_CHARS: usize = 80;

/// A value did not have the expected shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// Short description of what was expected, e.g. `"a GUID"`.
    pub expected: &'static str,
    /// The offending text, truncated to 80 characters, control characters escaped.
    pub found: String,
    /// Optional advice for the admin (how to re-export, etc.).
    pub hint: Option<&'static str>,
}

impl ValueError {
    /// Builds an error, sanitising `found` for display.
    pub fn new(expected: &'static str, found: &str) -> Self {
        ValueError {
            expected,
            found: sanitize(found),
            hint: None,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// Truncates to [`MAX_FOUND_CHARS`] characters and escapes control characters.
fn sanitize(text: &str) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count >= MAX_FOUND_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found \"{}\"", self.expected, self.found)
    }
}

impl std::error::Error for ValueError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_format() {
        let e = ValueError::new("a GUID", "xyz");
        assert_eq!(e.to_string(), "expected a GUID, found \"xyz\"");
        assert_eq!(e.hint, None);
    }

    #[test]
    fn with_hint_sets_hint() {
        let e = ValueError::new("a GUID", "").with_hint("re-export");
        assert_eq!(e.hint, Some("re-export"));
        assert_eq!(e.to_string(), "expected a GUID, found \"\"");
    }

    #[test]
    fn truncates_long_text_on_char_boundary() {
        let long = "é".repeat(500);
        let e = ValueError::new("x", &long);
        assert_eq!(e.found.chars().count(), MAX_FOUND_CHARS + 1);
        assert!(e.found.ends_with('…'));
        let exact = "a".repeat(MAX_FOUND_CHARS);
        assert_eq!(ValueError::new("x", &exact).found, exact);
    }

    #[test]
    fn escapes_control_characters() {
        let e = ValueError::new("x", "a\nb\r\t\u{1}\u{7f}");
        assert_eq!(e.found, "a\\nb\\r\\t\\u{1}\\u{7f}");
    }

    #[test]
    fn is_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(ValueError::new("x", "y"));
        assert!(e.to_string().contains("expected x"));
    }
}
