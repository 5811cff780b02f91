//! Proxy addresses (`EmailAddresses` entries) and SMTP addresses.
//!
//! Each `EmailAddresses` entry is `<prefix>:<address>`; an upper-case prefix
//! (`SMTP:`) marks the primary address of that type, a lower-case one
//! (`smtp:`) a secondary address. Order is arbitrary.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::error::ValueError;

const PROXY_EXPECTED: &str = "a proxy address such as \"SMTP:user@contoso.com\"";
const PROXY_HINT: &str =
    "EmailAddresses entries carry a type prefix (SMTP:, smtp:, x500:, SIP:, ...)";
const SMTP_EXPECTED: &str = "an SMTP address such as \"user@contoso.com\"";
/// Characters not allowed unquoted in an SMTP address (RFC 5322 specials).
const SMTP_SPECIALS: [char; 10] = ['(', ')', '<', '>', '[', ']', ':', ';', ',', '\\'];
/// Longest address type prefix recognised (`[A-Za-z][A-Za-z0-9]{0,8}`).
const MAX_PREFIX_LEN: usize = 9;

/// The address type of a proxy address.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ProxyPrefix {
    Smtp,
    X500,
    X400,
    Sip,
    Spo,
    Eum,
    /// Any other address type; keeps the text as written (e.g. `CCMAIL`).
    Other(Box<str>),
}

impl ProxyPrefix {
    /// Classifies a prefix (without the colon), case-insensitively.
    pub fn from_text(prefix: &str) -> ProxyPrefix {
        const KNOWN: [(&str, ProxyPrefix); 6] = [
            ("SMTP", ProxyPrefix::Smtp),
            ("X500", ProxyPrefix::X500),
            ("X400", ProxyPrefix::X400),
            ("SIP", ProxyPrefix::Sip),
            ("SPO", ProxyPrefix::Spo),
            ("EUM", ProxyPrefix::Eum),
        ];
        KNOWN
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(prefix))
            .map_or_else(|| ProxyPrefix::Other(prefix.into()), |(_, kind)| kind)
    }

    /// Upper-case name for known prefixes; the original text for `Other`.
    pub fn name(&self) -> &str {
        match self {
            ProxyPrefix::Smtp => "SMTP",
            ProxyPrefix::X500 => "X500",
            ProxyPrefix::X400 => "X400",
            ProxyPrefix::Sip => "SIP",
            ProxyPrefix::Spo => "SPO",
            ProxyPrefix::Eum => "EUM",
            ProxyPrefix::Other(text) => text,
        }
    }

    /// Same address type, ignoring case (also for `Other`).
    pub fn same_kind(&self, other: &ProxyPrefix) -> bool {
        match (self, other) {
            (ProxyPrefix::Other(a), ProxyPrefix::Other(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        }
    }
}

/// One `EmailAddresses` entry, owning its text ([`ProxyAddress`]) or borrowing it from a
/// [`ProxyList`] ([`ProxyRef`]).
///
/// Held in one allocation (24 bytes plus the text): a tenant has millions of them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ProxyAddress<T = Box<str>> {
    /// `<prefix>:<address>` as [`fmt::Display`] writes it: a known prefix upper-case for a
    /// primary address and lower-case otherwise, any other prefix as written.
    text: T,
    /// Length of the prefix (without the colon); at most [`MAX_PREFIX_LEN`].
    prefix_len: u8,
    kind: Kind,
    /// True when the prefix was written upper-case (`SMTP:`).
    pub primary: bool,
}

/// An entry of a [`ProxyList`], borrowing its text.
pub type ProxyRef<'a> = ProxyAddress<&'a str>;

/// [`ProxyPrefix`] without the text of an unknown prefix (that is in the entry's text).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Smtp,
    X500,
    X400,
    Sip,
    Spo,
    Eum,
    Other,
}

impl Kind {
    fn of(prefix: &ProxyPrefix) -> Kind {
        match prefix {
            ProxyPrefix::Smtp => Kind::Smtp,
            ProxyPrefix::X500 => Kind::X500,
            ProxyPrefix::X400 => Kind::X400,
            ProxyPrefix::Sip => Kind::Sip,
            ProxyPrefix::Spo => Kind::Spo,
            ProxyPrefix::Eum => Kind::Eum,
            ProxyPrefix::Other(_) => Kind::Other,
        }
    }
}

/// True when `s` begins with `[A-Za-z][A-Za-z0-9]{0,8}:` followed by a
/// non-space character. Returns the prefix length (without colon).
fn prefix_token_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = bytes
        .iter()
        .take(MAX_PREFIX_LEN + 1)
        .position(|b| !b.is_ascii_alphanumeric())?;
    if len > MAX_PREFIX_LEN || bytes.get(len) != Some(&b':') {
        return None;
    }
    match bytes.get(len + 1) {
        Some(b) if !b.is_ascii_whitespace() => Some(len),
        _ => None,
    }
}

impl ProxyAddress {
    /// Parses `smtp:a@b.com`, `SMTP:a@b.com`, `x500:/o=...`, `X400:C=US;...`.
    pub fn parse(text: &str) -> Result<ProxyAddress, ValueError> {
        let t = text.trim();
        let err = || ValueError::new(PROXY_EXPECTED, text).with_hint(PROXY_HINT);
        let len = prefix_token_len(t).ok_or_else(err)?;
        let (prefix_text, rest) = t.split_at(len);
        let address = rest.get(1..).unwrap_or_default().trim();
        if address.is_empty() || address.chars().any(char::is_control) {
            return Err(err());
        }
        let primary = !prefix_text.bytes().any(|b| b.is_ascii_lowercase());
        let prefix = ProxyPrefix::from_text(prefix_text);
        let text = match &prefix {
            ProxyPrefix::Other(written) => format!("{written}:{address}"),
            known if primary => format!("{}:{address}", known.name()),
            known => format!("{}:{address}", known.name().to_ascii_lowercase()),
        };
        Ok(ProxyAddress {
            text: text.into_boxed_str(),
            prefix_len: len as u8,
            kind: Kind::of(&prefix),
            primary,
        })
    }

    /// This entry as a borrowed [`ProxyRef`].
    pub fn view(&self) -> ProxyRef<'_> {
        ProxyAddress {
            text: &self.text,
            prefix_len: self.prefix_len,
            kind: self.kind,
            primary: self.primary,
        }
    }
}

impl<T: AsRef<str>> ProxyAddress<T> {
    /// The address type.
    pub fn prefix(&self) -> ProxyPrefix {
        match self.kind {
            Kind::Smtp => ProxyPrefix::Smtp,
            Kind::X500 => ProxyPrefix::X500,
            Kind::X400 => ProxyPrefix::X400,
            Kind::Sip => ProxyPrefix::Sip,
            Kind::Spo => ProxyPrefix::Spo,
            Kind::Eum => ProxyPrefix::Eum,
            Kind::Other => ProxyPrefix::Other(self.prefix_text().into()),
        }
    }

    /// True when the entry is of this address type (an unknown prefix compared ignoring
    /// case); allocates nothing.
    pub fn has_prefix(&self, prefix: &ProxyPrefix) -> bool {
        match prefix {
            ProxyPrefix::Other(text) => {
                self.kind == Kind::Other && self.prefix_text().eq_ignore_ascii_case(text)
            }
            known => self.kind == Kind::of(known),
        }
    }

    fn prefix_text(&self) -> &str {
        self.text
            .as_ref()
            .get(..self.prefix_len as usize)
            .unwrap_or_default()
    }

    /// The address, after the prefix and its colon.
    pub fn address(&self) -> &str {
        self.text
            .as_ref()
            .get(self.prefix_len as usize + 1..)
            .unwrap_or_default()
    }

    /// Same address type and same address, ignoring case (Unicode-aware).
    pub fn same_address<U: AsRef<str>>(&self, other: &ProxyAddress<U>) -> bool {
        self.has_prefix(&other.prefix()) && eq_ignore_case(self.address(), other.address())
    }

    /// The SMTP address as text, for `SMTP:`/`smtp:` entries holding a valid address (what
    /// [`ProxyAddress::smtp`] holds, without allocating).
    pub fn smtp_str(&self) -> Option<&str> {
        if self.kind == Kind::Smtp {
            SmtpAddress::valid(self.address())
        } else {
            None
        }
    }

    /// The SMTP address, for `SMTP:`/`smtp:` entries holding a valid address.
    pub fn smtp(&self) -> Option<SmtpAddress> {
        if self.kind == Kind::Smtp {
            SmtpAddress::parse(self.address()).ok()
        } else {
            None
        }
    }

    /// An owned copy.
    pub fn owned(&self) -> ProxyAddress {
        ProxyAddress {
            text: self.text.as_ref().into(),
            prefix_len: self.prefix_len,
            kind: self.kind,
            primary: self.primary,
        }
    }
}

impl<'a> ProxyRef<'a> {
    /// [`ProxyAddress::address`], borrowed from the list rather than from this view.
    pub fn into_address(self) -> &'a str {
        self.text
            .get(self.prefix_len as usize + 1..)
            .unwrap_or_default()
    }

    /// [`ProxyAddress::smtp_str`], borrowed from the list rather than from this view.
    pub fn into_smtp_str(self) -> Option<&'a str> {
        if self.kind == Kind::Smtp {
            SmtpAddress::valid(self.into_address())
        } else {
            None
        }
    }
}

impl<T: AsRef<str>> fmt::Display for ProxyAddress<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text.as_ref())
    }
}

/// A recipient's EmailAddresses: the entries' texts in one allocation and eight bytes per entry
/// saying where each ends and what it is. A recipient carries several addresses, a tenant
/// millions: one allocation a list instead of two an entry is a fifth of the recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxyList {
    text: Box<str>,
    entries: Box<[ListEntry]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ListEntry {
    end: u32,
    prefix_len: u8,
    kind: Kind,
    primary: bool,
}

impl ProxyList {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in export order.
    pub fn iter(&self) -> ProxyIter<'_> {
        ProxyIter {
            list: self,
            next: 0,
        }
    }

    /// The entry at `index`.
    pub fn get(&self, index: usize) -> Option<ProxyRef<'_>> {
        self.iter().nth(index)
    }
}

/// The entries of a [`ProxyList`], in export order.
#[derive(Clone)]
pub struct ProxyIter<'a> {
    list: &'a ProxyList,
    next: usize,
}

impl<'a> Iterator for ProxyIter<'a> {
    type Item = ProxyRef<'a>;

    fn next(&mut self) -> Option<ProxyRef<'a>> {
        let entries = &self.list.entries;
        let e = entries.get(self.next)?;
        let start = match self.next {
            0 => 0,
            i => entries[i - 1].end as usize,
        };
        self.next += 1;
        Some(ProxyAddress {
            text: self
                .list
                .text
                .get(start..e.end as usize)
                .unwrap_or_default(),
            prefix_len: e.prefix_len,
            kind: e.kind,
            primary: e.primary,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.list.entries.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for ProxyIter<'_> {}

impl<'a> IntoIterator for &'a ProxyList {
    type Item = ProxyRef<'a>;
    type IntoIter = ProxyIter<'a>;

    fn into_iter(self) -> ProxyIter<'a> {
        self.iter()
    }
}

impl FromIterator<ProxyAddress> for ProxyList {
    /// Collects parsed entries; past 4 GiB of text (more than any record holds) the rest is
    /// left out.
    fn from_iter<I: IntoIterator<Item = ProxyAddress>>(items: I) -> Self {
        let mut text = String::new();
        let mut entries = Vec::new();
        for p in items {
            text.push_str(&p.text);
            let Ok(end) = u32::try_from(text.len()) else {
                text.truncate(entries.last().map_or(0, |e: &ListEntry| e.end as usize));
                break;
            };
            entries.push(ListEntry {
                end,
                prefix_len: p.prefix_len,
                kind: p.kind,
                primary: p.primary,
            });
        }
        ProxyList {
            text: text.into_boxed_str(),
            entries: entries.into_boxed_slice(),
        }
    }
}

fn lower_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    lower_chars(a).eq(lower_chars(b))
}

/// Borrowed text compared and hashed case-insensitively (Unicode-aware, the same folding as
/// [`SmtpAddress`]): an index key that needs no lower-cased copy of the text.
#[derive(Clone, Copy, Debug)]
pub struct Caseless<'a>(pub &'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.0.is_ascii() && other.0.is_ascii() {
            self.0.eq_ignore_ascii_case(other.0)
        } else {
            eq_ignore_case(self.0, other.0)
        }
    }
}

impl Eq for Caseless<'_> {}

/// Ordered by the lower-cased text, consistently with `eq`.
impl Ord for Caseless<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        lower_chars(self.0).cmp(lower_chars(other.0))
    }
}

impl PartialOrd for Caseless<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Caseless<'_> {
    /// Hashes the UTF-8 bytes of the lower-cased text, eight at a time: equal texts (in the
    /// sense of `eq`) give the same bytes whether or not they are ASCII.
    fn hash<H: Hasher>(&self, state: &mut H) {
        let text = self.0.as_bytes();
        if text.is_ascii() {
            // Eight bytes lower-cased at once (A–Z gain 0x20), the same words the general
            // path below writes for ASCII text.
            let mut chunks = text.chunks_exact(8);
            for chunk in &mut chunks {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(chunk);
                state.write_u64(ascii_lower_word(u64::from_le_bytes(bytes)));
            }
            let mut last = [0u8; 8];
            let rest = chunks.remainder();
            last[..rest.len()].copy_from_slice(rest);
            state.write_u64(ascii_lower_word(u64::from_le_bytes(last)));
            return;
        }
        let mut word = 0u64;
        let mut filled = 0;
        let mut push = |b: u8, state: &mut H| {
            word |= (b as u64) << (8 * filled);
            filled += 1;
            if filled == 8 {
                state.write_u64(word);
                word = 0;
                filled = 0;
            }
        };
        for c in self.0.chars() {
            if c.is_ascii() {
                push(c.to_ascii_lowercase() as u8, state);
            } else {
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in l.encode_utf8(&mut buf).as_bytes() {
                        push(b, state);
                    }
                }
            }
        }
        state.write_u64(word);
    }
}

/// Lower-cases the ASCII letters of eight ASCII bytes (high bits clear) packed in a word.
fn ascii_lower_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte set where the byte is ≥ 'A', and where it is > 'Z'.
    let at_least_a = w + ONES * (0x80 - b'A' as u64);
    let above_z = w + ONES * (0x7f - b'Z' as u64);
    let upper = at_least_a & !above_z & HIGH;
    w | (upper >> 2)
}

/// An SMTP address compared case-insensitively (Unicode-aware); keeps the
/// original spelling for display. Reports name objects by it, so the text is shared
/// ([`SmtpAddress::shared`]) rather than copied into every entry about the object.
#[derive(Clone, Debug)]
pub struct SmtpAddress(Arc<str>);

impl SmtpAddress {
    /// Parses a bare `user@contoso.com` or a prefixed `SMTP:`/`smtp:` one.
    pub fn parse(text: &str) -> Result<SmtpAddress, ValueError> {
        SmtpAddress::valid(text)
            .map(|t| SmtpAddress(t.into()))
            .ok_or_else(|| ValueError::new(SMTP_EXPECTED, text))
    }

    /// The address [`SmtpAddress::parse`] would keep (trimmed, without an `SMTP:` prefix), or
    /// `None` when it would refuse the text; allocates nothing.
    pub fn valid(text: &str) -> Option<&str> {
        let mut t = text.trim();
        if let Some(head) = t.get(..5)
            && head.eq_ignore_ascii_case("smtp:")
        {
            t = t.get(5..).unwrap_or_default().trim();
        }
        let (local, domain) = t.split_once('@')?;
        if local.is_empty()
            || domain.is_empty()
            || domain.contains('@')
            || t.chars()
                .any(|c| c.is_whitespace() || c.is_control() || SMTP_SPECIALS.contains(&c))
        {
            return None;
        }
        Some(t)
    }

    /// The address as written (without any `SMTP:` prefix).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address text, shared with this value (no copy).
    pub fn shared(&self) -> Arc<str> {
        Arc::clone(&self.0)
    }

    /// The part before `@`.
    pub fn local(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }

    /// Lower-cased form, usable as a map key.
    pub fn key(&self) -> String {
        lower_chars(&self.0).collect()
    }
}

/// Compared and hashed as [`Caseless`] text: one case-insensitive comparison for addresses and
/// index keys.
impl PartialEq for SmtpAddress {
    fn eq(&self, other: &Self) -> bool {
        Caseless(&self.0) == Caseless(&other.0)
    }
}

impl Eq for SmtpAddress {}

impl Hash for SmtpAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Caseless(&self.0).hash(state);
    }
}

impl PartialOrd for SmtpAddress {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SmtpAddress {
    fn cmp(&self, other: &Self) -> Ordering {
        lower_chars(&self.0).cmp(lower_chars(&other.0))
    }
}

impl fmt::Display for SmtpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, ';' | ',' | '|') || c.is_whitespace()
}

/// Trims whitespace and stray separators from a segment. A trailing `;` is
/// kept for X400 addresses, whose syntax ends with one.
fn clean_segment(segment: &str) -> &str {
    let s = segment.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '|');
    let s = s.trim_start_matches(is_separator);
    let is_x400 = s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("x400:"));
    let core = s.trim_end_matches(is_separator);
    if is_x400
        && s.get(core.len()..)
            .is_some_and(|tail| tail.starts_with(';'))
    {
        s.get(..core.len() + 1).unwrap_or(core)
    } else {
        core
    }
}

/// Splits a CSV cell of joined proxy addresses (joined by `;`, `,`, `|` or
/// spaces). A split happens only where a separator is followed by a
/// `prefix:` token, so x500 values (spaces, parentheses) and X400 values
/// (`;`, spaces) stay whole. Entries are trimmed; empty ones dropped.
pub fn split_proxy_list(text: &str) -> Vec<&str> {
    let mut t = text.trim();
    if let Some(inner) = t.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        t = inner; // Format-List style "{smtp:a@b.com, SMTP:c@d.com}"
    }
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut in_separator_run = false;
    for (i, c) in t.char_indices() {
        if is_separator(c) {
            in_separator_run = true;
            continue;
        }
        if in_separator_run {
            in_separator_run = false;
            let rest = t.get(i..).unwrap_or_default();
            if prefix_token_len(rest).is_some() {
                out.push(t.get(start..i).unwrap_or_default());
                start = i;
            }
        }
    }
    out.push(t.get(start..).unwrap_or_default());
    out.into_iter()
        .map(clean_segment)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_gives_back_each_entry_as_parsed() {
        let texts = [
            "SMTP:Ann@contoso.com",
            "smtp:ann@contoso.onmicrosoft.com",
            "x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ab-ann",
            "X400:C=US;A= ;P=Contoso;O=Exchange;S=Ann;",
            "eum:1234;phone-context=contoso.com",
            "Custom:whatever",
        ];
        let parsed: Vec<ProxyAddress> = texts
            .iter()
            .map(|t| ProxyAddress::parse(t).unwrap())
            .collect();
        let list: ProxyList = parsed.iter().cloned().collect();
        assert_eq!(list.len(), parsed.len());
        assert_eq!(list.iter().len(), parsed.len());
        for (from_list, p) in list.iter().zip(&parsed) {
            assert_eq!(from_list, p.view());
            assert_eq!(from_list.owned(), *p);
            assert_eq!(from_list.to_string(), p.to_string());
            assert_eq!(from_list.address(), p.address());
            assert_eq!(from_list.into_address(), p.address());
            assert_eq!(from_list.prefix(), p.prefix());
            assert_eq!(from_list.primary, p.primary);
            assert_eq!(from_list.into_smtp_str(), p.smtp_str());
            assert!(from_list.same_address(p));
        }
        assert_eq!(list.get(2).map(|p| p.prefix()), Some(ProxyPrefix::X500));
        assert_eq!(list.get(6), None);
        let empty: ProxyList = std::iter::empty().collect();
        assert!(empty.is_empty());
        assert_eq!(empty.iter().next(), None);
    }
    use std::collections::HashSet;

    fn p(text: &str) -> ProxyAddress {
        ProxyAddress::parse(text).unwrap()
    }

    #[test]
    fn parses_documented_shapes() {
        let a = p("SMTP:user@contoso.com");
        assert_eq!(a.prefix(), ProxyPrefix::Smtp);
        assert!(a.primary);
        assert_eq!(a.address(), "user@contoso.com");
        let a = p("smtp:c@contoso.onmicrosoft.com");
        assert!(!a.primary);
        assert_eq!(a.prefix(), ProxyPrefix::Smtp);
        let a = p("SPO:SPO_afdc2165-0000@SPO_fafb46b1-0000");
        assert_eq!(a.prefix(), ProxyPrefix::Spo);
        assert!(a.primary);
        assert_eq!(p("SIP:user@contoso.com").prefix(), ProxyPrefix::Sip);
        assert!(!p("sip:user@contoso.com").primary);
        let x500 = "x500:/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d11ec1a2-Lara";
        let a = p(x500);
        assert_eq!(a.prefix(), ProxyPrefix::X500);
        assert!(!a.primary);
        assert_eq!(a.to_string(), x500);
        let a = p(
            "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=f9-UserA",
        );
        assert!(a.primary);
        let x400 = "X400:C=US;A= ;P=Org;O=Exchange;S=Doe;G=John;";
        let a = p(x400);
        assert_eq!(a.prefix(), ProxyPrefix::X400);
        assert_eq!(a.address(), "C=US;A= ;P=Org;O=Exchange;S=Doe;G=John;");
        assert_eq!(a.to_string(), x400);
        let a = p("eum:22222;phone-context=MyDialPlan.contoso.com");
        assert_eq!(a.prefix(), ProxyPrefix::Eum);
        assert!(!a.primary);
        assert_eq!(
            a.to_string(),
            "eum:22222;phone-context=MyDialPlan.contoso.com"
        );
        let a = p("CCMAIL:Doe, John at Org");
        assert_eq!(a.prefix(), ProxyPrefix::Other("CCMAIL".into()));
        assert!(a.primary);
        assert_eq!(a.to_string(), "CCMAIL:Doe, John at Org");
        let a = p("MS:ORG/SITE/JDOE");
        assert_eq!(a.prefix(), ProxyPrefix::Other("MS".into()));
        assert_eq!(
            p("  smtp:someone@example.net \r\n").to_string(),
            "smtp:someone@example.net"
        );
    }

    #[test]
    fn caseless_hash_and_eq_agree() {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        let h = |s: &str| state.hash_one(Caseless(s));
        for (a, b) in [
            ("User.Name@Contoso.COM", "user.name@contoso.com"),
            ("@[`{AZaz", "@[`{azaz"),
            (
                "x500:/O=EXCHANGELABS/OU=EXCHANGE",
                "X500:/o=ExchangeLabs/ou=Exchange",
            ),
            ("KELVIN\u{212A}", "kelvink"),
            ("Émile@Café.fr", "émile@café.FR"),
            ("", ""),
        ] {
            assert_eq!(Caseless(a), Caseless(b), "{a} / {b}");
            assert_eq!(h(a), h(b), "{a} / {b}");
        }
        assert_ne!(Caseless("a@b.com"), Caseless("a@c.com"));
        assert_ne!(h("abcdefgh1"), h("abcdefgh2"));
        for c in 0u8..128 {
            let word = ascii_lower_word(u64::from(c));
            assert_eq!(word as u8, c.to_ascii_lowercase(), "{c}");
        }
    }

    #[test]
    fn display_reproduces_case() {
        for text in [
            "smtp:a@b.com",
            "SMTP:a@b.com",
            "sip:a@b.com",
            "SIP:a@b.com",
            "SPO:SPO_x@SPO_y",
            "spo:SPO_x@SPO_y",
            "x400:C=US;",
            "EUM:1;phone-context=x",
            "notes:x/y",
        ] {
            assert_eq!(p(text).to_string(), text);
        }
    }

    #[test]
    fn missing_prefix_is_error_with_hint() {
        for bad in [
            "user@contoso.com",
            "",
            "   ",
            "SMTP:",
            "smtp: ",
            ":a@b.com",
            "1smtp:a@b.com",
            "verylongprefix:a@b.com",
            "/o=First Organization/ou=Exchange",
            "smtp:a@b.com\u{0}",
            "smtp:a\nb@c.com",
            "é:x",
        ] {
            let e = ProxyAddress::parse(bad).unwrap_err();
            assert!(e.hint.is_some(), "{bad:?}");
        }
        let long = format!("smtp:{}@b.com", "a".repeat(100_000));
        assert!(ProxyAddress::parse(&long).is_ok());
        assert!(ProxyAddress::parse(&"a".repeat(100_000)).is_err());
    }

    #[test]
    fn same_address() {
        assert!(p("SMTP:User@Contoso.com").same_address(&p("smtp:user@contoso.COM")));
        assert!(p("SMTP:ÄNDERS@contoso.com").same_address(&p("smtp:änders@contoso.com")));
        assert!(!p("SMTP:user@contoso.com").same_address(&p("SIP:user@contoso.com")));
        assert!(!p("SMTP:user@contoso.com").same_address(&p("smtp:user2@contoso.com")));
        assert!(p("notes:A").same_address(&p("NOTES:a")));
        assert!(!p("notes:A").same_address(&p("gwise:a")));
    }

    #[test]
    fn smtp_from_proxy() {
        let s = p("SMTP:User@Contoso.com").smtp().unwrap();
        assert_eq!(s.as_str(), "User@Contoso.com");
        assert!(p("SIP:user@contoso.com").smtp().is_none());
        assert!(p("smtp:not-an-address").smtp().is_none());
    }

    #[test]
    fn smtp_address() {
        let a = SmtpAddress::parse("User@Contoso.com").unwrap();
        assert_eq!(a.local(), "User");
        assert_eq!(a.domain(), "Contoso.com");
        assert_eq!(a.as_str(), "User@Contoso.com");
        assert_eq!(a.to_string(), "User@Contoso.com");
        assert_eq!(a.key(), "user@contoso.com");
        let b = SmtpAddress::parse("SMTP:user@contoso.COM").unwrap();
        assert_eq!(b.as_str(), "user@contoso.COM");
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        let set: HashSet<SmtpAddress> = [a.clone(), b].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert_eq!(
            SmtpAddress::parse("smtp:someone@example.net")
                .unwrap()
                .as_str(),
            "someone@example.net"
        );
        assert!(SmtpAddress::parse("a@b.com").unwrap() < SmtpAddress::parse("B@b.com").unwrap());
        assert_eq!(
            SmtpAddress::parse("ÉLODIE@x.fr").unwrap(),
            SmtpAddress::parse("élodie@x.fr").unwrap()
        );
        assert_eq!(
            SmtpAddress::parse(
                "DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}@t.onmicrosoft.com"
            )
            .unwrap()
            .local(),
            "DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}"
        );
    }

    #[test]
    fn smtp_address_invalid() {
        for bad in [
            "",
            "@",
            "a@",
            "@b.com",
            "a@b@c.com",
            "ab.com",
            "SMTP:",
            "sip:a@b.com",
            "a b@c.com",
            "a@b.com;c@d.com x",
            "a@b\u{7}.com",
            "a@b.com;c@d.com",
            "\"a b\"@c.com",
            "<a@b.com>",
            "smtp",
            "é",
        ] {
            assert!(SmtpAddress::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn split_simple_joins() {
        let expected = vec!["smtp:a@b.com", "SMTP:c@d.com", "SIP:c@d.com"];
        for sep in [";", ",", "|", " ", "; ", " , ", "\t"] {
            let text = expected.join(sep);
            assert_eq!(split_proxy_list(&text), expected, "{sep:?}");
        }
        assert_eq!(split_proxy_list("smtp:a@b.com;"), vec!["smtp:a@b.com"]);
        assert_eq!(split_proxy_list(";smtp:a@b.com;;"), vec!["smtp:a@b.com"]);
        assert_eq!(
            split_proxy_list("{smtp:a@b.com, SMTP:c@d.com}"),
            vec!["smtp:a@b.com", "SMTP:c@d.com"]
        );
        assert_eq!(split_proxy_list("SMTP:a@b.com"), vec!["SMTP:a@b.com"]);
    }

    #[test]
    fn split_keeps_x500_and_x400_whole() {
        let x500 = "x500:/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d11ec1a2-Lara";
        let x400 = "X400:C=US;A= ;P=Org;O=Exchange;S=Doe;G=John;";
        let eum = "eum:22222;phone-context=MyDialPlan.contoso.com";
        let items = [
            "SMTP:Lara.Newton@northwind.com",
            x500,
            x400,
            eum,
            "smtp:LaraN@northwindtraders.onmicrosoft.com",
        ];
        for sep in [";", " ", ",", "|", "; "] {
            let text = items.join(sep);
            assert_eq!(split_proxy_list(&text), items, "{sep:?}");
        }
        // X400 last keeps its trailing ';'.
        assert_eq!(
            split_proxy_list(&format!("SMTP:a@b.com;{x400}")),
            vec!["SMTP:a@b.com", x400]
        );
    }

    #[test]
    fn split_hostile() {
        assert!(split_proxy_list("").is_empty());
        assert!(split_proxy_list(" ;;, | ").is_empty());
        assert_eq!(split_proxy_list("just text"), vec!["just text"]);
        assert_eq!(
            split_proxy_list("é;ü smtp:a@b.com"),
            vec!["é;ü", "smtp:a@b.com"]
        );
        let long = "smtp:a@b.com;".repeat(10_000);
        assert_eq!(split_proxy_list(&long).len(), 10_000);
        assert_eq!(split_proxy_list("{"), vec!["{"]);
        assert_eq!(split_proxy_list("a\u{0}b"), vec!["a\u{0}b"]);
    }
}
