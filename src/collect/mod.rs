//! `mbxlint collect`: the PowerShell script that exports one side of a migration exactly as
//! `mbxlint check` reads it.
//!
//! What is exported is not written down here: [`plan`] takes the exports every rule of the
//! migration kind needs on that side (`RuleMeta::needs`) plus the recipients pairing always
//! reads, and each export selects exactly the properties its importer builder reads
//! ([`crate::import::kinds::reads`]). Rules, importer and script therefore cannot drift apart;
//! `tests/collect.rs` checks it.

mod producers;
mod script;

pub use producers::Producer;
pub use script::script;

use crate::import::{ExportKind, Prop};
use crate::model::{MigrationKind, Side};
use std::collections::BTreeSet;

/// The manifest file the script writes into each side's folder and `mbxlint check` reads.
pub use crate::import::manifest::MANIFEST_FILE;

/// `ConvertTo-Json -Depth` of every export: a top-level array, the object, a multi-valued or
/// nested property (AssignedLicenses, live EMS quotas `{IsUnlimited, Value: {…}}`), and its
/// members, with room to spare. The default (2) turns EmailAddresses into a type name.
pub const JSON_DEPTH: u32 = 6;

/// Objects per file unless `-ChunkSize` says otherwise: small enough for Windows PowerShell
/// 5.1's ConvertTo-Json, large enough to keep the file count low.
pub const DEFAULT_CHUNK_SIZE: u32 = 5000;

/// Where a side's mailboxes live, which decides the session and the cmdlets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Exchange Online (ExchangeOnlineManagement module, Connect-ExchangeOnline).
    ExchangeOnline,
    /// Exchange Server (Exchange Management Shell), with the on-premises Active Directory.
    OnPremises,
}

impl Platform {
    /// The platform of `side` in a `kind` migration.
    pub fn of(kind: MigrationKind, side: Side) -> Platform {
        match (kind, side) {
            (MigrationKind::Onboarding, Side::Source)
            | (MigrationKind::Offboarding, Side::Target) => Platform::OnPremises,
            _ => Platform::ExchangeOnline,
        }
    }

    /// The name the manifest records.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::ExchangeOnline => "exchange-online",
            Platform::OnPremises => "exchange-on-premises",
        }
    }
}

/// What `mbxlint collect` was asked for.
#[derive(Clone, Debug)]
pub struct Request {
    pub kind: MigrationKind,
    pub side: Side,
    /// `--identities FILE`: the default of the script's `-IdentitiesFile` parameter.
    pub identities: Option<String>,
}

/// One export the script runs.
#[derive(Clone, Debug)]
pub struct Export {
    pub kind: ExportKind,
    /// The exact properties selected, in [`Prop`] order.
    pub props: Vec<Prop>,
    /// How the objects are produced on this platform.
    pub producer: &'static Producer,
}

/// Exports every side gets, whatever the rules: the recipients and users pairing reads, and
/// the accepted domains and organization configuration that decide the kind and the delivery
/// domain. On-premises adds remote mailboxes, the servers and Active Directory.
fn base_exports(platform: Platform) -> &'static [ExportKind] {
    use ExportKind::*;
    match platform {
        Platform::ExchangeOnline => &[Mailbox, MailUser, User, AcceptedDomain, OrganizationConfig],
        Platform::OnPremises => &[
            Mailbox,
            RemoteMailbox,
            User,
            AcceptedDomain,
            OrganizationConfig,
            ExchangeServer,
            AdUser,
        ],
    }
}

/// The export kinds the registered rules of `kind` need on `side` (every alternative of each
/// need, so that either way of satisfying it is there).
pub fn needed_exports(kind: MigrationKind, side: Side) -> BTreeSet<ExportKind> {
    crate::rules::REGISTRY
        .iter()
        .filter(|r| r.meta.kinds.contains(&kind))
        .flat_map(|r| r.meta.needs.iter())
        .filter(|n| n.side == side)
        .flat_map(|n| n.exports.iter().copied())
        .collect()
}

/// Every export the script for `kind` / `side` runs, in the order it runs them (the enum order
/// of [`ExportKind`]: mailboxes first, so the per-mailbox exports know the mailboxes).
pub fn plan(kind: MigrationKind, side: Side) -> Vec<Export> {
    let platform = Platform::of(kind, side);
    let mut kinds: BTreeSet<ExportKind> = base_exports(platform).iter().copied().collect();
    kinds.extend(needed_exports(kind, side));
    kinds
        .into_iter()
        .filter_map(|k| {
            producers::producer(k, platform).map(|producer| Export {
                kind: k,
                props: selected(k),
                producer,
            })
        })
        .collect()
}

/// The properties an export of `kind` selects: exactly what the importer reads.
pub fn selected(kind: ExportKind) -> Vec<Prop> {
    let mut props = crate::import::kinds::reads(kind).to_vec();
    props.sort();
    props.dedup();
    props
}
