//! The short texts of a recipient (names, UPN, database…) in one allocation.
//!
//! A tenant has a million recipients and each had eight separately allocated texts of a few
//! bytes: sixteen bytes of pointer and an allocation apiece. Here they are one string and the
//! offsets where each ends, read through [`Texts::get`] (the recipient's accessors).

/// Which text of a recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Identity,
    Name,
    Alias,
    DisplayName,
    UserPrincipalName,
    Database,
    ArchiveDomain,
    ArchiveState,
    /// The DistinguishedName's own part (see [`crate::values::split_dn`]).
    DistinguishedNameOwn,
    /// The LegacyExchangeDN's own part (see [`crate::values::split_legacy_dn`]).
    LegacyExchangeDnOwn,
}

impl TextField {
    pub const ALL: [TextField; 10] = [
        TextField::Identity,
        TextField::Name,
        TextField::Alias,
        TextField::DisplayName,
        TextField::UserPrincipalName,
        TextField::Database,
        TextField::ArchiveDomain,
        TextField::ArchiveState,
        TextField::DistinguishedNameOwn,
        TextField::LegacyExchangeDnOwn,
    ];
}

const FIELDS: usize = TextField::ALL.len();

/// A recipient's texts: field `i` is `text[ends[i - 1]..ends[i]]` (from 0 for the first),
/// present when bit `i` of `present` is set (an absent field is empty and unset, so "not in the
/// export" stays apart from an empty value). The offsets are 16-bit: the importer refuses a
/// text longer than [`MAX_TEXT`], far beyond what Exchange allows for any of them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts {
    text: Box<str>,
    ends: [u16; FIELDS],
    present: u16,
}

/// The longest text the importer keeps in one of these fields (bytes). Exchange's own limits
/// are far lower (a DisplayName is at most 256 characters); all of them fit the offsets.
pub const MAX_TEXT: usize = 6 * 1024;

impl Texts {
    /// The texts given per field (`None`: not in the export). A field that would end past
    /// 64 KiB (only longer texts than the importer keeps, [`MAX_TEXT`]) is left out as
    /// unknown.
    pub fn new<S: AsRef<str>>(values: [Option<S>; FIELDS]) -> Texts {
        let total: usize = values.iter().flatten().map(|v| v.as_ref().len()).sum();
        let mut text = String::with_capacity(total);
        let mut ends = [0u16; FIELDS];
        let mut present = 0u16;
        let mut end = 0u16;
        for (i, value) in values.iter().enumerate() {
            if let Some(v) = value {
                let v = v.as_ref();
                if let Ok(e) = u16::try_from(text.len() + v.len()) {
                    text.push_str(v);
                    end = e;
                    present |= 1 << i;
                }
            }
            ends[i] = end;
        }
        Texts {
            text: text.into_boxed_str(),
            ends,
            present,
        }
    }

    /// The text of `field`, `None` when the export did not have it.
    pub fn get(&self, field: TextField) -> Option<&str> {
        let i = field as usize;
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize)
    }

    /// Every field's text.
    pub fn all(&self) -> [Option<&str>; FIELDS] {
        TextField::ALL.map(|f| self.get(f))
    }

    /// A copy with `field` set to `value`.
    pub fn with(&self, field: TextField, value: Option<&str>) -> Texts {
        let mut all = self.all();
        all[field as usize] = value;
        Texts::new(all)
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut m = f.debug_map();
        for field in TextField::ALL {
            m.entry(&field, &self.get(field));
        }
        m.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_reads_back_and_absent_is_not_empty() {
        let t = Texts::new([
            Some("ann"),
            Some(""),
            None,
            Some("Ann Ünïcode"),
            Some("ann@contoso.com"),
            None,
            Some(""),
            Some("Local"),
            None,
            None,
        ]);
        assert_eq!(t.get(TextField::Identity), Some("ann"));
        assert_eq!(t.get(TextField::Name), Some(""));
        assert_eq!(t.get(TextField::Alias), None);
        assert_eq!(t.get(TextField::DisplayName), Some("Ann Ünïcode"));
        assert_eq!(t.get(TextField::UserPrincipalName), Some("ann@contoso.com"));
        assert_eq!(t.get(TextField::Database), None);
        assert_eq!(t.get(TextField::ArchiveDomain), Some(""));
        assert_eq!(t.get(TextField::ArchiveState), Some("Local"));
        let changed = t.with(TextField::Alias, Some("a"));
        assert_eq!(changed.get(TextField::Alias), Some("a"));
        assert_eq!(changed.get(TextField::DisplayName), Some("Ann Ünïcode"));
        assert_eq!(changed.with(TextField::Alias, None), t);
        // Past the 16-bit offsets a field is left out, never cut or shifted.
        let long = "x".repeat(40_000);
        let t = Texts::new([
            Some(long.as_str()),
            Some(long.as_str()),
            Some("ann"),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]);
        assert_eq!(t.get(TextField::Identity), Some(long.as_str()));
        assert_eq!(t.get(TextField::Name), None);
        assert_eq!(t.get(TextField::Alias), Some("ann"));
        let none: Texts = Texts::new([None::<&str>; FIELDS]);
        assert_eq!(none, Texts::default());
        assert!(TextField::ALL.iter().all(|f| none.get(*f).is_none()));
    }
}
