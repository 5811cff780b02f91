//! Distinguished names stored as a part of their own and a part shared with other objects.
//!
//! Every object of an organisational unit has the same DistinguishedName past its first
//! relative name (`CN=Ann,` + `OU=Sales,DC=contoso,DC=com`), and every LegacyExchangeDN of an
//! organisation the same path up to its last `/cn=` (`/o=ExchangeLabs/ou=…/cn=Recipients` +
//! `/cn=…-ann`). Keeping that part once for all of them halves what a 500,000-mailbox tenant's
//! names take. The value is still exactly the exported text: the two parts joined.

use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The part of a name shared by many objects (one allocation for all of them; a thin pointer).
pub type SharedPart = Arc<Box<str>>;

/// A text split in two, read from where the two parts are kept: a part of its own and a part
/// shared with other objects. `SHARED_FIRST` says which comes first in the text.
#[derive(Clone, Copy)]
pub struct SplitText<'a, const SHARED_FIRST: bool> {
    own: &'a str,
    shared: &'a str,
}

/// A DistinguishedName: its first relative name is its own, the parent path is shared.
pub type DistinguishedName<'a> = SplitText<'a, false>;

/// A LegacyExchangeDN (or an x500 address): the path up to the last `/` is shared, the last
/// `/cn=` is its own.
pub type LegacyDn<'a> = SplitText<'a, true>;

/// Splits a DistinguishedName before the first comma that is not escaped (`CN=Doe\, Ann,OU=…`):
/// the object's own part, and the shared rest.
pub fn split_dn(text: &str) -> (&str, SharedPart) {
    let bytes = text.as_bytes();
    let at = (0..bytes.len())
        .find(|&i| bytes[i] == b',' && !escaped(bytes, i))
        .unwrap_or(bytes.len());
    (&text[..at], share(&text[at..]))
}

/// Splits a LegacyExchangeDN before its last `/`: the object's own part, and the shared path.
pub fn split_legacy_dn(text: &str) -> (&str, SharedPart) {
    let at = text.rfind('/').unwrap_or(0);
    (&text[at..], share(&text[..at]))
}

/// True when the byte at `i` follows an odd number of backslashes.
fn escaped(bytes: &[u8], i: usize) -> bool {
    bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

impl<'a, const SHARED_FIRST: bool> SplitText<'a, SHARED_FIRST> {
    /// The value whose parts are kept as `own` and `shared`.
    pub fn new(own: &'a str, shared: &'a str) -> Self {
        SplitText { own, shared }
    }

    /// The two parts in text order.
    pub fn parts(&self) -> (&'a str, &'a str) {
        if SHARED_FIRST {
            (self.shared, self.own)
        } else {
            (self.own, self.shared)
        }
    }

    /// The whole text (borrowed when one part is empty).
    pub fn text(&self) -> Cow<'a, str> {
        match self.parts() {
            ("", b) => Cow::Borrowed(b),
            (a, "") => Cow::Borrowed(a),
            (a, b) => Cow::Owned([a, b].concat()),
        }
    }

    pub fn len(&self) -> usize {
        self.own.len() + self.shared.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Case-insensitive comparison with a whole text (Unicode lower case, as DNs compare).
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.text().to_lowercase() == other.to_lowercase()
    }
}

impl<const SHARED_FIRST: bool> fmt::Display for SplitText<'_, SHARED_FIRST> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.parts();
        f.write_str(a)?;
        f.write_str(b)
    }
}

impl<const SHARED_FIRST: bool> fmt::Debug for SplitText<'_, SHARED_FIRST> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text(), f)
    }
}

/// Equal when the texts are equal, wherever each was split.
impl<const SHARED_FIRST: bool> PartialEq for SplitText<'_, SHARED_FIRST> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.text() == other.text()
    }
}

impl<const SHARED_FIRST: bool> Eq for SplitText<'_, SHARED_FIRST> {}

impl<const SHARED_FIRST: bool> Hash for SplitText<'_, SHARED_FIRST> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text().hash(state);
    }
}

impl<const SHARED_FIRST: bool> PartialEq<str> for SplitText<'_, SHARED_FIRST> {
    fn eq(&self, other: &str) -> bool {
        let (a, b) = self.parts();
        other.len() == a.len() + b.len() && other.starts_with(a) && other.ends_with(b)
    }
}

/// Shared parts seen lately on this thread. Bounded: past the limit it starts again, which
/// only costs another copy of a part, never a wrong value.
const MAX_SHARED: usize = 4096;

thread_local! {
    static SHARED: RefCell<FxHashSet<Cached>> = RefCell::new(FxHashSet::default());
}

/// A shared part in the cache, looked up by its text.
#[derive(PartialEq, Eq, Hash)]
struct Cached(SharedPart);

impl std::borrow::Borrow<str> for Cached {
    fn borrow(&self) -> &str {
        &self.0
    }
}

fn share(part: &str) -> Arc<Box<str>> {
    SHARED.with(|set| {
        let mut set = set.borrow_mut();
        if let Some(known) = set.get(part) {
            return Arc::clone(&known.0);
        }
        if set.len() >= MAX_SHARED {
            set.clear();
        }
        let new = Arc::new(Box::<str>::from(part));
        set.insert(Cached(Arc::clone(&new)));
        new
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DN: &str = "CN=Ann,OU=Sales,DC=contoso,DC=com";
    const LEGACY: &str = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ab12-ann";

    /// Splits and reads back, as the importer and the recipient do.
    fn dn<R>(text: &str, f: impl FnOnce(DistinguishedName<'_>, &SharedPart) -> R) -> R {
        let (own, shared) = split_dn(text);
        f(DistinguishedName::new(own, &shared), &shared)
    }

    fn legacy<R>(text: &str, f: impl FnOnce(LegacyDn<'_>) -> R) -> R {
        let (own, shared) = split_legacy_dn(text);
        f(LegacyDn::new(own, &shared))
    }

    #[test]
    fn texts_come_back_whole() {
        for text in [
            DN,
            "CN=Doe\\, Ann,OU=Sales,DC=contoso,DC=com",
            "CN=Ends with backslash\\\\,OU=x",
            "",
            ",",
            "no comma at all",
            "CN=Ünïcödé,OU=Zürich",
        ] {
            dn(text, |d, _| {
                assert_eq!(d.to_string(), text);
                assert_eq!(d.text(), text);
                assert_eq!(d.len(), text.len());
                assert!(d == *text);
            });
        }
        for text in [LEGACY, "", "/", "no slash", "/o=Org/cn=x/"] {
            legacy(text, |d| {
                assert_eq!(d.to_string(), text);
                assert_eq!(format!("{d:?}"), format!("{text:?}"));
                assert!(d == *text);
            });
        }
    }

    #[test]
    fn the_split_goes_where_objects_share_the_text() {
        let (own, shared) = split_dn("CN=Doe\\, Ann,OU=Sales,DC=contoso,DC=com");
        assert_eq!(
            (own, &**shared),
            ("CN=Doe\\, Ann", ",OU=Sales,DC=contoso,DC=com")
        );
        let (_, other) = split_dn("CN=Bob,OU=Sales,DC=contoso,DC=com");
        assert!(Arc::ptr_eq(&shared, &other));
        // An escaped backslash before the comma does not escape the comma.
        dn("CN=a\\\\,OU=x", |d, _| {
            assert_eq!(d.parts(), ("CN=a\\\\", ",OU=x"));
            assert!(!d.is_empty());
        });
        legacy(LEGACY, |d| assert_eq!(d.parts().1, "/cn=ab12-ann"));
    }

    #[test]
    fn equality_is_textual() {
        dn(DN, |a, _| {
            dn(DN, |b, _| assert_eq!(a, b));
            dn("CN=Ann,OU=Sales,DC=contoso,DC=org", |c, _| assert_ne!(a, c));
            // The same text split elsewhere is the same value.
            assert_eq!(
                a,
                DistinguishedName::new("CN=Ann,OU=Sales", ",DC=contoso,DC=com")
            );
            assert!(a.eq_ignore_case("cn=ann,ou=sales,dc=CONTOSO,dc=com"));
            assert!(!(a == *"CN=Ann,OU=Sales"));
        });
    }

    #[test]
    fn the_cache_stays_bounded() {
        for i in 0..(MAX_SHARED * 2 + 3) {
            let text = format!("CN=x,OU=unit{i}");
            dn(&text, |d, _| assert_eq!(d.to_string(), text));
        }
        SHARED.with(|set| assert!(set.borrow().len() <= MAX_SHARED));
    }
}
