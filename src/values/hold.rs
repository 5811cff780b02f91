//! `InPlaceHolds` entries (Get-Mailbox / Get-OrganizationConfig).
//!
//! Shapes (Microsoft docs "identify a hold on an Exchange Online mailbox"):
//! `UniH<guid>` eDiscovery hold, `<32 hex>` or `cld<32 hex>` legacy In-Place
//! Hold, `mbx<guid>:<action>` / `skp<guid>:<action>` retention policy,
//! `grp<guid>:<action>` group/Teams policy, `-mbx<guid>` exclusion.
//! Action suffix: `:1` delete only, `:2` retain only, `:3` retain then delete.

use std::fmt;

use super::error::ValueError;
use super::guid::Guid;

/// What kind of hold an `InPlaceHolds` entry is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum HoldKind {
    /// `mbx…`: Microsoft 365 retention policy for mailboxes.
    MailboxRetention,
    /// `skp…`: retention policy for Skype for Business conversations.
    SkypeRetention,
    /// `UniH…`: eDiscovery (unified) case hold.
    UnifiedEDiscovery,
    /// `cld…` or a bare 32-hex GUID: legacy In-Place Hold.
    LegacyInPlace,
    /// `grp…`: policy for Microsoft 365 Groups / Teams channel messages.
    GroupRetention,
    /// Leading `-`: the mailbox is excluded from an org-wide policy.
    Exclusion,
    /// Anything else.
    Other,
}

/// One `InPlaceHolds` entry.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct InPlaceHold {
    pub kind: HoldKind,
    /// The entry as written (trimmed).
    pub raw: Box<str>,
    /// The policy / search GUID, when one could be read.
    pub policy: Option<Guid>,
    /// The `:n` action suffix, when present.
    pub action: Option<u8>,
}

const PREFIXES: [(&str, HoldKind); 5] = [
    ("UniH", HoldKind::UnifiedEDiscovery),
    ("mbx", HoldKind::MailboxRetention),
    ("skp", HoldKind::SkypeRetention),
    ("grp", HoldKind::GroupRetention),
    ("cld", HoldKind::LegacyInPlace),
];

/// Strips `prefix` case-insensitively.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Classifies a body (no leading `-`, no action suffix).
fn classify(body: &str) -> (HoldKind, Option<Guid>) {
    if body.len() == 32 && body.bytes().all(|b| b.is_ascii_hexdigit()) {
        return (HoldKind::LegacyInPlace, Guid::parse(body).ok());
    }
    for (prefix, kind) in PREFIXES {
        if let Some(rest) = strip_prefix_ci(body, prefix) {
            return (kind, Guid::parse(rest).ok());
        }
    }
    (HoldKind::Other, None)
}

impl InPlaceHold {
    /// Parses one entry. Never fails on non-empty text (unknown shapes are
    /// `HoldKind::Other`); empty text is an error.
    pub fn parse(text: &str) -> Result<InPlaceHold, ValueError> {
        let raw = text.trim();
        if raw.is_empty() {
            return Err(ValueError::new("an InPlaceHolds entry", text));
        }
        let (excluded, rest) = match raw.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let (body, action) = match rest.rsplit_once(':') {
            Some((body, suffix))
                if !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (body, suffix.parse::<u8>().ok())
            }
            _ => (rest, None),
        };
        let (kind, policy) = classify(body);
        Ok(InPlaceHold {
            kind: if excluded { HoldKind::Exclusion } else { kind },
            raw: raw.into(),
            policy,
            action,
        })
    }

    /// True when this hold keeps the mailbox on hold and so blocks (or
    /// complicates) moving / removing it.
    pub fn blocks_mailbox_move(&self) -> bool {
        matches!(
            self.kind,
            HoldKind::MailboxRetention
                | HoldKind::SkypeRetention
                | HoldKind::UnifiedEDiscovery
                | HoldKind::LegacyInPlace
        )
    }
}

impl fmt::Display for InPlaceHold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> InPlaceHold {
        InPlaceHold::parse(text).unwrap()
    }

    fn g(text: &str) -> Option<Guid> {
        Some(Guid::parse(text).unwrap())
    }

    #[test]
    fn documented_examples() {
        let x = h("UniH7d895d48-7e23-4a8d-8346-533c3beac15d");
        assert_eq!(x.kind, HoldKind::UnifiedEDiscovery);
        assert_eq!(x.policy, g("7d895d48-7e23-4a8d-8346-533c3beac15d"));
        assert_eq!(x.action, None);
        assert!(x.blocks_mailbox_move());

        let x = h("c0ba3ce811b6432a8751430937152491");
        assert_eq!(x.kind, HoldKind::LegacyInPlace);
        assert_eq!(x.policy, g("c0ba3ce811b6432a8751430937152491"));
        assert!(x.blocks_mailbox_move());

        let x = h("cld9c0a984ca74b457fbe4504bf7d3e00de");
        assert_eq!(x.kind, HoldKind::LegacyInPlace);
        assert_eq!(x.policy, g("9c0a984ca74b457fbe4504bf7d3e00de"));
        assert!(x.blocks_mailbox_move());

        let x = h("mbxcdbbb86ce60342489bff371876e7f224:1");
        assert_eq!(x.kind, HoldKind::MailboxRetention);
        assert_eq!(x.policy, g("cdbbb86ce60342489bff371876e7f224"));
        assert_eq!(x.action, Some(1));
        assert!(x.blocks_mailbox_move());

        let x = h("skp127d7cf1076947929bf136b7a2a8c36f:3");
        assert_eq!(x.kind, HoldKind::SkypeRetention);
        assert_eq!(x.policy, g("127d7cf1076947929bf136b7a2a8c36f"));
        assert_eq!(x.action, Some(3));
        assert!(x.blocks_mailbox_move());

        let x = h("grp1a0a132ee8944501a4bb6a452ec31171:3");
        assert_eq!(x.kind, HoldKind::GroupRetention);
        assert_eq!(x.policy, g("1a0a132ee8944501a4bb6a452ec31171"));
        assert_eq!(x.action, Some(3));
        assert!(!x.blocks_mailbox_move());

        let x = h("-mbxe9b52bf7ab3b46a286308ecb29624696");
        assert_eq!(x.kind, HoldKind::Exclusion);
        assert_eq!(x.policy, g("e9b52bf7ab3b46a286308ecb29624696"));
        assert!(!x.blocks_mailbox_move());

        let x = h("mbx7cfb30345d454ac0a989ab3041051209:2");
        assert_eq!(x.kind, HoldKind::MailboxRetention);
        assert_eq!(x.action, Some(2));
        assert_eq!(x.raw.as_ref(), "mbx7cfb30345d454ac0a989ab3041051209:2");
        assert_eq!(x.to_string(), "mbx7cfb30345d454ac0a989ab3041051209:2");
    }

    #[test]
    fn case_insensitive_prefixes() {
        assert_eq!(
            h("unih7d895d48-7e23-4a8d-8346-533c3beac15d").kind,
            HoldKind::UnifiedEDiscovery
        );
        assert_eq!(
            h("UNIH7d895d48-7e23-4a8d-8346-533c3beac15d").kind,
            HoldKind::UnifiedEDiscovery
        );
        assert_eq!(
            h("MBXcdbbb86ce60342489bff371876e7f224:1").kind,
            HoldKind::MailboxRetention
        );
        assert_eq!(
            h("CLD9c0a984ca74b457fbe4504bf7d3e00de").kind,
            HoldKind::LegacyInPlace
        );
        assert_eq!(
            h("C0BA3CE811B6432A8751430937152491").kind,
            HoldKind::LegacyInPlace
        );
        assert_eq!(
            h(" -MBXe9b52bf7ab3b46a286308ecb29624696 ").kind,
            HoldKind::Exclusion
        );
    }

    #[test]
    fn unknown_and_odd_shapes() {
        let x = h("something-else");
        assert_eq!(x.kind, HoldKind::Other);
        assert_eq!(x.policy, None);
        assert!(!x.blocks_mailbox_move());
        // Known prefix without a readable GUID keeps its kind.
        let x = h("mbxnot-a-guid:2");
        assert_eq!(x.kind, HoldKind::MailboxRetention);
        assert_eq!(x.policy, None);
        assert_eq!(x.action, Some(2));
        // Oversized action suffix does not overflow.
        let x = h("mbxcdbbb86ce60342489bff371876e7f224:999999999999999999999");
        assert_eq!(x.action, None);
        assert_eq!(
            h("mbxcdbbb86ce60342489bff371876e7f224:").kind,
            HoldKind::MailboxRetention
        );
        assert_eq!(h("-").kind, HoldKind::Exclusion);
        assert_eq!(h(":").kind, HoldKind::Other);
        assert_eq!(h("é:ü").kind, HoldKind::Other);
        assert_eq!(h("Un").kind, HoldKind::Other);
        assert_eq!(h("\u{0}").kind, HoldKind::Other);
        assert_eq!(h(&"x".repeat(100_000)).kind, HoldKind::Other);
        assert_eq!(h("System.Collections.ArrayList").kind, HoldKind::Other);
    }

    #[test]
    fn empty_is_error() {
        assert!(InPlaceHold::parse("").is_err());
        assert!(InPlaceHold::parse(" \t\r\n").is_err());
    }
}
