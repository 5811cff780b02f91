//! HY008: an inactive or soft-deleted cloud mailbox of an account that is in scope again is not
//! reconnected: a new mailbox is provisioned instead (seed 004, KB 4337973).

use super::{Check, Context, Emitter, Rule, RuleMeta, hybrid, kinds};
use crate::finding::{Finding, FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{DirectoryUser, MigrationKind, Recipient, Side};
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "HY008",
        name: "inactive-mailbox-not-reconnected",
        summary: "inactive or soft-deleted cloud mailbox of an account in scope again: not reconnected automatically",
        severity: Severity::Warning,
        scope: Scope::Object,
        kinds: kinds::HYBRID,
        // The cloud side depends on the direction; the check says what is missing.
        needs: &[],
        fails_with: None,
    },
    check: Check::Once(check),
};

/// The Exchange Online side and the on-premises side for a hybrid kind.
fn sides(kind: MigrationKind) -> (Side, Side) {
    match kind {
        MigrationKind::Offboarding => (Side::Source, Side::Target),
        _ => (Side::Target, Side::Source),
    }
}

/// What an inactive mailbox was matched with.
struct Owner<'a> {
    /// A live cloud mailbox provisioned for the same user.
    new_mailbox: Option<&'a Recipient>,
    /// The on-premises recipient of the same user.
    onprem: Option<&'a Recipient>,
    /// The on-premises Active Directory account.
    account: Option<&'a DirectoryUser>,
}

fn owner<'a>(ctx: &Context<'a>, gone: &Recipient) -> Option<Owner<'a>> {
    let (cloud, onprem) = sides(ctx.kind);
    let cloud = ctx.snapshot.side(cloud);
    let onprem_data = ctx.snapshot.side(onprem);
    let new_mailbox = cloud.recipients.iter().find(|r| {
        !r.is_gone()
            && super::hy005_exchange_guid_not_synced::is_cloud_mailbox(r)
            && hybrid::same_user(r, gone)
    });
    let onprem = onprem_data
        .recipients
        .iter()
        .find(|r| !r.is_gone() && hybrid::same_user(r, gone));
    let account = onprem_data
        .directory_users
        .iter()
        .find(|u| hybrid::is_account_of(u, gone))
        .or_else(|| onprem.and_then(|r| hybrid::directory_user(onprem_data, r)));
    (new_mailbox.is_some() || onprem.is_some() || account.is_some()).then_some(Owner {
        new_mailbox,
        onprem,
        account,
    })
}

fn check(ctx: &Context, e: &mut Emitter) {
    let (cloud_side, _) = sides(ctx.kind);
    let cloud = ctx.snapshot.side(cloud_side);
    if !cloud.has(ExportKind::Mailbox) {
        return e.not_evaluated_object(
            Scope::Object,
            None,
            format!(
                "needs Get-Mailbox -InactiveMailboxOnly / -SoftDeletedMailbox from the {} side \
                 (Exchange Online)",
                cloud_side.as_str()
            ),
        );
    }
    if cloud
        .recipients
        .iter()
        .all(|r| r.is_inactive.is_none() && r.is_soft_deleted.is_none())
    {
        return e.not_evaluated_object(
            Scope::Object,
            None,
            "the Exchange Online mailbox exports carry neither IsInactiveMailbox nor \
             IsSoftDeletedByRemove: export Get-Mailbox -InactiveMailboxOnly and \
             -SoftDeletedMailbox with them",
        );
    }
    for gone in cloud.recipients.iter().filter(|r| r.is_gone()) {
        if let Some(owner) = owner(ctx, gone) {
            e.emit(finding(ctx, gone, &owner));
        }
    }
}

/// The finding for one inactive or soft-deleted mailbox and its owner.
fn finding(ctx: &Context, gone: &Recipient, owner: &Owner) -> Finding {
    let what = if gone.is_inactive == Some(true) {
        "inactive"
    } else {
        "soft-deleted"
    };
    let guid = gone
        .exchange_guid
        .filter(|g| !g.is_nil())
        .map(|g| format!(" (ExchangeGuid {g})"))
        .unwrap_or_default();
    let who = match (owner.new_mailbox, owner.onprem, owner.account) {
        (Some(m), _, _) => format!(
            "already has a newly provisioned mailbox {}",
            m.display_key()
        ),
        (None, Some(r), _) => format!("is in scope again as on-premises {}", r.display_key()),
        (None, None, Some(u)) => format!(
            "is in scope again as Active Directory account {}",
            u.user_principal_name
                .as_deref()
                .or(u.sam_account_name.as_deref())
                .unwrap_or("(no UPN)")
        ),
        (None, None, None) => "is in scope again".to_string(),
    };
    let mut f = ctx
        .object_finding(
            &RULE.meta,
            gone,
            format!(
                "{what} Exchange Online mailbox {}{guid}: its user {who}; Exchange Online does \
                 not reconnect it, a new mailbox is provisioned and the old content stays behind",
                gone.display_key()
            ),
        )
        .evidence(
            if what == "inactive" {
                Prop::IsInactiveMailbox.name()
            } else {
                Prop::IsSoftDeletedByRemove.name()
            },
            Some("False".into()),
            Some("True".into()),
        );
    let cloud_fix = if sides(ctx.kind).0 == Side::Source {
        FixSide::Onprem
    } else {
        FixSide::Target
    };
    let source_mailbox = gone
        .distinguished_name()
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| gone.exchange_guid.map(|g| g.to_string()));
    if let (Some(new), Some(from)) = (owner.new_mailbox, &source_mailbox) {
        let restore = Cmd::new("New-MailboxRestoreRequest")
            .param("SourceMailbox", from)
            .param("TargetMailbox", &new.command_identity())
            .switch("AllowLegacyDNMismatch");
        f = f.fix(cloud_fix, restore.build());
    }
    let account_id = temporary_account(ctx, gone);
    let dn = gone.distinguished_name().map(|d| d.text());
    if let (Some(dn), Some(id)) = (dn.as_deref(), &account_id) {
        let name = gone.name().or(gone.alias()).unwrap_or(id);
        let display = gone.display_name().unwrap_or(name);
        let reconnect = Cmd::new("New-Mailbox")
            .param("InactiveMailbox", dn)
            .param("Name", name)
            .param("DisplayName", display)
            .param("MicrosoftOnlineServicesID", id)
            .param_code(
                "Password",
                "(Read-Host -AsSecureString -Prompt 'Temporary password')",
            )
            .param_code("ResetPasswordOnNextLogon", "$true");
        f = f.fix(cloud_fix, reconnect.build());
    }
    let object_guid = owner.account.and_then(|u| u.object_guid);
    if let (Some(g), Some(id)) = (object_guid, &account_id) {
        let immutable = Cmd::new("Update-MgUser")
            .param("UserId", id)
            .param("OnPremisesImmutableId", &g.immutable_id());
        f = f.fix(cloud_fix, immutable.build());
    }
    f.fix(FixSide::Onprem, hybrid::delta_sync()).note(format!(
        "after an object leaves the Entra Connect scope it stays in the Entra ID recycle bin for \
         30 days; later it is not reconnected. Either copy the content into the new mailbox \
         (New-MailboxRestoreRequest), or reconnect the old one: recover it to a cloud account \
         (New-Mailbox -InactiveMailbox, type a temporary password when asked), set that \
         account's ImmutableId to the base64 of the on-premises ObjectGUID bytes{}, run a delta \
         sync, check the primary SMTP address, then licence the mailbox and apply holds again",
        object_guid
            .map(|g| format!(" ({} for {g})", g.immutable_id()))
            .unwrap_or_else(|| {
                " ([Convert]::ToBase64String(([GUID]'<ObjectGUID>').ToByteArray()); export \
                 Get-ADUser with ObjectGUID to have it computed)"
                    .to_string()
            })
    ))
}

/// The cloud account the inactive mailbox is recovered to: `<alias>@<tenant>.onmicrosoft.com`
/// when the initial domain is known, else the mailbox's own UPN.
fn temporary_account(ctx: &Context, gone: &Recipient) -> Option<String> {
    let cloud = ctx.snapshot.side(sides(ctx.kind).0);
    let mut initial: Vec<String> = cloud
        .accepted_domains
        .iter()
        .map(|d| d.domain_name.to_lowercase())
        .filter(|d| d.ends_with(".onmicrosoft.com") && !d.ends_with(".mail.onmicrosoft.com"))
        .collect();
    initial.sort();
    match (hybrid::local_part(gone), initial.first()) {
        (Some(local), Some(domain)) => Some(format!("{local}@{domain}")),
        _ => gone.user_principal_name().map(str::to_string),
    }
}
