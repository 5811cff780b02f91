//! Records as read from a file, before typing: only the properties mbxlint reads are kept.

use super::properties::Prop;

/// A value as the export wrote it.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    Null,
    Bool(bool),
    /// A JSON number, kept as its text (64-bit enum values, sizes).
    Number(Box<str>),
    Text(Box<str>),
    List(Vec<RawValue>),
    /// A nested object (live EMS objects, the 5.1 DateTime wrapper, licence entries).
    Object(Vec<(Box<str>, RawValue)>),
}

impl RawValue {
    /// A member of a nested object, by case-insensitive name.
    pub fn member(&self, name: &str) -> Option<&RawValue> {
        match self {
            RawValue::Object(members) => members
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Short description of the value's shape, for error messages.
    pub fn shape(&self) -> &'static str {
        match self {
            RawValue::Null => "null",
            RawValue::Bool(_) => "a boolean",
            RawValue::Number(_) => "a number",
            RawValue::Text(_) => "text",
            RawValue::List(_) => "a list",
            RawValue::Object(_) => "an object",
        }
    }
}

/// Whether a record came from JSON or CSV: decides how multi-valued text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordFormat {
    Json,
    Csv,
}

/// One record of an export file.
#[derive(Clone, Debug)]
pub struct RawRecord {
    /// 0-based index of the record in its file.
    pub index: u32,
    /// 1-based line where the record starts, when known (CSV).
    pub line: Option<u64>,
    pub format: RecordFormat,
    pub props: Vec<(Prop, RawValue)>,
}

impl RawRecord {
    pub fn new(index: u32, line: Option<u64>, format: RecordFormat) -> Self {
        RawRecord {
            index,
            line,
            format,
            props: Vec::new(),
        }
    }

    /// Sets a property; a later duplicate (same name in another case) wins, as in PowerShell.
    pub fn set(&mut self, prop: Prop, value: RawValue) {
        if let Some(slot) = self.props.iter_mut().find(|(p, _)| *p == prop) {
            slot.1 = value;
        } else {
            self.props.push((prop, value));
        }
    }

    pub fn get(&self, prop: Prop) -> Option<&RawValue> {
        self.props.iter().find(|(p, _)| *p == prop).map(|(_, v)| v)
    }

    pub fn has(&self, prop: Prop) -> bool {
        self.get(prop).is_some()
    }

    /// A plain text value of a property, if it is text.
    pub fn text(&self, prop: Prop) -> Option<&str> {
        match self.get(prop) {
            Some(RawValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The best human name for the record: address, UPN, identity or name.
    pub fn identity(&self) -> Option<String> {
        for prop in [
            Prop::PrimarySmtpAddress,
            Prop::UserPrincipalName,
            Prop::EmailAddress,
            Prop::Identity,
            Prop::DomainName,
            Prop::Name,
            Prop::DisplayName,
        ] {
            if let Some(t) = self.text(prop) {
                let t = t.trim();
                if !t.is_empty() {
                    let mut s: String = t.chars().take(120).collect();
                    s.retain(|c| !c.is_control());
                    return Some(s);
                }
            }
        }
        None
    }
}
