//! Detection of PowerShell type-name placeholders: what `ConvertTo-Json`
//! writes past its depth limit and what `Export-Csv` writes for a collection
//! (the object's `ToString()`), instead of the real values.

const COLLECTION: &str =
    "collection type name instead of values (export with -join, or ConvertTo-Json -Depth)";
const DESERIALIZED: &str =
    "deserialized type name instead of values (object not expanded at export)";
const DICTIONARY: &str = "dictionary type name instead of values (ConvertTo-Json depth limit)";
const PSOBJECT: &str = "PSObject rendered as @{Key=...} (nested object flattened at export)";
const SDK_CLASS: &str = "SDK object rendered as \"class X {...}\" (ConvertTo-Json depth limit)";
const GRAPH: &str = "Microsoft Graph SDK type name instead of values (ConvertTo-Json depth limit)";
const TYPE_NAME: &str = ".NET type name instead of a value (data lost at export)";

/// Type names (or prefixes, for generic types) of collections.
const COLLECTION_PREFIXES: [&str; 7] = [
    "System.Collections.ArrayList",
    "System.Object[]",
    "System.String[]",
    "System.Collections.Generic.List`1",
    "Microsoft.Exchange.Data.ProxyAddressCollection",
    "Microsoft.Exchange.Data.MultiValuedProperty`1",
    "System.Collections.ObjectModel.Collection`1",
];

const DICTIONARY_NAMES: [&str; 3] = [
    "System.Collections.Specialized.OrderedDictionary",
    "System.Collections.Hashtable",
    "System.Collections.Generic.Dictionary`2",
];

/// Returns a short description when `text` is a placeholder rather than a
/// real value; `None` for real values (addresses, GUIDs, display names).
pub fn depth_placeholder(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.starts_with("@{") && t.ends_with('}') {
        return Some(PSOBJECT);
    }
    if is_sdk_class(t) {
        return Some(SDK_CLASS);
    }
    if t.starts_with("Deserialized.") && is_type_name(t) {
        return Some(DESERIALIZED);
    }
    if t.starts_with("Microsoft.Graph.PowerShell.Models.") && is_type_name(t) {
        return Some(GRAPH);
    }
    if COLLECTION_PREFIXES.iter().any(|p| t.starts_with(p)) && is_type_name(t) {
        return Some(COLLECTION);
    }
    if DICTIONARY_NAMES.iter().any(|p| t.starts_with(p)) && is_type_name(t) {
        return Some(DICTIONARY);
    }
    if (t.starts_with("System.") || t.starts_with("Microsoft."))
        && is_type_name(t)
        && t.matches('.').count() >= 2
    {
        return Some(TYPE_NAME);
    }
    None
}

/// `class AssignedLicense {` ... (PowerShell SDK model ToString).
fn is_sdk_class(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("class ") else {
        return false;
    };
    let Some((name, _)) = rest.split_once(" {") else {
        return false;
    };
    name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A dotted .NET type name: segments of identifier characters, each starting
/// with an upper-case letter, optionally followed by a generic/array suffix
/// starting at `` ` `` or `[`; no whitespace before that suffix.
fn is_type_name(t: &str) -> bool {
    let head_end = t.find(['`', '[']).unwrap_or(t.len());
    let head = t.get(..head_end).unwrap_or_default();
    if head.is_empty() {
        return false;
    }
    head.split('.').all(|segment| {
        segment
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase())
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_on_placeholders() {
        for text in [
            "System.Collections.ArrayList",
            "System.Object[]",
            "System.String[]",
            "System.Collections.Generic.List`1[System.String]",
            "System.Collections.Generic.List`1[Microsoft.Online.Administration.UserLicense]",
            "Microsoft.Exchange.Data.ProxyAddressCollection",
            "Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]",
            "Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib]]",
            "Deserialized.Microsoft.Exchange.Data.ProxyAddressCollection",
            "System.Collections.Specialized.OrderedDictionary",
            "@{Key=Value; Other=1}",
            "@{}",
            "class AssignedLicense {\n  DisabledPlans: System.Collections.Generic.List`1[System.String]\n  SkuId: 84a661c4-e949-4bd2-a560-ed7766fcaf2b\n}\n",
            "Microsoft.Graph.PowerShell.Models.MicrosoftGraphServicePlanInfo",
            "System.Security.AccessControl.RawSecurityDescriptor",
            "  System.Object[]  ",
        ] {
            assert!(depth_placeholder(text).is_some(), "{text:?}");
        }
        assert_eq!(depth_placeholder("System.Object[]"), Some(COLLECTION));
        assert_eq!(
            depth_placeholder("System.Collections.Specialized.OrderedDictionary"),
            Some(DICTIONARY)
        );
        assert_eq!(depth_placeholder("@{a=1}"), Some(PSOBJECT));
    }

    #[test]
    fn silent_on_real_values() {
        for text in [
            "",
            "System Administrator",
            "System",
            "user@contoso.com",
            "SMTP:user@contoso.com",
            "2be92a50-7cc5-4a40-8471-b7ce9c2e3426",
            "UserMailbox",
            "Microsoft.com",
            "microsoft.com",
            "System.contoso.com",
            "Microsoft Exchange",
            "class of 2024",
            "classroom {A}",
            "@contoso",
            "{smtp:a@b.com}",
            "x500:/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=x",
            "49.5 GB (53,150,220,288 bytes)",
            "Deserialized",
            "Deserialized. something",
            "\u{0}",
        ] {
            assert_eq!(depth_placeholder(text), None, "{text:?}");
        }
        assert_eq!(depth_placeholder(&"a".repeat(100_000)), None);
    }
}
