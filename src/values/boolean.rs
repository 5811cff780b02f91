//! Booleans as written by JSON, `Export-Csv` and admins.

use super::error::ValueError;

/// Parses `True`/`False` (any case), `$true`/`$false`, `1`/`0`; surrounding
/// whitespace is ignored.
pub fn parse_bool(text: &str) -> Result<bool, ValueError> {
    let t = text.trim();
    let t = t.strip_prefix('$').unwrap_or(t);
    if t.eq_ignore_ascii_case("true") || t == "1" {
        Ok(true)
    } else if t.eq_ignore_ascii_case("false") || t == "0" {
        Ok(false)
    } else {
        Err(ValueError::new("True or False", text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        for t in [
            "True",
            "true",
            "TRUE",
            "$true",
            "$True",
            "1",
            "  True\r\n",
            "\ttrue ",
        ] {
            assert_eq!(parse_bool(t), Ok(true), "{t:?}");
        }
        for t in [
            "False", "false", "FALSE", "$false", "$False", "0", " False ",
        ] {
            assert_eq!(parse_bool(t), Ok(false), "{t:?}");
        }
    }

    #[test]
    fn rejected_forms() {
        for t in [
            "",
            " ",
            "yes",
            "no",
            "2",
            "-1",
            "$",
            "$$true",
            "Truee",
            "T",
            "01",
            "null",
            "\u{0}",
            "tru\u{e9}",
        ] {
            assert!(parse_bool(t).is_err(), "{t:?}");
        }
        assert!(parse_bool(&"true".repeat(10_000)).is_err());
    }
}
