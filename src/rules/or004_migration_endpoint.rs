//! OR004: the target tenant needs an ExchangeRemoteMove endpoint to the source tenant.

use super::{Check, Context, Emitter, Need, Rule, RuleMeta, kinds, org};
use crate::finding::{FixSide, Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{MigrationEndpoint, Side};
use crate::powershell::Cmd;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "OR004",
        name: "migration-endpoint",
        summary: "target tenant lacks an ExchangeRemoteMove migration endpoint to outlook.office.com with the source's application and onmicrosoft.com domain",
        severity: Severity::Error,
        scope: Scope::Tenant,
        kinds: kinds::CROSS_TENANT,
        needs: &[
            Need {
                side: Side::Target,
                exports: &[ExportKind::MigrationEndpoint],
                props: &[
                    Prop::EndpointType,
                    Prop::RemoteServer,
                    Prop::RemoteTenant,
                    Prop::ApplicationId,
                ],
            },
            Need {
                side: Side::Source,
                exports: &[ExportKind::OrganizationRelationship],
                props: &[Prop::OAuthApplicationId],
            },
            Need {
                side: Side::Source,
                exports: &[ExportKind::AcceptedDomain],
                props: &[Prop::DomainName],
            },
        ],
        fails_with: None,
    },
    check: Check::Once(check),
};

const REMOTE_SERVER: &str = "outlook.office.com";

fn check(ctx: &Context, e: &mut Emitter) {
    let app = org::source_relationship(ctx)
        .and_then(|r| r.oauth_application_id)
        .filter(|g| !g.is_nil());
    let tenants: Vec<&str> = ctx
        .snapshot
        .source
        .accepted_domains
        .iter()
        .map(|d| &*d.domain_name)
        .filter(|d| {
            let d = d.to_lowercase();
            d.ends_with(".onmicrosoft.com") && !d.ends_with(".mail.onmicrosoft.com")
        })
        .collect();
    let problems = |ep: &MigrationEndpoint| {
        let mut p = Vec::new();
        if !ep
            .remote_server
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(REMOTE_SERVER))
        {
            p.push(format!(
                "RemoteServer is {}, not {REMOTE_SERVER}",
                ep.remote_server.as_deref().unwrap_or("empty")
            ));
        }
        if let Some(app) = app
            && ep.application_id != Some(app)
        {
            p.push(format!(
                "ApplicationId is {}, not the source relationship's OAuthApplicationId {app}",
                ep.application_id
                    .map_or_else(|| "empty".to_string(), |g| g.to_string())
            ));
        }
        if !tenants.is_empty()
            && !ep
                .remote_tenant
                .as_deref()
                .is_some_and(|t| tenants.iter().any(|d| d.eq_ignore_ascii_case(t.trim())))
        {
            p.push(format!(
                "RemoteTenant is {}, not the source tenant's {}",
                ep.remote_tenant.as_deref().unwrap_or("empty"),
                tenants.join(" or ")
            ));
        }
        p
    };
    let remote_moves: Vec<&MigrationEndpoint> = ctx
        .snapshot
        .target
        .migration_endpoints
        .iter()
        .filter(|ep| {
            ep.endpoint_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("ExchangeRemoteMove"))
        })
        .collect();
    let judged: Vec<_> = remote_moves.iter().map(|ep| (*ep, problems(ep))).collect();
    if judged.iter().any(|(_, p)| p.is_empty()) {
        return;
    }
    let new_endpoint = || {
        let mut cmd = Cmd::new("New-MigrationEndpoint")
            .param("Name", "CrossTenantMigration")
            .switch("ExchangeRemoteMove")
            .param("RemoteServer", REMOTE_SERVER);
        cmd = match tenants.first() {
            Some(t) => cmd.param("RemoteTenant", t),
            None => cmd.param_code("RemoteTenant", "<source>.onmicrosoft.com"),
        };
        cmd = match app {
            Some(a) => cmd.param("ApplicationId", &a.to_string()),
            None => cmd.param_code("ApplicationId", "<application ID>"),
        };
        cmd.param_code("Credentials", "(Get-Credential)")
    };
    if judged.is_empty() {
        let f = ctx
            .finding(
                &RULE.meta,
                Scope::Tenant,
                "no ExchangeRemoteMove migration endpoint in the target tenant".to_string(),
            )
            .note("the credentials are the migration application's ID and secret")
            .fix(FixSide::Target, new_endpoint().build());
        e.emit(f);
        return;
    }
    for (ep, p) in judged {
        let message = format!(
            "target migration endpoint {}: {}",
            ep.identity.as_deref().unwrap_or("(unnamed)"),
            p.join("; ")
        );
        let f = ctx
            .finding(&RULE.meta, Scope::Tenant, message)
            .at(ctx.location(ep.origin))
            .note("create an endpoint with the right values (the credentials are the migration application's ID and secret) and use it as the batch's -SourceEndpoint")
            .fix(FixSide::Target, new_endpoint().build());
        e.emit(f);
    }
}
