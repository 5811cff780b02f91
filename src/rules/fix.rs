//! Remediation helpers shared by rules.

use crate::finding::{Finding, FixSide};
use crate::model::Recipient;
use crate::powershell::Cmd;

/// Adds a fix for a target object: `Set-MailUser` in the target tenant, or, for a dir-synced
/// object (whose synced attributes cannot be changed in the cloud), the same change on the
/// target's on-premises object, then a sync.
pub fn on_target(finding: Finding, target: &Recipient, cmd: Cmd) -> Finding {
    if target.dir_synced() {
        finding.fix(FixSide::Onprem, cmd.build()).note(
            "the target object is synchronised from on-premises Active Directory (IsDirSynced): \
             make the change on the on-premises object with the Exchange Management Shell, then \
             run a delta sync (Start-ADSyncSyncCycle -PolicyType Delta)",
        )
    } else {
        finding.fix(FixSide::Target, cmd.build())
    }
}
