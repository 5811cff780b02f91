//! Get-ExchangeServer records (on-premises).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{ExchangeServer, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::AdminDisplayVersion,
    Prop::Name,
    Prop::Identity,
    Prop::ServerRole,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let version = f.string(Prop::AdminDisplayVersion).and_then(|v| {
        let parsed = parse_version(&v);
        if parsed.is_none() {
            f.problem(
                Prop::AdminDisplayVersion,
                format!("expected a version like \"Version 15.2 (Build 1544.4)\", found {v:?}"),
                None,
            );
        }
        parsed
    });
    Built::ExchangeServer(ExchangeServer {
        origin,
        name: f.string(Prop::Name).or_else(|| f.string(Prop::Identity)),
        version,
        server_role: f.string(Prop::ServerRole),
    })
}

/// `Version 14.3 (Build 123.4)` → (14, 3); also a bare `15.2.1544.4`.
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let t = text.trim();
    let t = t
        .strip_prefix("Version")
        .or_else(|| t.strip_prefix("version"))
        .unwrap_or(t)
        .trim_start();
    let mut parts = t.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions() {
        assert_eq!(
            super::parse_version("Version 14.3 (Build 123.4)"),
            Some((14, 3))
        );
        assert_eq!(
            super::parse_version("Version 15.2 (Build 1544.4)"),
            Some((15, 2))
        );
        assert_eq!(super::parse_version("15.1.2507.6"), Some((15, 1)));
        assert_eq!(super::parse_version("unknown"), None);
    }
}
