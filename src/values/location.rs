//! `MailboxLocations` entries: `<n>;<MailboxGuid>;<LocationType>;<FQDN>;<DatabaseGuid>`.

use std::fmt;

use super::error::ValueError;
use super::guid::Guid;

const EXPECTED: &str = "a mailbox location such as \"1;<guid>;Primary;<fqdn>;<database guid>\"";
const LIST_EXPECTED: &str =
    "a list of mailbox locations \"1;<guid>;<type>;<fqdn>;<database guid>\"";

/// The kind of mailbox a location points at.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum LocationType {
    Primary,
    MainArchive,
    AuxArchive,
    /// e.g. `SubstrateExtension-Teams`; kept as written.
    Other(Box<str>),
}

impl LocationType {
    /// Case-insensitive; unknown non-empty names become `Other`.
    pub fn parse(text: &str) -> Result<LocationType, ValueError> {
        let t = text.trim();
        if t.is_empty() || t.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(ValueError::new(
                "a mailbox location type (Primary, MainArchive, AuxArchive, ...)",
                text,
            ));
        }
        Ok(if t.eq_ignore_ascii_case("Primary") {
            LocationType::Primary
        } else if t.eq_ignore_ascii_case("MainArchive") {
            LocationType::MainArchive
        } else if t.eq_ignore_ascii_case("AuxArchive") {
            LocationType::AuxArchive
        } else {
            LocationType::Other(t.into())
        })
    }

    /// True for `MainArchive` and `AuxArchive`.
    pub fn is_archive(&self) -> bool {
        matches!(self, LocationType::MainArchive | LocationType::AuxArchive)
    }
}

impl fmt::Display for LocationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LocationType::Primary => "Primary",
            LocationType::MainArchive => "MainArchive",
            LocationType::AuxArchive => "AuxArchive",
            LocationType::Other(text) => text,
        })
    }
}

/// One `MailboxLocations` entry.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct MailboxLocation {
    pub mailbox_guid: Guid,
    pub kind: LocationType,
    /// Forest / partition FQDN on EXO, AD domain FQDN on-premises (may be empty).
    pub fqdn: Box<str>,
    /// `None` when the field is empty or the all-zero GUID.
    pub database_guid: Option<Guid>,
}

fn is_number(token: &str) -> bool {
    !token.is_empty() && token.len() <= 9 && token.bytes().all(|b| b.is_ascii_digit())
}

fn optional_guid(token: &str) -> Result<Option<Guid>, ValueError> {
    if token.is_empty() {
        return Ok(None);
    }
    let guid = Guid::parse(token)?;
    Ok((!guid.is_nil()).then_some(guid))
}

impl MailboxLocation {
    /// Parses one entry, e.g.
    /// `1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;eurprd07.prod.outlook.com;ae0627d4-b741-4f5e-bbc8-afde04ef72d2`.
    pub fn parse(text: &str) -> Result<MailboxLocation, ValueError> {
        let err = || ValueError::new(EXPECTED, text);
        let mut fields: Vec<&str> = text.trim().split(';').map(str::trim).collect();
        if fields.len() == 6 && fields.last().is_some_and(|f| f.is_empty()) {
            fields.pop(); // tolerate one trailing ';'
        }
        let [number, guid, kind, fqdn, database] = fields.as_slice() else {
            return Err(err());
        };
        if !is_number(number) {
            return Err(err());
        }
        Self::from_fields(guid, kind, fqdn, database).map_err(|_| err())
    }

    fn from_fields(
        guid: &str,
        kind: &str,
        fqdn: &str,
        database: &str,
    ) -> Result<MailboxLocation, ValueError> {
        if fqdn.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(ValueError::new("a partition FQDN", fqdn));
        }
        Ok(MailboxLocation {
            mailbox_guid: Guid::parse(guid)?,
            kind: LocationType::parse(kind)?,
            fqdn: fqdn.into(),
            database_guid: optional_guid(database)?,
        })
    }

    /// Builds an entry from the tokens following the leading number.
    fn from_tokens(tokens: &[&str]) -> Result<MailboxLocation, ValueError> {
        match tokens {
            [guid, kind] => Self::from_fields(guid, kind, "", ""),
            [guid, kind, last] => {
                // Either the FQDN (database missing) or the database (FQDN empty).
                if Guid::parse(last).is_ok() {
                    Self::from_fields(guid, kind, "", last)
                } else {
                    Self::from_fields(guid, kind, last, "")
                }
            }
            [guid, kind, fqdn, database] => Self::from_fields(guid, kind, fqdn, database),
            _ => Err(ValueError::new(EXPECTED, &tokens.join(";"))),
        }
    }
}

impl fmt::Display for MailboxLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1;{};{};{};", self.mailbox_guid, self.kind, self.fqdn)?;
        match self.database_guid {
            Some(guid) => write!(f, "{guid}"),
            None => Ok(()),
        }
    }
}

/// Recovers the entries from a CSV cell where an admin joined several with
/// `;` (the field separator too), `,`, `|` or spaces. Entries are regrouped:
/// each starts at a number token followed by a GUID token. An empty cell
/// gives an empty list.
pub fn split_locations(text: &str) -> Result<Vec<MailboxLocation>, ValueError> {
    let tokens: Vec<&str> = text
        .split(|c: char| matches!(c, ';' | ',' | '|') || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let starts: Vec<usize> = (0..tokens.len())
        .filter(|&i| {
            is_number(tokens[i])
                && tokens
                    .get(i + 1)
                    .is_some_and(|next| Guid::parse(next).is_ok())
        })
        .collect();
    if starts.first() != Some(&0) {
        return Err(ValueError::new(LIST_EXPECTED, text));
    }
    let mut out = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(tokens.len());
        let entry = tokens.get(start + 1..end).unwrap_or_default();
        out.push(
            MailboxLocation::from_tokens(entry)
                .map_err(|_| ValueError::new(LIST_EXPECTED, text))?,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIMARY: &str = "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;eurprd07.prod.outlook.com;ae0627d4-b741-4f5e-bbc8-afde04ef72d2";
    const AUX: &str = "1;1e46b4a6-ee53-4e47-8c18-68cda44323d9;AuxArchive;apcprd04.prod.outlook.com;ac72736c-f194-4279-9734-5d4887bb2f2e";
    const ONPREM: &str = "1;9b9387fe-e1b1-4695-97bd-b0a0bebe7ce2;Primary;test.com;0f29ba80-17c3-4c51-9d94-d017c850e3be";
    const TEAMS: &str = "1;3e46b4a6-ee53-4e47-8c18-68cda44323d9;SubstrateExtension-Teams;apcprd04.prod.outlook.com;bc72736c-f194-4279-9734-5d4887bb2f2e";

    fn g(text: &str) -> Guid {
        Guid::parse(text).unwrap()
    }

    #[test]
    fn parse_documented_entries() {
        let loc = MailboxLocation::parse(PRIMARY).unwrap();
        assert_eq!(loc.mailbox_guid, g("2be92a50-7cc5-4a40-8471-b7ce9c2e3426"));
        assert_eq!(loc.kind, LocationType::Primary);
        assert_eq!(&*loc.fqdn, "eurprd07.prod.outlook.com");
        assert_eq!(
            loc.database_guid,
            Some(g("ae0627d4-b741-4f5e-bbc8-afde04ef72d2"))
        );
        assert_eq!(loc.to_string(), PRIMARY);

        let aux = MailboxLocation::parse(AUX).unwrap();
        assert_eq!(aux.kind, LocationType::AuxArchive);
        assert!(aux.kind.is_archive());
        assert_eq!(
            MailboxLocation::parse(ONPREM).unwrap().fqdn.as_ref(),
            "test.com"
        );
        let teams = MailboxLocation::parse(TEAMS).unwrap();
        assert_eq!(
            teams.kind,
            LocationType::Other("SubstrateExtension-Teams".into())
        );
        assert_eq!(teams.to_string(), TEAMS);
    }

    #[test]
    fn location_type_case_insensitive() {
        assert_eq!(
            LocationType::parse("mainarchive"),
            Ok(LocationType::MainArchive)
        );
        assert_eq!(
            LocationType::parse("AUXARCHIVE"),
            Ok(LocationType::AuxArchive)
        );
        assert_eq!(LocationType::parse(" primary "), Ok(LocationType::Primary));
        assert!(LocationType::parse("").is_err());
        assert!(LocationType::parse("a b").is_err());
    }

    #[test]
    fn parse_edge_fields() {
        let text = "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;MainArchive;eurprd07.prod.outlook.com;";
        assert_eq!(MailboxLocation::parse(text).unwrap().database_guid, None);
        let text = "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;MainArchive;x;00000000-0000-0000-0000-000000000000";
        assert_eq!(MailboxLocation::parse(text).unwrap().database_guid, None);
        assert!(MailboxLocation::parse(&format!("{PRIMARY};")).is_ok());
    }

    #[test]
    fn parse_invalid() {
        for bad in [
            "",
            ";;;;",
            "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;eurprd07.prod.outlook.com",
            "x;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;f;ae0627d4-b741-4f5e-bbc8-afde04ef72d2",
            "1;nope;Primary;f;ae0627d4-b741-4f5e-bbc8-afde04ef72d2",
            "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;;f;ae0627d4-b741-4f5e-bbc8-afde04ef72d2",
            "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;f;nope",
            "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;f\u{0};ae0627d4-b741-4f5e-bbc8-afde04ef72d2",
            "System.Collections.Generic.List`1[Microsoft.Exchange.Data.Directory.IMailboxLocationInfo]",
        ] {
            assert!(MailboxLocation::parse(bad).is_err(), "{bad:?}");
        }
        assert!(MailboxLocation::parse(&format!("{PRIMARY};{AUX}")).is_err());
        assert!(MailboxLocation::parse(&";".repeat(100_000)).is_err());
    }

    #[test]
    fn split_joined_cells() {
        let expected = vec![
            MailboxLocation::parse(PRIMARY).unwrap(),
            MailboxLocation::parse(AUX).unwrap(),
            MailboxLocation::parse(TEAMS).unwrap(),
        ];
        for sep in [";", ",", "|", " ", "; ", " | ", "\r\n"] {
            let text = [PRIMARY, AUX, TEAMS].join(sep);
            assert_eq!(split_locations(&text).unwrap(), expected, "{sep:?}");
        }
        assert_eq!(split_locations(PRIMARY).unwrap().len(), 1);
        assert_eq!(split_locations("").unwrap(), vec![]);
        assert_eq!(split_locations("  ").unwrap(), vec![]);
    }

    #[test]
    fn split_with_missing_fields() {
        let text = "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;eurprd07.prod.outlook.com;;\
                    1;1e46b4a6-ee53-4e47-8c18-68cda44323d9;AuxArchive;;ac72736c-f194-4279-9734-5d4887bb2f2e";
        let list = split_locations(text).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].database_guid, None);
        assert_eq!(&*list[0].fqdn, "eurprd07.prod.outlook.com");
        assert_eq!(&*list[1].fqdn, "");
        assert_eq!(
            list[1].database_guid,
            Some(g("ac72736c-f194-4279-9734-5d4887bb2f2e"))
        );
    }

    #[test]
    fn split_invalid() {
        for bad in [
            "System.Collections.Generic.List`1[Microsoft.Exchange.Data.Directory.IMailboxLocationInfo]",
            "garbage;1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;f;ae0627d4-b741-4f5e-bbc8-afde04ef72d2",
            "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426;Primary;f;ae0627d4-b741-4f5e-bbc8-afde04ef72d2;extra",
            "1;2be92a50-7cc5-4a40-8471-b7ce9c2e3426",
            "1",
            "\u{0}",
        ] {
            assert!(split_locations(bad).is_err(), "{bad:?}");
        }
        let long = format!("{PRIMARY};").repeat(2_000);
        assert_eq!(split_locations(&long).unwrap().len(), 2_000);
    }
}
