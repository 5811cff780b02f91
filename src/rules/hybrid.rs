//! Helpers shared by the hybrid (onboarding / offboarding) rules.

use super::Context;
use crate::model::{AcceptedDomain, DirectoryUser, Recipient, SideData};
use crate::powershell::Cmd;

/// `<tenant>.mail.onmicrosoft.com` named after the tenant's initial `<tenant>.onmicrosoft.com`
/// accepted domain (lowest name first when several are listed), whether or not the routing
/// domain itself is accepted.
pub fn routing_domain_from_initial(domains: &[AcceptedDomain]) -> Option<String> {
    let mut initial: Vec<String> = domains
        .iter()
        .map(|d| d.domain_name.to_lowercase())
        .filter(|d| d.ends_with(".onmicrosoft.com") && !d.ends_with(".mail.onmicrosoft.com"))
        .collect();
    initial.sort();
    let tenant = initial
        .first()?
        .strip_suffix(".onmicrosoft.com")?
        .to_string();
    (!tenant.is_empty() && !tenant.contains('.')).then(|| format!("{tenant}.mail.onmicrosoft.com"))
}

/// The tenant's routing (coexistence) domain `<tenant>.mail.onmicrosoft.com` for onboarding:
/// the accepted one in Exchange Online, else the one named after the initial domain, else a
/// `--target-delivery-domain` of that form.
pub fn routing_domain(ctx: &Context) -> Option<String> {
    let domains = &ctx.snapshot.target.accepted_domains;
    let mut accepted: Vec<String> = domains
        .iter()
        .map(|d| d.domain_name.to_lowercase())
        .filter(|d| d.ends_with(".mail.onmicrosoft.com"))
        .collect();
    accepted.sort();
    accepted
        .into_iter()
        .next()
        .or_else(|| routing_domain_from_initial(domains))
        .or_else(|| {
            ctx.options
                .target_delivery_domain
                .as_deref()
                .map(str::to_lowercase)
                .filter(|d| d.ends_with(".mail.onmicrosoft.com"))
        })
}

/// True when the two optional texts are equal, ignoring case.
fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if !a.trim().is_empty() && a.trim().eq_ignore_ascii_case(b.trim()))
}

/// The Get-ADUser record of a recipient on the same side: by msExchMailboxGuid = ExchangeGuid,
/// else UserPrincipalName, else a proxy address equal to the primary SMTP address.
pub fn directory_user<'a>(side: &'a SideData, r: &Recipient) -> Option<&'a DirectoryUser> {
    let users = &side.directory_users;
    let by_guid = r.exchange_guid.filter(|g| !g.is_nil()).and_then(|g| {
        users
            .iter()
            .find(|u| u.mailbox_guid.is_some_and(|m| !m.is_nil() && m == g))
    });
    by_guid
        .or_else(|| {
            users
                .iter()
                .find(|u| same_text(u.user_principal_name.as_deref(), r.user_principal_name()))
        })
        .or_else(|| {
            let primary = r.primary_smtp.as_ref()?;
            users.iter().find(|u| {
                u.proxy_addresses
                    .iter()
                    .flatten()
                    .filter_map(|p| p.smtp())
                    .any(|a| &a == primary)
            })
        })
}

/// True when two recipients name the same user: UPN, primary SMTP address or (non-zero)
/// ExchangeGuid.
pub fn same_user(a: &Recipient, b: &Recipient) -> bool {
    same_text(a.user_principal_name(), b.user_principal_name())
        || matches!((&a.primary_smtp, &b.primary_smtp), (Some(x), Some(y)) if x == y)
        || matches!((a.exchange_guid, b.exchange_guid), (Some(x), Some(y)) if !x.is_nil() && x == y)
}

/// True when an Active Directory user is the account of a (cloud) recipient: msExchMailboxGuid
/// = ExchangeGuid, UPN, or the recipient's primary address among its proxyAddresses.
pub fn is_account_of(user: &DirectoryUser, r: &Recipient) -> bool {
    let guid =
        matches!((user.mailbox_guid, r.exchange_guid), (Some(x), Some(y)) if !x.is_nil() && x == y);
    let upn = same_text(user.user_principal_name.as_deref(), r.user_principal_name());
    let smtp = r.primary_smtp.as_ref().is_some_and(|primary| {
        user.proxy_addresses
            .iter()
            .flatten()
            .filter_map(|p| p.smtp())
            .any(|a| &a == primary)
    });
    guid || upn || smtp
}

/// The local part for a new address of `r`: Alias, else the primary address's local part.
pub fn local_part(r: &Recipient) -> Option<String> {
    r.alias()
        .map(str::to_string)
        .or_else(|| r.primary_smtp.as_ref().map(|p| p.local().to_string()))
}

/// `Start-ADSyncSyncCycle -PolicyType Delta`, run on the Entra Connect server.
pub fn delta_sync() -> String {
    Cmd::new("Start-ADSyncSyncCycle")
        .param_code("PolicyType", "Delta")
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn domain(name: &str) -> AcceptedDomain {
        AcceptedDomain {
            origin: Origin { file: 0, record: 0 },
            domain_name: name.into(),
            domain_type: None,
            initial_domain: None,
            coexistence_domain: None,
            match_subdomains: None,
        }
    }

    #[test]
    fn routing_domain_is_named_after_the_initial_domain() {
        let d = [domain("contoso.com"), domain("Contoso.onmicrosoft.com")];
        assert_eq!(
            routing_domain_from_initial(&d).as_deref(),
            Some("contoso.mail.onmicrosoft.com")
        );
        assert_eq!(routing_domain_from_initial(&[domain("contoso.com")]), None);
    }
}
