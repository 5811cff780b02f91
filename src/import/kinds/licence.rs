//! Licence exports: one row per user and SKU (Get-MgUserLicenseDetail with the UPN added), or
//! one row per user with AssignedLicenses (Get-MgUser -Property AssignedLicenses).

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::import::raw::RawValue;
use crate::model::{LicenceAssignment, Origin};
use crate::values::Guid;

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[
    Prop::UserPrincipalName,
    Prop::PrimarySmtpAddress,
    Prop::Identity,
    Prop::Id,
    Prop::AssignedLicenses,
    Prop::SkuId,
    Prop::SkuPartNumber,
];

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let user = f
        .string(Prop::UserPrincipalName)
        .or_else(|| f.string(Prop::PrimarySmtpAddress))
        .or_else(|| f.string(Prop::Identity));
    let user_id = f.guid(Prop::Id).filter(|g| !g.is_nil());
    let Some(user) = user.or_else(|| user_id.map(|g| g.to_string().into())) else {
        f.problem(
            Prop::UserPrincipalName,
            "the licence record does not say which user it belongs to".into(),
            Some("add the user: `Select-Object @{n='UserPrincipalName';e={$upn}},SkuId,SkuPartNumber`".into()),
        );
        return Built::Nothing;
    };
    let mut out = Vec::new();
    let record = f.record;
    if let Some(value) = record.get(Prop::AssignedLicenses) {
        for sku in sku_ids(value) {
            out.push(LicenceAssignment {
                origin,
                user: user.clone(),
                user_id,
                sku_id: Some(sku),
                sku_part_number: None,
            });
        }
        if out.is_empty()
            && !matches!(value, RawValue::List(l) if l.is_empty())
            && !matches!(value, RawValue::Null)
        {
            f.problem(
                Prop::AssignedLicenses,
                "no SkuId could be read from AssignedLicenses".into(),
                Some("re-export with `ConvertTo-Json -Depth 5`".into()),
            );
        }
        return Built::Licences(out);
    }
    let sku_id = f.guid(Prop::SkuId).filter(|g| !g.is_nil());
    let sku_part_number = f.string(Prop::SkuPartNumber);
    if sku_id.is_none() && sku_part_number.is_none() {
        return Built::Licences(out);
    }
    out.push(LicenceAssignment {
        origin,
        user,
        user_id,
        sku_id,
        sku_part_number,
    });
    Built::Licences(out)
}

/// SkuIds in an AssignedLicenses value: objects with SkuId, or depth-truncated
/// `class AssignedLicense { … SkuId: <guid> }` strings, or a joined CSV cell of GUIDs.
fn sku_ids(value: &RawValue) -> Vec<Guid> {
    let mut out = Vec::new();
    match value {
        RawValue::List(items) => {
            for item in items {
                out.extend(sku_ids(item));
            }
        }
        RawValue::Object(_) => {
            if let Some(RawValue::Text(t)) = value.member("SkuId") {
                out.extend(Guid::parse(t).ok());
            }
        }
        RawValue::Text(t) => {
            static GUID: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
            let re = GUID.get_or_init(|| {
                regex::Regex::new(
                    r"(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                )
                .expect("static regex")
            });
            // In a truncated class dump only the SkuId line is a bare GUID after "SkuId:".
            if t.contains("SkuId:") {
                for line in t.lines().filter(|l| l.contains("SkuId:")) {
                    out.extend(
                        re.find_iter(line)
                            .filter_map(|m| Guid::parse(m.as_str()).ok()),
                    );
                }
            } else {
                out.extend(re.find_iter(t).filter_map(|m| Guid::parse(m.as_str()).ok()));
            }
        }
        _ => {}
    }
    out
}
