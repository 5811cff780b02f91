//! Typed reading of one record's properties, with every problem reported against the file,
//! record and property. This is the only place where export text becomes typed values.

use super::properties::Prop;
use super::raw::{RawRecord, RawValue, RecordFormat};
use crate::model::InputIssue;
use crate::values::{
    self, ByteSize, Guid, InPlaceHold, MailboxLocation, ProxyAddress, Quota, RecipientTypeDetails,
    SmtpAddress, Timestamp, ValueError,
};
use std::borrow::Cow;

/// Reads typed values out of one record, collecting problems.
pub struct Fields<'a> {
    pub record: &'a RawRecord,
    file: u32,
    issues: &'a mut Vec<InputIssue>,
}

impl<'a> Fields<'a> {
    pub fn new(record: &'a RawRecord, file: u32, issues: &'a mut Vec<InputIssue>) -> Self {
        Fields {
            record,
            file,
            issues,
        }
    }

    /// Records a problem with a property's value; the value is then treated as unknown.
    pub fn problem(&mut self, prop: Prop, message: String, hint: Option<String>) {
        self.issues.push(InputIssue {
            file: self.file,
            record: Some(self.record.index),
            line: self.record.line,
            identity: self.record.identity(),
            property: Some(prop.name().to_string()),
            message,
            hint,
            skipped: false,
            warning: false,
        });
    }

    fn value_problem(&mut self, prop: Prop, e: ValueError) {
        let hint = e.hint.map(str::to_string);
        self.problem(prop, e.to_string(), hint);
    }

    fn lost(&mut self, prop: Prop, what: &str) {
        let name = prop.name();
        let hint = match self.record.format {
            RecordFormat::Json => format!(
                "re-export with a larger depth, e.g. `ConvertTo-Json -Depth 5`, or select the \
                 property joined: `@{{n='{name}';e={{$_.{name} -join ';'}}}}`"
            ),
            RecordFormat::Csv => format!(
                "Export-Csv writes a collection as its type name: select it joined, e.g. \
                 `Select-Object *,@{{n='{name}';e={{$_.{name} -join ';'}}}} -ExcludeProperty {name}`"
            ),
        };
        self.problem(
            prop,
            format!("the export lost property {name}: it holds {what} instead of its values"),
            Some(hint),
        );
    }

    /// A single text value. `None` when absent, null or empty. Unwraps the Windows PowerShell
    /// 5.1 `{"value": …}` wrapper and one-element lists.
    /// The property's text, borrowed from the record (typed values are parsed from it without
    /// a copy; kept strings are copied once).
    pub fn text(&mut self, prop: Prop) -> Option<Cow<'a, str>> {
        let record = self.record;
        let value = record.get(prop)?;
        self.scalar_text(prop, value)
    }

    fn scalar_text(&mut self, prop: Prop, value: &'a RawValue) -> Option<Cow<'a, str>> {
        match value {
            RawValue::Null => None,
            RawValue::Text(t) => {
                let t = t.trim();
                (!t.is_empty()).then_some(Cow::Borrowed(t))
            }
            RawValue::Number(n) => Some(Cow::Borrowed(n)),
            RawValue::Bool(b) => Some(Cow::Borrowed(if *b { "True" } else { "False" })),
            RawValue::List(items) if items.len() <= 1 => match items.first() {
                None => None,
                Some(v) => self.scalar_text(prop, v),
            },
            RawValue::List(_) => {
                self.problem(
                    prop,
                    format!("expected one value, found a list for {}", prop.name()),
                    None,
                );
                None
            }
            RawValue::Object(_) => {
                // 5.1 wrapper {"value": ..., "DisplayHint": ...}, ProxyAddress objects, ADObjectId.
                for member in [
                    "value",
                    "ProxyAddressString",
                    "AddressString",
                    "Address",
                    "DistinguishedName",
                    "Name",
                ] {
                    if let Some(inner) = value.member(member) {
                        return self.scalar_text(prop, inner);
                    }
                }
                self.problem(
                    prop,
                    format!("expected a value, found an object for {}", prop.name()),
                    Some("re-export the property as text, e.g. with a calculated property".into()),
                );
                None
            }
        }
    }

    /// Text that must not be a depth/collection placeholder.
    fn checked_text(&mut self, prop: Prop) -> Option<Cow<'a, str>> {
        let text = self.text(prop)?;
        if let Some(what) = values::depth_placeholder(&text) {
            self.lost(prop, what);
            return None;
        }
        Some(text)
    }

    pub fn string(&mut self, prop: Prop) -> Option<Box<str>> {
        self.text(prop).map(Box::from)
    }

    /// A GUID; null or empty means "not set" and reads as the all-zero GUID.
    pub fn guid(&mut self, prop: Prop) -> Option<Guid> {
        let value = self.record.get(prop)?;
        if matches!(value, RawValue::Null) {
            return Some(Guid::NIL);
        }
        match self.checked_text(prop) {
            None => {
                // Empty text means not set; anything else was already reported.
                match value {
                    RawValue::Text(t) if t.trim().is_empty() => Some(Guid::NIL),
                    RawValue::List(l) if l.is_empty() => Some(Guid::NIL),
                    _ => None,
                }
            }
            Some(t) => match Guid::parse(&t) {
                Ok(g) => Some(g),
                Err(e) => {
                    self.value_problem(prop, e);
                    None
                }
            },
        }
    }

    pub fn bool(&mut self, prop: Prop) -> Option<bool> {
        match self.record.get(prop)? {
            RawValue::Bool(b) => Some(*b),
            _ => {
                let t = self.text(prop)?;
                match values::parse_bool(&t) {
                    Ok(b) => Some(b),
                    Err(e) => {
                        self.value_problem(prop, e);
                        None
                    }
                }
            }
        }
    }

    pub fn u64(&mut self, prop: Prop) -> Option<u64> {
        let t = self.text(prop)?;
        match t
            .replace([',', '.', '\'', '\u{a0}', ' '], "")
            .parse::<u64>()
        {
            Ok(n) => Some(n),
            Err(_) => {
                self.value_problem(prop, ValueError::new("a whole number", &t));
                None
            }
        }
    }

    pub fn smtp(&mut self, prop: Prop) -> Option<SmtpAddress> {
        let t = self.checked_text(prop)?;
        match SmtpAddress::parse(&t) {
            Ok(a) => Some(a),
            Err(e) => {
                self.value_problem(prop, e);
                None
            }
        }
    }

    pub fn proxy(&mut self, prop: Prop) -> Option<ProxyAddress> {
        let t = self.checked_text(prop)?;
        // ExternalEmailAddress / RemoteRoutingAddress are prefixed; accept a bare address too.
        let parsed = if t.contains(':') {
            ProxyAddress::parse(&t)
        } else {
            ProxyAddress::parse(&format!("SMTP:{t}"))
        };
        match parsed {
            Ok(p) => Some(p),
            Err(e) => {
                self.value_problem(prop, e);
                None
            }
        }
    }

    /// The text items of a multi-valued property. `split` splits a joined CSV cell (or a
    /// space-joined 5.1 value); `None` when absent or lost at export.
    fn items(&mut self, prop: Prop, split: fn(&str) -> Vec<&str>) -> Option<Vec<Cow<'a, str>>> {
        // The record outlives `self`'s borrow: read the value without copying it.
        let record: &'a RawRecord = self.record;
        let mut value = record.get(prop)?;
        // Windows PowerShell 5.1 writes an array held in a PSObject (a calculated property, a
        // Select-Object copy) as {"value": [...], "Count": n}.
        if let Some(inner @ RawValue::List(_)) = value.member("value") {
            value = inner;
        }
        let mut out = Vec::new();
        match value {
            RawValue::Null => {}
            RawValue::List(items) => {
                for item in items {
                    if let Some(t) = self.scalar_text(prop, item) {
                        if let Some(what) = values::depth_placeholder(&t) {
                            self.lost(prop, what);
                            return None;
                        }
                        out.push(t);
                    }
                }
            }
            RawValue::Text(t) => {
                if let Some(what) = values::depth_placeholder(t) {
                    self.lost(prop, what);
                    return None;
                }
                out.extend(split(t).into_iter().map(Cow::Borrowed));
            }
            other => {
                if let Some(t) = self.scalar_text(prop, other) {
                    out.push(t);
                }
            }
        }
        Some(out)
    }

    /// A multi-valued list of plain strings.
    pub fn strings(&mut self, prop: Prop) -> Option<Vec<Box<str>>> {
        let items = self.items(prop, |t| values::split_multi(t, false))?;
        Some(items.into_iter().map(Box::from).collect())
    }

    pub fn proxies(&mut self, prop: Prop) -> Option<Vec<ProxyAddress>> {
        let items = self.items(prop, values::split_proxy_list)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match ProxyAddress::parse(&item) {
                Ok(p) => out.push(p),
                Err(e) => self.value_problem(prop, e),
            }
        }
        Some(out)
    }

    pub fn locations(&mut self, prop: Prop) -> Option<Vec<MailboxLocation>> {
        let value = self.record.get(prop)?;
        if let RawValue::Text(t) = value
            && values::depth_placeholder(t).is_none()
        {
            return match values::split_locations(t) {
                Ok(l) => Some(l),
                Err(e) => {
                    self.value_problem(prop, e);
                    None
                }
            };
        }
        let items = self.items(prop, |t| vec![t])?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match MailboxLocation::parse(&item) {
                Ok(l) => out.push(l),
                Err(e) => {
                    self.value_problem(prop, e);
                    return None;
                }
            }
        }
        Some(out)
    }

    pub fn holds(&mut self, prop: Prop) -> Option<Vec<InPlaceHold>> {
        let items = self.items(prop, |t| values::split_multi(t, true))?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match InPlaceHold::parse(&item) {
                Ok(h) => out.push(h),
                Err(e) => self.value_problem(prop, e),
            }
        }
        Some(out)
    }

    /// A quota: text (`Unlimited`, `50 GB (…)`) or a live-object `{IsUnlimited, Value}`.
    pub fn quota(&mut self, prop: Prop) -> Option<Quota> {
        let record: &'a RawRecord = self.record;
        let value = record.get(prop)?;
        if let RawValue::Object(_) = value {
            if let Some(RawValue::Bool(true)) = value.member("IsUnlimited") {
                return Some(Quota::Unlimited);
            }
            if let Some(inner) = value.member("Value") {
                let text = self.scalar_text(prop, inner)?;
                return self.parse_quota(prop, &text);
            }
        }
        let text = self.checked_text(prop)?;
        self.parse_quota(prop, &text)
    }

    fn parse_quota(&mut self, prop: Prop, text: &str) -> Option<Quota> {
        match Quota::parse(text) {
            Ok(q) => Some(q),
            Err(e) => {
                self.value_problem(prop, e);
                None
            }
        }
    }

    pub fn size(&mut self, prop: Prop) -> Option<ByteSize> {
        match self.quota(prop)? {
            Quota::Limited(s) => Some(s),
            Quota::Unlimited => {
                self.problem(
                    prop,
                    format!("{} is \"Unlimited\", which is not a size", prop.name()),
                    None,
                );
                None
            }
        }
    }

    pub fn timestamp(&mut self, prop: Prop) -> Option<Timestamp> {
        let text = self.checked_text(prop)?;
        match Timestamp::parse(&text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.value_problem(prop, e);
                None
            }
        }
    }

    pub fn recipient_type(&mut self, prop: Prop) -> Option<RecipientTypeDetails> {
        let text = self.checked_text(prop)?;
        match RecipientTypeDetails::parse(&text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.value_problem(prop, e);
                None
            }
        }
    }
}
