//! `--redact`: every name and address in a report replaced by a stable pseudonym, so that the
//! report can be shared with a vendor or Microsoft support.
//!
//! # What is replaced
//!
//! The strings to hide are collected from the snapshot, both sides ([`Redactor::new`]):
//! display names, names, aliases, identities, UPNs, distinguished names, primary SMTP addresses
//! and proxies (the address part of `smtp:`, `sip:`, `x500:`, `x400:` and any other proxy that
//! holds an `@` address), LegacyExchangeDN, external and remote routing addresses,
//! GrantSendOnBehalfTo entries, accepted domains and every domain seen in an address,
//! organisation relationship names and domain names, organisation config names, migration
//! endpoint identities / servers / tenants, licence and permission user names, scope group names
//! and members, move request identities, display names and batch names, Exchange server names,
//! Active Directory UPNs, sAMAccountNames and proxies, folder-statistics and hold-log mailboxes,
//! batch entry addresses and mapping identities.
//!
//! Each is replaced wherever it occurs (ASCII case-insensitively, longest first, so
//! `alice@contoso.com` is replaced as a whole before `contoso.com`) in every string of the report:
//! finding messages, objects, non-GUID object ids, evidence, remediation commands and notes,
//! locations, the objects list, batch names, not-evaluated reasons, suppressed findings and
//! their reasons, policy notes, rule statuses, the kind reason, and input paths and issues.
//! An address in the text whose domain is known but which is not itself in the snapshot has its
//! local part replaced too. In file paths (inputs, locations, batch names), which are matched
//! with letters and digits as the only word characters, each word of a name, alias or address
//! local part is replaced as well (`holdtracking-adele.json` → `holdtracking-user-….json`).
//!
//! | original | pseudonym |
//! |---|---|
//! | name, alias, identity | `user-<hex>` |
//! | domain | `domain-<hex>.example`; `<t>.onmicrosoft.com` → `tenant-<hex>.onmicrosoft.com` (and `.mail.onmicrosoft.com` likewise, with the same `<hex>`) |
//! | address | `user-<hex of local part>@<domain pseudonym>`: addresses of one domain keep one domain |
//! | LegacyExchangeDN / x500 | `/o=org-<hex>/ou=…/cn=Recipients/cn=user-<hex>` (Exchange's own words kept) |
//! | x400 | each `key=value` except `c=` and `a=` gets `x-<hex>` |
//!
//! `<hex>` is the first 12 hex digits of SHA-256 over the lower-cased original: the same input
//! gives the same pseudonym in every run and every format, so findings still correlate.
//!
//! # What is not replaced
//!
//! - GUIDs (ExchangeGuid, object ids, tenant ids) and fingerprints: not personal, and needed to
//!   correlate. Fingerprints are those of the unredacted findings (a baseline still matches).
//! - Strings shorter than 3 characters, strings with no letter, and generic words that are not
//!   about a person ([`KEEP_WORDS`]: `Administrator`, `Discovery Search Mailbox`,
//!   `NT AUTHORITY\SELF`, `Default`, …): replacing them everywhere would garble the report's own
//!   wording while hiding nothing.
//! - Microsoft's own domains ([`KEEP_DOMAINS`]: `onmicrosoft.com`, `outlook.com`, …) and
//!   Exchange's own LegacyExchangeDN words (`ExchangeLabs`, `Recipients`, …).
//! - Database and server-side names that are not about people (mailbox database, server in
//!   MailboxLocations), sizes, counts, dates, rule codes and Microsoft error names.
//! - Text the snapshot does not hold (e.g. a name typed only in a configuration ignore's reason):
//!   only known strings can be found. Non-ASCII letters match only in the case written, lower-
//!   or upper-case (ASCII letters match in any case).
//! - A known string inside a longer token (`alice` in an unknown `alice.smith`, `contoso.com`
//!   in `contoso.com.au`): a match must not touch a letter, digit, `.`, `-`, `_` or `@` (a
//!   domain may follow `.` or `@`; a `.` may end a sentence). An unknown address in an unknown
//!   domain stays as it is.
//! - Proxies that are not addresses (`EUM:` extensions, `SPO:` ids), and a value that
//!   [`crate::powershell::quote`] had to split with `[char]` codes (control characters).
//! - The order of findings and objects: that of the unredacted report.
//!
//! # Pseudonyms hide, they do not encrypt
//!
//! The hash is unkeyed: anyone who guesses an address (`first.last@company.com`) can hash it and
//! confirm the guess (a dictionary attack). [`redact_with_key`] takes a secret key (HMAC-SHA-256):
//! with a random key kept by the admin, pseudonyms cannot be confirmed by guessing, yet stay
//! stable across runs that use the same key.

use crate::finding::Finding;
use crate::model::{InputFile, Recipient, SideData, Snapshot};
use crate::report::{ObjectStatus, Report, SuppressedBy};
use crate::rules::NotEvaluated;
use crate::values::{Guid, ProxyAddress, ProxyPrefix, SmtpAddress};
use aho_corasick::{AhoCorasick, Input, MatchKind};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The report with names and addresses replaced; the same input gives the same pseudonyms.
pub fn redact(report: &Report, snapshot: &Snapshot) -> Report {
    Redactor::new(snapshot, None).report(report)
}

/// As [`redact`], with pseudonyms keyed by `key` (HMAC-SHA-256), so that they cannot be
/// confirmed by hashing a guessed address. The same key gives the same pseudonyms.
pub fn redact_with_key(report: &Report, snapshot: &Snapshot, key: &[u8]) -> Report {
    Redactor::new(snapshot, Some(key)).report(report)
}

/// Hex digits of a pseudonym (48 bits: no collision to expect among a million strings).
const HEX_LEN: usize = 12;
/// Shorter strings are never replaced.
const MIN_CHARS: usize = 3;
/// Generic, non-personal values that are not replaced (compared lower-case).
pub const KEEP_WORDS: &[&str] = &[
    "administrator",
    "admin",
    "guest",
    "default",
    "anonymous",
    "self",
    "nt authority\\self",
    "nt authority\\system",
    "discovery search mailbox",
    "discoverysearchmailbox",
    "mailbox",
    "user",
    "users",
    "source",
    "target",
    "none",
    "null",
    "true",
    "false",
    "unknown",
    "domain",
    "tenant",
    "example",
    // Words of export file paths, so a name word does not rewrite the path's own words.
    "mailboxes",
    "mailusers",
    "batch",
    "batches",
    "export",
    "exports",
    "csv",
    "json",
    "xml",
    "txt",
];
/// Microsoft's own domains: kept, so `user-…@outlook.com` still says where mail goes.
pub const KEEP_DOMAINS: &[&str] = &[
    "onmicrosoft.com",
    "mail.onmicrosoft.com",
    "outlook.com",
    "prod.outlook.com",
    "protection.outlook.com",
    "office365.com",
    "office.com",
    "microsoft.com",
];
/// LegacyExchangeDN values Exchange writes itself (compared lower-case).
const KEEP_DN_VALUES: &[&str] = &[
    "exchangelabs",
    "first organization",
    "exchange administrative group (fydibohf23spdlt)",
    "first administrative group",
    "administrative groups",
    "recipients",
    "configuration",
    "servers",
];
/// X.400 keys whose values are kept: country and administration domain.
const KEEP_X400_KEYS: &[&str] = &["c", "a"];
/// Characters PowerShell treats as a single quote (see [`crate::powershell::quote`]).
const QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// What a collected string is; decides its pseudonym and how it may touch its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // Ordered by priority: when one string is seen as two kinds, the greater wins.
    /// One word of a name or of an address's local part: replaced in file paths only
    /// (`holdtracking-adele.json`), as in text a word alone may be an ordinary word.
    Word,
    Name,
    Domain,
    X400,
    Dn,
    Address,
}

/// Where a string sits: in running text, or in a file path (where `.`, `-`, `_` separate words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Text,
    Path,
}

/// Makes pseudonyms: a short hex of (keyed) SHA-256 over the lower-cased original.
struct Pseudonyms {
    key: Option<Vec<u8>>,
}

impl Pseudonyms {
    fn hex(&self, text: &str) -> String {
        let lower = text.to_lowercase();
        let digest = match &self.key {
            None => Sha256::digest(lower.as_bytes()).to_vec(),
            Some(key) => hmac_sha256(key, lower.as_bytes()),
        };
        digest
            .iter()
            .take(HEX_LEN / 2)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn name(&self, text: &str) -> String {
        format!("user-{}", self.hex(text))
    }

    fn domain(&self, domain: &str) -> String {
        let lower = domain.to_lowercase();
        if KEEP_DOMAINS.contains(&lower.as_str()) {
            return domain.to_string();
        }
        for suffix in [".mail.onmicrosoft.com", ".onmicrosoft.com"] {
            if let Some(tenant) = lower.strip_suffix(suffix) {
                return format!("tenant-{}{suffix}", self.hex(tenant));
            }
        }
        format!("domain-{}.example", self.hex(&lower))
    }

    fn address(&self, address: &str) -> String {
        match address.rsplit_once('@') {
            Some((local, domain)) => format!("{}@{}", self.name(local), self.domain(domain)),
            None => self.name(address),
        }
    }

    /// `/o=…/ou=…/cn=Recipients/cn=…`: the structure kept, every value not Exchange's own
    /// replaced.
    fn dn(&self, dn: &str) -> String {
        let parts: Vec<String> = dn
            .split('/')
            .map(|part| match part.split_once('=') {
                _ if part.is_empty() => String::new(),
                Some((key, value)) if keep_dn_value(value) => format!("{key}={value}"),
                Some((key, value)) => {
                    let label = match key.to_ascii_lowercase().as_str() {
                        "o" => "org",
                        "ou" => "ou",
                        _ => "user",
                    };
                    format!("{key}={label}-{}", self.hex(value))
                }
                None => format!("x-{}", self.hex(part)),
            })
            .collect();
        parts.join("/")
    }

    /// `C=US;A= ;P=Contoso;O=Exchange;S=Newton;G=Lara;`: keys kept, personal values replaced.
    fn x400(&self, x400: &str) -> String {
        let parts: Vec<String> = x400
            .split(';')
            .map(|part| match part.split_once('=') {
                Some((key, value))
                    if value.trim().is_empty()
                        || KEEP_X400_KEYS.contains(&key.trim().to_ascii_lowercase().as_str()) =>
                {
                    part.to_string()
                }
                Some((key, value)) => format!("{key}=x-{}", self.hex(value)),
                None if part.trim().is_empty() => part.to_string(),
                None => format!("x-{}", self.hex(part)),
            })
            .collect();
        parts.join(";")
    }

    fn of(&self, kind: Kind, text: &str) -> String {
        match kind {
            Kind::Name | Kind::Word => self.name(text),
            Kind::Domain => self.domain(text),
            Kind::Address => self.address(text),
            Kind::Dn => self.dn(text),
            Kind::X400 => self.x400(text),
        }
    }
}

fn keep_dn_value(value: &str) -> bool {
    KEEP_DN_VALUES.contains(&value.trim().to_lowercase().as_str())
}

/// HMAC-SHA-256 (RFC 2104) over sha2, to key pseudonyms without another crate.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        let hashed = Sha256::digest(key);
        block[..hashed.len()].copy_from_slice(&hashed);
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let mut inner = Sha256::new();
    inner.update(pad(0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(pad(0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// The strings of a snapshot to hide, by kind, before they are classified and deduplicated.
#[derive(Default)]
struct Collector {
    typed: Vec<(Kind, String)>,
    /// Names, identities, user names: an address, a DN, a known domain or a name.
    untyped: Vec<String>,
}

impl Collector {
    fn add(&mut self, kind: Kind, text: &str) {
        self.typed.push((kind, text.to_string()));
    }

    fn words(&mut self, text: &str) {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            self.add(Kind::Word, word);
        }
    }

    fn any(&mut self, text: Option<&str>) {
        if let Some(t) = text {
            self.untyped.push(t.to_string());
        }
    }

    fn address(&mut self, address: &SmtpAddress) {
        self.words(address.local());
        self.add(Kind::Address, address.as_str());
        self.add(Kind::Domain, address.domain());
    }

    fn address_text(&mut self, text: &str) {
        match SmtpAddress::parse(text) {
            Ok(a) => self.address(&a),
            Err(_) => self.untyped.push(text.to_string()),
        }
    }

    fn proxy<T: AsRef<str>>(&mut self, proxy: &ProxyAddress<T>) {
        let address = proxy.address();
        match proxy.prefix() {
            ProxyPrefix::X500 => self.add(Kind::Dn, address),
            ProxyPrefix::X400 => self.add(Kind::X400, address),
            _ if address.contains('@') => self.address_text(address),
            // EUM extensions, SPO ids and other non-address proxies are left as they are.
            _ => {}
        }
    }

    /// `CN=Lara Newton,OU=Users,DC=contoso,DC=com`: the whole, the CN and the DC domain.
    fn distinguished_name(&mut self, dn: &str) {
        self.add(Kind::Name, dn);
        let mut dc = Vec::new();
        for rdn in dn.split(',') {
            match rdn.split_once('=') {
                Some((k, v)) if k.trim().eq_ignore_ascii_case("cn") => self.add(Kind::Name, v),
                Some((k, v)) if k.trim().eq_ignore_ascii_case("dc") => dc.push(v.trim()),
                _ => {}
            }
        }
        if dc.len() > 1 {
            self.add(Kind::Domain, &dc.join("."));
        }
    }

    fn recipient(&mut self, r: &Recipient) {
        for text in [
            &r.identity(),
            &r.name(),
            &r.alias(),
            &r.display_name(),
            &r.user_principal_name(),
        ] {
            self.any(text.as_deref());
        }
        for text in [&r.name(), &r.alias(), &r.display_name()]
            .into_iter()
            .flatten()
        {
            self.words(text);
        }
        if let Some(dn) = r.distinguished_name() {
            self.distinguished_name(&dn.text());
        }
        if let Some(p) = &r.primary_smtp {
            self.address(p);
        }
        for p in r.email_addresses.iter().flatten() {
            self.proxy(&p);
        }
        if let Some(dn) = r.legacy_exchange_dn() {
            self.add(Kind::Dn, &dn.text());
        }
        for p in [
            r.external_email_address.as_ref(),
            r.remote_routing_address.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            self.proxy(p);
        }
        for g in r.grant_send_on_behalf_to.iter().flatten() {
            self.any(Some(g));
        }
    }

    fn side(&mut self, side: &SideData) {
        for r in &side.recipients {
            self.recipient(r);
        }
        for d in &side.accepted_domains {
            let name = d.domain_name.trim_start_matches("*.");
            self.add(Kind::Domain, name);
        }
        for o in &side.org_relationships {
            self.any(o.name.as_deref());
            for d in o.domain_names.iter().flatten() {
                self.add(Kind::Domain, d);
            }
        }
        for e in &side.migration_endpoints {
            self.any(e.identity.as_deref());
            for d in [&e.remote_server, &e.remote_tenant].into_iter().flatten() {
                self.add(Kind::Domain, d);
            }
        }
        for c in &side.org_configs {
            self.any(c.name.as_deref());
        }
        for l in &side.licences {
            self.any(Some(&l.user));
        }
        for m in &side.group_members {
            self.any(m.group.as_deref());
            self.any(m.name.as_deref());
            if let Some(p) = &m.primary_smtp {
                self.address(p);
            }
        }
        for p in &side.permissions {
            self.any(Some(&p.mailbox));
            self.any(Some(&p.user));
        }
        for m in &side.move_requests {
            for text in [&m.identity, &m.display_name, &m.batch_name] {
                self.any(text.as_deref());
            }
        }
        for s in &side.exchange_servers {
            self.any(s.name.as_deref());
        }
        self.side_rest(side);
    }

    fn side_rest(&mut self, side: &SideData) {
        for u in &side.directory_users {
            self.any(u.user_principal_name.as_deref());
            self.any(u.sam_account_name.as_deref());
            for p in u.proxy_addresses.iter().flatten() {
                self.proxy(p);
            }
        }
        for f in &side.folder_stats {
            self.any(f.mailbox.as_deref());
        }
        for h in &side.hold_logs {
            self.any(h.mailbox.as_deref());
        }
    }

    fn snapshot(&mut self, snapshot: &Snapshot) {
        self.side(&snapshot.source);
        self.side(&snapshot.target);
        for b in &snapshot.batches {
            for e in &b.entries {
                self.address(&e.address);
            }
        }
        for m in &snapshot.mapping {
            self.any(Some(&m.source));
            self.any(Some(&m.target));
        }
    }

    /// Every string with its kind, one per lower-cased text, the strings not to replace left out.
    fn classified(self) -> BTreeMap<String, (Kind, String)> {
        let mut out: BTreeMap<String, (Kind, String)> = BTreeMap::new();
        let mut put = |kind: Kind, text: &str| {
            let text = text.trim().trim_matches(QUOTES).trim();
            if !worth_hiding(text) {
                return;
            }
            let entry = out
                .entry(text.to_lowercase())
                .or_insert_with(|| (kind, text.to_string()));
            if kind > entry.0 {
                *entry = (kind, text.to_string());
            }
        };
        for (kind, text) in &self.typed {
            put(*kind, text);
        }
        let domains: HashSet<String> = self
            .typed
            .iter()
            .filter(|(k, _)| *k == Kind::Domain)
            .map(|(_, d)| d.trim().to_lowercase())
            .collect();
        for text in &self.untyped {
            for (kind, part) in classify(text, &domains) {
                put(kind, part);
            }
        }
        out
    }
}

/// False for short strings, strings without a letter, GUIDs and generic words.
fn worth_hiding(text: &str) -> bool {
    text.chars().count() >= MIN_CHARS
        && text.chars().any(char::is_alphabetic)
        && Guid::parse(text).is_err()
        && !KEEP_WORDS.contains(&text.to_lowercase().as_str())
        && !KEEP_DOMAINS.contains(&text.to_lowercase().as_str())
}

/// What an untyped string (identity, name, user) is: an address, a DN, a known domain, or a
/// name; `DOMAIN\user` is also split into its two names.
fn classify<'a>(text: &'a str, domains: &HashSet<String>) -> Vec<(Kind, &'a str)> {
    let t = text.trim();
    if t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("/o=")) {
        return vec![(Kind::Dn, t)];
    }
    if t.contains('@') && SmtpAddress::parse(t).is_ok() {
        return vec![(Kind::Address, t)];
    }
    let lower = t.to_lowercase();
    let suffixes = lower.match_indices('.').map(|(i, _)| &lower[i + 1..]);
    if std::iter::once(lower.as_str())
        .chain(suffixes)
        .any(|d| domains.contains(d))
    {
        return vec![(Kind::Domain, t)];
    }
    let mut out = vec![(Kind::Name, t)];
    if let Some((domain, user)) = t.split_once('\\') {
        out.push((Kind::Name, domain));
        out.push((Kind::Name, user));
    }
    out
}

/// One string to replace.
struct Entry {
    kind: Kind,
    replacement: String,
}

/// Replaces the collected strings in text; built once per report.
pub struct Redactor {
    /// `None` when the snapshot holds nothing to hide.
    automaton: Option<AhoCorasick>,
    /// Entry index of each automaton pattern.
    pattern_entry: Vec<usize>,
    entries: Vec<Entry>,
    /// Lower-cased words of names (replaced in file paths only) and their pseudonyms: looked up
    /// per word rather than matched, which keeps the automaton small.
    words: HashMap<String, String>,
    pseudonyms: Pseudonyms,
}

impl Redactor {
    /// Collects every string to hide from `snapshot` and builds the matcher; `key` keys the
    /// pseudonyms (see the module doc).
    pub fn new(snapshot: &Snapshot, key: Option<&[u8]>) -> Self {
        let pseudonyms = Pseudonyms {
            key: key.map(<[u8]>::to_vec),
        };
        let mut collector = Collector::default();
        collector.snapshot(snapshot);
        Redactor::from_terms(collector.classified().into_values(), pseudonyms)
    }

    fn from_terms(terms: impl IntoIterator<Item = (Kind, String)>, pseudonyms: Pseudonyms) -> Self {
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut entries = Vec::new();
        let mut words = HashMap::new();
        for (kind, text) in terms {
            let replacement = pseudonyms.of(kind, &text);
            if kind == Kind::Word {
                words.insert(text.to_lowercase(), replacement);
                continue;
            }
            for p in variants(&text) {
                patterns.push(p);
                pattern_entry.push(entries.len());
            }
            entries.push(Entry { kind, replacement });
        }
        Redactor {
            automaton: build(&patterns),
            pattern_entry,
            entries,
            words,
            pseudonyms,
        }
    }

    /// `text` with every known string replaced, or `None` when nothing was.
    pub fn replace(&self, text: &str) -> Option<String> {
        self.replace_in(text, Mode::Text)
    }

    fn replace_in(&self, text: &str, mode: Mode) -> Option<String> {
        let automaton = self.automaton.as_ref()?;
        // Patterns are ASCII lower-case: search an ASCII lower-cased copy (same byte offsets),
        // kept per thread so that a string with no match costs no allocation.
        thread_local! {
            static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        LOWER.with_borrow_mut(|lower| {
            lower.clear();
            lower.push_str(text);
            lower.make_ascii_lowercase();
            self.replace_matches(automaton, text, lower, mode)
        })
    }

    /// Replaces the matches `automaton` finds in `lower` (`text`, ASCII lower-cased).
    fn replace_matches(
        &self,
        automaton: &AhoCorasick,
        text: &str,
        lower: &str,
        mode: Mode,
    ) -> Option<String> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = automaton.find(Input::new(lower).span(pos..lower.len())) else {
                break;
            };
            let Some(entry) = self
                .pattern_entry
                .get(m.pattern().as_usize())
                .and_then(|&i| self.entries.get(i))
            else {
                break;
            };
            if !fits(text, m.start(), m.end(), entry.kind, mode) {
                pos = next_char(text, m.start());
                continue;
            }
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            let start = self.unknown_local_part(text, copied, m.start(), entry.kind, buf);
            buf.push_str(&text[start..m.start()]);
            buf.push_str(&entry.replacement);
            copied = m.end();
            pos = m.end();
        }
        let mut buf = out?;
        buf.push_str(&text[copied..]);
        Some(buf)
    }

    /// For a domain right after `@`: copies the text before the address and its local part's
    /// pseudonym to `buf`, and returns where the `@` is (else returns `from`, copying nothing).
    fn unknown_local_part(
        &self,
        text: &str,
        from: usize,
        domain_start: usize,
        kind: Kind,
        buf: &mut String,
    ) -> usize {
        if kind != Kind::Domain || !text[..domain_start].ends_with('@') {
            return from;
        }
        let at = domain_start - 1;
        if at < from {
            return from;
        }
        let local_start = text[from..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
            .last()
            .map_or(at, |(i, _)| from + i);
        if local_start == at {
            return from;
        }
        buf.push_str(&text[from..local_start]);
        buf.push_str(&self.pseudonyms.name(&text[local_start..at]));
        at
    }

    fn text(&self, s: &mut String) {
        if let Some(new) = self.replace_in(s, Mode::Text) {
            *s = new;
        }
    }

    fn path(&self, s: &mut String) {
        if let Some(new) = self.replace_in(s, Mode::Path) {
            *s = new;
        }
        if let Some(new) = self.path_words(s) {
            *s = new;
        }
    }

    /// `path` with each word (run of letters and digits) that is a word of a known name
    /// replaced, or `None` when none is.
    fn path_words(&self, path: &str) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut start = None;
        for (i, c) in path
            .char_indices()
            .chain(std::iter::once((path.len(), ' ')))
        {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    start = None;
                    if let Some(pseudonym) = self.words.get(&path[s..i].to_lowercase()) {
                        let buf = out.get_or_insert_with(String::new);
                        buf.push_str(&path[copied..s]);
                        buf.push_str(pseudonym);
                        copied = i;
                    }
                }
                _ => {}
            }
        }
        let mut buf = out?;
        buf.push_str(&path[copied..]);
        Some(buf)
    }

    fn opt(&self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.text(s);
        }
    }

    /// Shared text (an object's name): replaced by a new text when it holds something known.
    fn shared(&self, s: &mut Arc<str>) {
        if let Some(new) = self.replace_in(s, Mode::Text) {
            *s = new.into();
        }
    }

    fn opt_shared(&self, s: &mut Option<Arc<str>>) {
        if let Some(s) = s {
            self.shared(s);
        }
    }

    /// Object ids: GUIDs stay (not personal, needed to correlate); anything else is text.
    fn object_id(&self, s: &mut Option<String>) {
        if let Some(id) = s
            && Guid::parse(id).is_err()
        {
            self.text(id);
        }
    }

    /// A copy of `report` with every known string replaced. Fingerprints and GUIDs are kept.
    pub fn report(&self, report: &Report) -> Report {
        let mut r = report.clone();
        r.findings.par_iter_mut().for_each(|f| self.finding(f));
        r.objects.par_iter_mut().for_each(|o| self.object(o));
        for n in &mut r.not_evaluated {
            self.not_evaluated(n);
        }
        for s in &mut r.suppressed {
            if let SuppressedBy::Config { reason } = &mut s.by {
                self.text(reason);
            }
            self.finding(&mut s.finding);
        }
        for p in &mut r.policy {
            self.text(&mut p.message);
        }
        for i in &mut r.inputs {
            self.input(i);
        }
        self.text(&mut r.summary.kind_reason);
        for s in &mut r.summary.rules {
            self.opt(&mut s.reason);
        }
        for b in &mut r.summary.batches {
            if let Some(name) = &mut b.batch {
                self.path(name);
            }
        }
        r
    }

    fn finding(&self, f: &mut Finding) {
        self.text(&mut f.message);
        self.opt(&mut f.source_object);
        self.opt(&mut f.target_object);
        self.object_id(&mut f.object_id);
        for fix in &mut f.remediation {
            self.text(&mut fix.command);
        }
        self.opt(&mut f.remediation_note);
        self.opt(&mut f.evidence.property);
        self.opt(&mut f.evidence.expected);
        self.opt(&mut f.evidence.found);
        for l in &mut f.locations {
            self.path(&mut l.file);
        }
    }

    fn object(&self, o: &mut ObjectStatus) {
        // The object id is a GUID: kept, as object_id() keeps GUIDs.
        self.shared(&mut o.source);
        self.opt_shared(&mut o.target);
        self.opt_shared(&mut o.batch_address);
        for b in &mut o.batches {
            let mut path = b.to_string();
            self.path(&mut path);
            *b = path.into();
        }
    }

    fn not_evaluated(&self, n: &mut NotEvaluated) {
        self.opt_shared(&mut n.source_object);
        self.opt_shared(&mut n.target_object);
        if let Some(new) = self.replace_in(&n.reason, Mode::Text) {
            n.reason = new.into();
        }
    }

    fn input(&self, i: &mut InputFile) {
        self.path(&mut i.path);
        for issue in &mut i.issues {
            self.opt(&mut issue.identity);
            self.opt(&mut issue.property);
            self.text(&mut issue.message);
            self.opt(&mut issue.hint);
        }
    }
}

/// The matcher over ASCII lower-cased patterns, longest match first; `None` for no pattern.
fn build(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    // ASCII case is folded by lower-casing patterns and text, which builds faster than
    // `ascii_case_insensitive` on a large automaton.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .ok()
}

/// The patterns that find `text`, ASCII lower-cased (as the text searched is): as written,
/// and lower- and upper-case when it has non-ASCII letters (only ASCII case is folded), and with its quotes doubled as
/// [`crate::powershell::quote`] writes them in commands.
fn variants(text: &str) -> Vec<String> {
    let mut out = vec![text.to_ascii_lowercase()];
    if !text.is_ascii() {
        out.push(text.to_lowercase());
        out.push(text.to_uppercase().to_ascii_lowercase());
    }
    if text.contains(QUOTES) {
        let doubled: Vec<String> = out.iter().map(|t| double_quotes(t)).collect();
        out.extend(doubled);
    }
    out.sort();
    out.dedup();
    out
}

fn double_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out
}

/// The index after the character at `i`.
fn next_char(text: &str, i: usize) -> usize {
    text[i..]
        .chars()
        .next()
        .map_or(text.len(), |c| i + c.len_utf8())
}

/// Whether a match at `start..end` stands on its own rather than being part of a longer token:
/// no letter or digit next to it, and in text no `.`, `-`, `_`, `@` either (a `.` after it may
/// end a sentence; a domain may follow `.` or `@`, being the end of a longer domain or address).
fn fits(text: &str, start: usize, end: usize, kind: Kind, mode: Mode) -> bool {
    let before = text[..start].chars().next_back();
    let mut rest = text[end..].chars();
    let (after, after2) = (rest.next(), rest.next());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if word(before) || word(after) {
        return false;
    }
    if kind == Kind::Word && mode == Mode::Text {
        return false;
    }
    if mode == Mode::Path || matches!(kind, Kind::Dn | Kind::X400) {
        return true;
    }
    let before_ok = match kind {
        Kind::Domain => !matches!(before, Some('-' | '_')),
        _ => !matches!(before, Some('.' | '-' | '_' | '@' | '+')),
    };
    let after_ok = match after {
        Some('-' | '_' | '@') => false,
        Some('.') => !word(after2),
        _ => true,
    };
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(words: &[(Kind, &str)]) -> Redactor {
        let terms = words.iter().map(|(k, t)| (*k, t.to_string()));
        Redactor::from_terms(terms, Pseudonyms { key: None })
    }

    fn sample() -> Redactor {
        redactor(&[
            (Kind::Address, "alice@contoso.com"),
            (Kind::Domain, "contoso.com"),
            (Kind::Domain, "contoso.onmicrosoft.com"),
            (Kind::Name, "Alice"),
            (Kind::Name, "O'Brien"),
            (
                Kind::Dn,
                "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice",
            ),
        ])
    }

    #[test]
    fn address_replaced_whole_and_domain_kept_recognisable() {
        let r = sample();
        let out = r.replace("ALICE@contoso.com and bob@Contoso.com.").unwrap();
        let domain = Pseudonyms { key: None }.domain("contoso.com");
        assert!(out.starts_with("user-"), "{out}");
        assert_eq!(out.matches(&domain).count(), 2, "{out}");
        assert!(!out.to_lowercase().contains("bob"), "{out}");
        assert!(out.ends_with('.'));
    }

    #[test]
    fn names_inside_longer_words_stay() {
        let r = sample();
        assert_eq!(r.replace("Alicea alice.x x-alice alice_y"), None);
        assert_eq!(r.replace("notcontoso.com contoso.com-x"), None);
        assert!(r.replace("Alice, hello").is_some());
        // A domain after `.` is the end of a longer domain: still replaced.
        assert!(
            r.replace("mail.contoso.com")
                .unwrap()
                .starts_with("mail.domain-")
        );
    }

    #[test]
    fn name_words_replaced_in_paths_only() {
        let r = redactor(&[(Kind::Word, "Adele"), (Kind::Domain, "contoso.com")]);
        assert_eq!(r.replace("Adele is a word here"), None);
        let mut path = "exports/contoso.com/holdtracking-adele.json".to_string();
        r.path(&mut path);
        assert!(path.starts_with("exports/domain-"), "{path}");
        assert!(
            path.contains("/holdtracking-user-") && path.ends_with(".json"),
            "{path}"
        );
    }

    #[test]
    fn onmicrosoft_structure_visible() {
        let p = Pseudonyms { key: None };
        let a = p.domain("contoso.onmicrosoft.com");
        let b = p.domain("Contoso.mail.onmicrosoft.com");
        assert!(a.starts_with("tenant-") && a.ends_with(".onmicrosoft.com"));
        assert_eq!(a.replace(".onmicrosoft.com", ".mail.onmicrosoft.com"), b);
        assert_eq!(p.domain("onmicrosoft.com"), "onmicrosoft.com");
    }

    #[test]
    fn legacy_dn_structure_kept() {
        let r = sample();
        let out = r
            .replace("x500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice")
            .unwrap();
        assert!(out.starts_with("x500:/o=org-"), "{out}");
        assert!(out.contains(
            "/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=user-"
        ));
    }

    #[test]
    fn quoted_names_in_commands_stay_valid() {
        let r = sample();
        let out = r
            .replace("Set-User -Identity 'O''Brien' -X 'o''brien'")
            .unwrap();
        assert!(!out.contains("Brien") && !out.contains("brien"), "{out}");
        assert_eq!(out.matches('\'').count(), 4, "{out}");
        assert_eq!(r.replace("'O’’Brien'"), None, "another name");
    }

    #[test]
    fn x400_values_replaced() {
        let p = Pseudonyms { key: None };
        let out = p.x400("C=US;A= ;P=Contoso;O=Exchange;S=Newton;G=Lara;");
        assert!(out.starts_with("C=US;A= ;P=x-"), "{out}");
        assert!(!out.contains("Newton") && !out.contains("Lara"));
    }

    #[test]
    fn keyed_pseudonyms_differ_and_are_stable() {
        let plain = Pseudonyms { key: None };
        let keyed = Pseudonyms {
            key: Some(b"secret".to_vec()),
        };
        assert_ne!(plain.name("alice"), keyed.name("alice"));
        assert_eq!(keyed.name("Alice"), keyed.name("alice"));
        assert_eq!(plain.hex("a").len(), HEX_LEN);
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn odd_text_does_not_panic() {
        let domains = HashSet::from(["contoso.com".to_string()]);
        for text in [
            "é/o",
            "/o=",
            "日本語",
            "@",
            "a@",
            "@contoso.com",
            "'",
            "x.contoso.com",
        ] {
            let _ = classify(text, &domains);
            let _ = Pseudonyms { key: None }.dn(text);
            let _ = Pseudonyms { key: None }.x400(text);
        }
        let r = redactor(&[(Kind::Name, "foo@"), (Kind::Domain, "contoso.com")]);
        for text in [
            "foo@contoso.com",
            "é@contoso.com",
            "@contoso.com",
            "日本@contoso.com.",
        ] {
            let _ = r.replace(text);
        }
        assert_eq!(
            r.replace("é@contoso.com").map(|t| t.starts_with("user-")),
            Some(true)
        );
    }

    #[test]
    fn nothing_to_hide_is_no_allocation() {
        let r = redactor(&[]);
        assert!(r.automaton.is_none());
        assert_eq!(r.replace("anything"), None);
    }
}
