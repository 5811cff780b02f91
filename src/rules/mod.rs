//! The rule engine and the registry of every rule.
//!
//! One rule per file. Each file defines a `pub static RULE: Rule` holding the rule's metadata
//! (code, name, default severity, kinds it applies to, exports it needs, the Microsoft error)
//! and its check function. [`REGISTRY`] lists them all; nothing else needs to change to add one.
//! Each rule has its documentation in `rules/<CODE>.md`.
//!
//! Codes are an area prefix and a number, so configuration can select or ignore by prefix:
//! `IN` input files, `PR` pairing, `ID` identity and GUIDs, `PX` proxy addresses and routing,
//! `HD` holds, `AR` archives and quota, `LI` licensing, `OR` organisation relationship,
//! endpoint and scope, `BT` batches, `HY` hybrid onboarding / offboarding.
//!
//! Offboarding rules are numbered HY050–HY099 and take odd numbers in existing families
//! (ID007); onboarding rules take HY001–HY049 and even numbers.

mod context;
mod engine;

pub use context::{Context, Emitter, NotEvaluated, Options};
pub use engine::{RuleStatus, RunResult, run};

use crate::finding::{Scope, Severity};
use crate::import::{ExportKind, Prop};
use crate::model::{MigrationKind, Side};
use crate::pairing::Pair;

mod fix;
pub mod hybrid;
mod offboard;
mod org;

mod ar001_too_many_aux_archives;
mod ar002_auto_expanding_archive;
mod ar003_demoted_archive;
mod ar004_mailbox_near_quota;
mod ar005_recoverable_items_over_target_quota;
mod bt001_batch_too_large;
mod bt002_user_in_two_batches;
mod bt003_source_address_in_batch;
mod bt004_batch_entry_unmatched;
mod bt005_existing_move_request;
mod bt006_delegates_split_across_batches;
mod hd001_mailbox_on_hold;
mod hd002_org_wide_hold;
mod hd003_substrate_holds_items;
mod hy001_no_routing_proxy_onprem;
mod hy002_routing_proxy_not_synced;
mod hy003_routing_domain;
mod hy004_proxy_domain_not_accepted;
mod hy005_exchange_guid_not_synced;
mod hy006_archive_guid_not_synced;
mod hy007_cloud_mailbox_exists;
mod hy008_inactive_mailbox_not_reconnected;
mod hy009_archive_in_cloud_primary_only;
mod hy010_ad_inheritance_disabled;
mod hy011_mailbox_over_200gb;
mod hy012_leftover_move_attributes;
mod hy050_offboard_no_onprem_mail_user;
mod hy051_offboard_target_has_homemdb;
mod hy052_offboard_ucs_to_exchange_2010;
mod hy053_offboard_exchange_2010_target;
mod hy054_offboard_auto_expanding_archive;
mod hy055_offboard_archive_over_onprem_quota;
mod hy056_offboard_no_delivery_domain_proxy;
mod id001_exchange_guid;
mod id002_archive_guid;
mod id003_target_already_mailbox;
mod id004_previous_mailbox_info;
mod id005_source_not_movable;
mod id007_offboard_exchange_guid;
mod in001_unreadable_input;
mod in002_stale_export;
mod li001_no_migration_licence;
mod li002_target_licensed_before_guid;
mod or001_target_org_relationship;
mod or002_source_org_relationship;
mod or003_domain_names_not_tenant_id;
mod or004_migration_endpoint;
mod or005_domain_in_both_tenants;
mod or006_tenant_dehydrated;
mod or007_not_in_migration_scope;
mod pr001_no_target;
mod pr002_pairing_conflict;
mod px001_legacy_dn_x500;
mod px002_x500_proxy_missing;
mod px003_x400_proxy_missing;
mod px004_target_proxy_not_accepted;
mod px005_target_primary_not_accepted;
mod px006_external_address_not_source;
mod px007_primary_equals_external;
mod px008_no_delivery_domain_proxy;

/// Every rule, in code order.
pub static REGISTRY: &[&Rule] = &[
    &ar001_too_many_aux_archives::RULE,
    &ar002_auto_expanding_archive::RULE,
    &ar003_demoted_archive::RULE,
    &ar004_mailbox_near_quota::RULE,
    &ar005_recoverable_items_over_target_quota::RULE,
    &bt001_batch_too_large::RULE,
    &bt002_user_in_two_batches::RULE,
    &bt003_source_address_in_batch::RULE,
    &bt004_batch_entry_unmatched::RULE,
    &bt005_existing_move_request::RULE,
    &bt006_delegates_split_across_batches::RULE,
    &hd001_mailbox_on_hold::RULE,
    &hd002_org_wide_hold::RULE,
    &hd003_substrate_holds_items::RULE,
    &hy001_no_routing_proxy_onprem::RULE,
    &hy002_routing_proxy_not_synced::RULE,
    &hy003_routing_domain::RULE,
    &hy004_proxy_domain_not_accepted::RULE,
    &hy005_exchange_guid_not_synced::RULE,
    &hy006_archive_guid_not_synced::RULE,
    &hy007_cloud_mailbox_exists::RULE,
    &hy008_inactive_mailbox_not_reconnected::RULE,
    &hy009_archive_in_cloud_primary_only::RULE,
    &hy010_ad_inheritance_disabled::RULE,
    &hy011_mailbox_over_200gb::RULE,
    &hy012_leftover_move_attributes::RULE,
    &hy050_offboard_no_onprem_mail_user::RULE,
    &hy051_offboard_target_has_homemdb::RULE,
    &hy052_offboard_ucs_to_exchange_2010::RULE,
    &hy053_offboard_exchange_2010_target::RULE,
    &hy054_offboard_auto_expanding_archive::RULE,
    &hy055_offboard_archive_over_onprem_quota::RULE,
    &hy056_offboard_no_delivery_domain_proxy::RULE,
    &id001_exchange_guid::RULE,
    &id002_archive_guid::RULE,
    &id003_target_already_mailbox::RULE,
    &id004_previous_mailbox_info::RULE,
    &id005_source_not_movable::RULE,
    &id007_offboard_exchange_guid::RULE,
    &in001_unreadable_input::RULE,
    &in002_stale_export::RULE,
    &li001_no_migration_licence::RULE,
    &li002_target_licensed_before_guid::RULE,
    &or001_target_org_relationship::RULE,
    &or002_source_org_relationship::RULE,
    &or003_domain_names_not_tenant_id::RULE,
    &or004_migration_endpoint::RULE,
    &or005_domain_in_both_tenants::RULE,
    &or006_tenant_dehydrated::RULE,
    &or007_not_in_migration_scope::RULE,
    &pr001_no_target::RULE,
    &pr002_pairing_conflict::RULE,
    &px001_legacy_dn_x500::RULE,
    &px002_x500_proxy_missing::RULE,
    &px003_x400_proxy_missing::RULE,
    &px004_target_proxy_not_accepted::RULE,
    &px005_target_primary_not_accepted::RULE,
    &px006_external_address_not_source::RULE,
    &px007_primary_equals_external::RULE,
    &px008_no_delivery_domain_proxy::RULE,
];

/// An export a rule reads: one of `exports` on `side`, and the properties it uses.
#[derive(Debug)]
pub struct Need {
    pub side: Side,
    /// Any one of these exports will do.
    pub exports: &'static [ExportKind],
    pub props: &'static [Prop],
}

/// What a rule is, independent of any snapshot.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    /// Kebab-case name, e.g. `exchange-guid-mismatch`.
    pub name: &'static str,
    /// One line: what the rule checks.
    pub summary: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    pub kinds: &'static [MigrationKind],
    pub needs: &'static [Need],
    /// The error a failed move report shows, when Microsoft names one.
    pub fails_with: Option<&'static str>,
}

/// How a rule runs.
pub enum Check {
    /// Once per pair in scope (in parallel).
    Pair(fn(&Context, &Pair, &mut Emitter)),
    /// Once for the whole snapshot (tenant, batch and input rules).
    Once(fn(&Context, &mut Emitter)),
}

/// A rule: metadata and check.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Check,
}

/// Looks a rule up by code (case-insensitive) or by the Microsoft error it reports.
pub fn find(name: &str) -> Option<&'static Rule> {
    let name = name.trim();
    REGISTRY
        .iter()
        .find(|r| r.meta.code.eq_ignore_ascii_case(name))
        .or_else(|| {
            REGISTRY.iter().find(|r| {
                r.meta
                    .fails_with
                    .is_some_and(|e| e.eq_ignore_ascii_case(name))
            })
        })
        .or_else(|| {
            REGISTRY
                .iter()
                .find(|r| r.meta.name.eq_ignore_ascii_case(name))
        })
        .copied()
}

/// The documentation of a rule, compiled in from `rules/<CODE>.md`.
pub fn doc(code: &str) -> Option<&'static str> {
    docs::DOCS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, d)| *d)
}

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// Shorthand for the kinds lists of rule metadata.
pub mod kinds {
    use crate::model::MigrationKind::{self, *};
    pub const ALL: &[MigrationKind] = &[CrossTenant, Onboarding, Offboarding];
    pub const CROSS_TENANT: &[MigrationKind] = &[CrossTenant];
    pub const HYBRID: &[MigrationKind] = &[Onboarding, Offboarding];
    pub const ONBOARDING: &[MigrationKind] = &[Onboarding];
    pub const OFFBOARDING: &[MigrationKind] = &[Offboarding];
}
