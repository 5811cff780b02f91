//! GUIDs as written by PowerShell (`System.Guid`), plus the Entra `ImmutableId` form.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::error::ValueError;

const EXPECTED: &str = "a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)";

/// A GUID. The all-zero GUID means "not set" in Exchange exports.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Guid(uuid::Uuid);

impl Guid {
    /// `00000000-0000-0000-0000-000000000000`.
    pub const NIL: Guid = Guid(uuid::Uuid::nil());

    /// Parses the dashed form, the `{braced}` form or 32 hex digits without
    /// dashes; any case; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Guid, ValueError> {
        let err = || ValueError::new(EXPECTED, text);
        let t = text.trim();
        let t = match t.strip_prefix('{') {
            Some(inner) => inner.strip_suffix('}').ok_or_else(err)?,
            None => t,
        };
        // Only the 32-digit and the hyphenated 36-character forms (uuid checks the digits and
        // the hyphens' places; it would also take the URN form, which PowerShell never writes).
        if !matches!(t.len(), 32 | 36) {
            return Err(err());
        }
        uuid::Uuid::try_parse(t).map(Guid).map_err(|_| err())
    }

    /// True for the all-zero GUID.
    pub fn is_nil(&self) -> bool {
        self.0.is_nil()
    }

    /// Builds a GUID from its canonical (big-endian, as written) bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> Guid {
        Guid(uuid::Uuid::from_bytes(bytes))
    }

    /// The underlying `uuid::Uuid`.
    pub fn as_uuid(&self) -> &uuid::Uuid {
        &self.0
    }

    /// The Entra ID `ImmutableId` (sourceAnchor) for this GUID: base64 of the
    /// .NET `Guid.ToByteArray()` layout (first three fields little-endian).
    pub fn immutable_id(&self) -> String {
        STANDARD.encode(self.0.to_bytes_le())
    }

    /// Inverse of [`Guid::immutable_id`]: decodes a base64 `ImmutableId`
    /// of exactly 16 bytes.
    pub fn from_immutable_id(text: &str) -> Result<Guid, ValueError> {
        let err = || {
            ValueError::new("an ImmutableId (base64 of 16 bytes)", text)
                .with_hint("an ImmutableId that is not a base64 GUID (e.g. an e-mail address) cannot be mapped to an ObjectGUID")
        };
        let bytes = STANDARD.decode(text.trim()).map_err(|_| err())?;
        let array: [u8; 16] = bytes.try_into().map_err(|_| err())?;
        Ok(Guid(uuid::Uuid::from_bytes_le(array)))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl serde::Serialize for Guid {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: &str = "2be92a50-7cc5-4a40-8471-b7ce9c2e3426";

    #[test]
    fn parses_all_forms() {
        let g = Guid::parse(G).unwrap();
        assert_eq!(g.to_string(), G);
        for form in [
            "2BE92A50-7CC5-4A40-8471-B7CE9C2E3426",
            "{2be92a50-7cc5-4a40-8471-b7ce9c2e3426}",
            "{2BE92A50-7cc5-4a40-8471-b7ce9c2e3426}",
            "2be92a507cc54a408471b7ce9c2e3426",
            "  2be92a50-7cc5-4a40-8471-b7ce9c2e3426\r\n",
            "{2be92a507cc54a408471b7ce9c2e3426}",
        ] {
            assert_eq!(Guid::parse(form), Ok(g), "{form}");
        }
    }

    #[test]
    fn nil() {
        let g = Guid::parse("00000000-0000-0000-0000-000000000000").unwrap();
        assert!(g.is_nil());
        assert_eq!(g, Guid::NIL);
        assert!(!Guid::parse(G).unwrap().is_nil());
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "   ",
            "{}",
            "{2be92a50-7cc5-4a40-8471-b7ce9c2e3426",
            "2be92a50-7cc5-4a40-8471-b7ce9c2e342",
            "2be92a50-7cc5-4a40-8471-b7ce9c2e34266",
            "2be92a50x7cc5-4a40-8471-b7ce9c2e3426",
            "2be92a50-7cc5-4a40-8471-b7ce9c2e342g",
            "urn:uuid:2be92a50-7cc5-4a40-8471-b7ce9c2e3426",
            "2be92a50-7cc54a40-8471-b7ce9c2e3426-",
            "éééééééééééééééééééééééééééééééééééé",
            "UniH7d895d48-7e23-4a8d-8346-533c3beac15d",
            "\u{0}",
        ] {
            assert!(Guid::parse(bad).is_err(), "{bad:?}");
        }
        let long = "a".repeat(10_000);
        assert!(Guid::parse(&long).is_err());
    }

    #[test]
    fn immutable_id_known_pairs() {
        // .NET ToByteArray() of f64a9c3a-7e65-4a7d-9a8d-0e3f6b1c2d4e is
        // 3a 9c 4a f6 | 65 7e | 7d 4a | 9a 8d 0e 3f 6b 1c 2d 4e.
        let g = Guid::parse("f64a9c3a-7e65-4a7d-9a8d-0e3f6b1c2d4e").unwrap();
        assert_eq!(g.immutable_id(), "OpxK9mV+fUqajQ4/axwtTg==");
        assert_eq!(Guid::from_immutable_id("OpxK9mV+fUqajQ4/axwtTg=="), Ok(g));
        let g = Guid::parse(G).unwrap();
        assert_eq!(g.immutable_id(), "UCrpK8V8QEqEcbfOnC40Jg==");
        assert_eq!(Guid::from_immutable_id(" UCrpK8V8QEqEcbfOnC40Jg== "), Ok(g));
    }

    #[test]
    fn immutable_id_rejects_invalid() {
        for bad in [
            "",
            "not base64!",
            "AAAA",
            "user@contoso.com",
            "OpxK9mV+fUqajQ4/axwtTgAA",
        ] {
            assert!(Guid::from_immutable_id(bad).is_err(), "{bad:?}");
        }
    }
}
