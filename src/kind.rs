//! Working out the migration kind from the snapshot.
//!
//! Only properties that really differ between Exchange Online and on-premises count (both carry
//! Database, ServerName and ExchangeVersion): the DistinguishedName (`…,DC=PROD,DC=OUTLOOK,DC=COM`
//! in Exchange Online, the organisation's own AD domain on-premises), a non-empty
//! ExternalDirectoryObjectId (Exchange Online only), Get-RemoteMailbox objects and
//! Get-ExchangeServer exports (on-premises only).

use crate::import::ExportKind;
use crate::model::{MigrationKind, Platform, RecipientSource, Side, SideData, Snapshot};

/// What each side looked like.
#[derive(Clone, Debug, Default)]
pub struct SideEvidence {
    pub online: usize,
    pub onprem: usize,
    pub unknown: usize,
}

impl SideEvidence {
    fn of(data: &SideData, side: Side) -> Self {
        let mut ev = SideEvidence::default();
        for r in &data.recipients {
            // The source side is judged by its mailboxes; a dir-synced tenant also holds
            // on-premises objects of other kinds.
            if side == Side::Source && r.source != RecipientSource::Mailbox {
                continue;
            }
            match r.platform {
                Some(Platform::ExchangeOnline) => ev.online += 1,
                Some(Platform::OnPremises) => ev.onprem += 1,
                None => ev.unknown += 1,
            }
        }
        if data.has(ExportKind::ExchangeServer) && ev.online == 0 {
            ev.onprem += 1;
        }
        ev
    }

    fn platform(&self) -> Option<Platform> {
        match (self.online, self.onprem) {
            (0, 0) => None,
            (_, 0) => Some(Platform::ExchangeOnline),
            (0, _) => Some(Platform::OnPremises),
            _ => None,
        }
    }

    fn describe(&self, side: Side) -> String {
        format!(
            "{}: {} Exchange Online object(s), {} on-premises object(s), {} without evidence",
            side.as_str(),
            self.online,
            self.onprem,
            self.unknown
        )
    }
}

/// The kind and a sentence saying how it was decided.
pub fn decide(
    snapshot: &Snapshot,
    given: Option<MigrationKind>,
) -> Result<(MigrationKind, String), String> {
    if let Some(kind) = given {
        return Ok((kind, "given with --kind".to_string()));
    }
    let source = SideEvidence::of(&snapshot.source, Side::Source);
    let target = SideEvidence::of(&snapshot.target, Side::Target);
    let seen = format!(
        "{}; {}",
        source.describe(Side::Source),
        target.describe(Side::Target)
    );
    let kind = match (source.platform(), target.platform()) {
        (Some(Platform::ExchangeOnline), Some(Platform::ExchangeOnline)) => {
            MigrationKind::CrossTenant
        }
        (Some(Platform::OnPremises), Some(Platform::ExchangeOnline)) => MigrationKind::Onboarding,
        (Some(Platform::ExchangeOnline), Some(Platform::OnPremises)) => MigrationKind::Offboarding,
        _ => {
            return Err(format!(
                "cannot tell the migration kind from the exports ({seen}); say it with \
                 --kind cross-tenant|onboarding|offboarding"
            ));
        }
    };
    Ok((kind, format!("detected from the exports ({seen})")))
}
