//! Get-AcceptedDomain records.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{AcceptedDomain, Origin};

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::DomainName,
    Prop::DomainType,
    Prop::InitialDomain,
    Prop::IsCoexistenceDomain,
    Prop::MatchSubDomains,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let Some(domain_name) = f.string(Prop::DomainName) else {
        f.problem(
            Prop::DomainName,
            "the accepted domain record has no DomainName".into(),
            None,
        );
        return Built::Nothing;
    };
    Built::AcceptedDomain(AcceptedDomain {
        origin,
        domain_name,
        domain_type: f.string(Prop::DomainType),
        initial_domain: f.bool(Prop::InitialDomain),
        coexistence_domain: f.bool(Prop::IsCoexistenceDomain),
        match_subdomains: f.bool(Prop::MatchSubDomains),
    })
}
