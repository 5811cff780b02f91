//! Recipient type enumerations: `RecipientTypeDetails` (string or AD integer
//! `msExchRecipientTypeDetails`), `RemoteRecipientType` flags, `ArchiveStatus`.

use std::fmt;

use super::error::ValueError;

/// `RecipientTypeDetails` / `PreviousRecipientTypeDetails`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum RecipientTypeDetails {
    UserMailbox,
    LinkedMailbox,
    SharedMailbox,
    LegacyMailbox,
    RoomMailbox,
    EquipmentMailbox,
    MailContact,
    MailUser,
    GuestMailUser,
    User,
    DisabledUser,
    RemoteUserMailbox,
    RemoteRoomMailbox,
    RemoteEquipmentMailbox,
    RemoteSharedMailbox,
    PublicFolderMailbox,
    TeamMailbox,
    GroupMailbox,
    DiscoveryMailbox,
    ArbitrationMailbox,
    SchedulingMailbox,
    AuditLogMailbox,
    AuxAuditLogMailbox,
    MailUniversalDistributionGroup,
    MailUniversalSecurityGroup,
    None,
    /// Any other name (as written), or an unknown integer value as decimal text (behind a thin
    /// pointer, so that the type takes 16 bytes: every recipient has one or two).
    Other(Box<String>),
}

use RecipientTypeDetails as R;

/// Named variants with their `msExchRecipientTypeDetails` values.
const KNOWN: [(&str, RecipientTypeDetails, u64); 26] = [
    ("None", R::None, 0),
    ("UserMailbox", R::UserMailbox, 1),
    ("LinkedMailbox", R::LinkedMailbox, 2),
    ("SharedMailbox", R::SharedMailbox, 4),
    ("LegacyMailbox", R::LegacyMailbox, 8),
    ("RoomMailbox", R::RoomMailbox, 16),
    ("EquipmentMailbox", R::EquipmentMailbox, 32),
    ("MailContact", R::MailContact, 64),
    ("MailUser", R::MailUser, 128),
    (
        "MailUniversalDistributionGroup",
        R::MailUniversalDistributionGroup,
        256,
    ),
    (
        "MailUniversalSecurityGroup",
        R::MailUniversalSecurityGroup,
        1024,
    ),
    ("User", R::User, 65_536),
    ("DisabledUser", R::DisabledUser, 2_097_152),
    ("ArbitrationMailbox", R::ArbitrationMailbox, 8_388_608),
    ("DiscoveryMailbox", R::DiscoveryMailbox, 536_870_912),
    ("RemoteUserMailbox", R::RemoteUserMailbox, 2_147_483_648),
    ("RemoteRoomMailbox", R::RemoteRoomMailbox, 8_589_934_592),
    (
        "RemoteEquipmentMailbox",
        R::RemoteEquipmentMailbox,
        17_179_869_184,
    ),
    (
        "RemoteSharedMailbox",
        R::RemoteSharedMailbox,
        34_359_738_368,
    ),
    (
        "PublicFolderMailbox",
        R::PublicFolderMailbox,
        68_719_476_736,
    ),
    ("TeamMailbox", R::TeamMailbox, 137_438_953_472),
    ("GroupMailbox", R::GroupMailbox, 1_099_511_627_776),
    ("AuditLogMailbox", R::AuditLogMailbox, 4_398_046_511_104),
    (
        "SchedulingMailbox",
        R::SchedulingMailbox,
        17_592_186_044_416,
    ),
    ("GuestMailUser", R::GuestMailUser, 35_184_372_088_832),
    (
        "AuxAuditLogMailbox",
        R::AuxAuditLogMailbox,
        70_368_744_177_664,
    ),
];

/// Other documented values, mapped to `Other(name)` (names from the
/// Exchange `RecipientTypeDetails` enum).
const OTHER_KNOWN: [(&str, u64); 21] = [
    ("MailNonUniversalGroup", 512),
    ("DynamicDistributionGroup", 2048),
    ("PublicFolder", 4096),
    ("SystemAttendantMailbox", 8192),
    ("SystemMailbox", 16_384),
    ("MailForestContact", 32_768),
    ("Contact", 131_072),
    ("UniversalDistributionGroup", 262_144),
    ("UniversalSecurityGroup", 524_288),
    ("NonUniversalGroup", 1_048_576),
    ("MicrosoftExchange", 4_194_304),
    ("MailboxPlan", 16_777_216),
    ("LinkedUser", 33_554_432),
    ("RoomList", 268_435_456),
    ("RoleGroup", 1_073_741_824),
    ("Computer", 4_294_967_296),
    ("RemoteTeamMailbox", 274_877_906_944),
    ("MonitoringMailbox", 549_755_813_888),
    ("LinkedRoomMailbox", 2_199_023_255_552),
    ("RemoteGroupMailbox", 8_796_093_022_208),
    ("SupervisoryReviewPolicyMailbox", 140_737_488_355_328),
];

fn is_identifier(t: &str) -> bool {
    t.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_integer(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

impl RecipientTypeDetails {
    /// Parses a name, case-insensitively (`"UserMailbox"`, `"None"`).
    /// Unknown identifiers become `Other`.
    pub fn parse_str(text: &str) -> Result<RecipientTypeDetails, ValueError> {
        let t = text.trim();
        if !is_identifier(t) {
            return Err(ValueError::new(
                "a recipient type name such as \"UserMailbox\"",
                text,
            ));
        }
        Ok(KNOWN
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(t))
            .map_or_else(|| R::Other(Box::new(t.into())), |(_, kind, _)| kind.clone()))
    }

    /// Maps an AD `msExchRecipientTypeDetails` value. Unknown values give
    /// `Other` holding the decimal text.
    pub fn from_i64(value: i64) -> RecipientTypeDetails {
        let Ok(v) = u64::try_from(value) else {
            return R::Other(Box::new(value.to_string()));
        };
        if let Some((_, kind, _)) = KNOWN.iter().find(|(_, _, n)| *n == v) {
            return kind.clone();
        }
        match OTHER_KNOWN.iter().find(|(_, n)| *n == v) {
            Some((name, _)) => R::Other(Box::new((*name).into())),
            None => R::Other(Box::new(v.to_string())),
        }
    }

    /// Accepts either a name or an integer text (`"2147483648"`).
    pub fn parse(text: &str) -> Result<RecipientTypeDetails, ValueError> {
        let t = text.trim();
        if is_integer(t) {
            return t
                .parse::<i64>()
                .map(Self::from_i64)
                .map_err(|_| ValueError::new("a recipient type value within 64 bits", text));
        }
        Self::parse_str(t)
    }

    /// The AD integer value, for known variants.
    pub fn ad_value(&self) -> Option<u64> {
        KNOWN
            .iter()
            .find(|(_, kind, _)| kind == self)
            .map(|&(_, _, v)| v)
    }

    /// The name as Exchange writes it.
    pub fn name(&self) -> &str {
        match self {
            R::Other(text) => text,
            known => KNOWN
                .iter()
                .find(|(_, kind, _)| kind == known)
                .map_or("", |(name, _, _)| name),
        }
    }

    /// A mailbox hosted in this organisation (user, shared, room, equipment,
    /// linked, legacy, team, group, discovery, arbitration, public folder,
    /// scheduling, audit log).
    pub fn is_mailbox(&self) -> bool {
        matches!(
            self,
            R::UserMailbox
                | R::LinkedMailbox
                | R::SharedMailbox
                | R::LegacyMailbox
                | R::RoomMailbox
                | R::EquipmentMailbox
                | R::TeamMailbox
                | R::GroupMailbox
                | R::DiscoveryMailbox
                | R::ArbitrationMailbox
                | R::PublicFolderMailbox
                | R::SchedulingMailbox
                | R::AuditLogMailbox
                | R::AuxAuditLogMailbox
        )
    }

    /// The kinds a migration batch moves: user, shared, room, equipment, linked.
    pub fn is_movable_user_mailbox(&self) -> bool {
        matches!(
            self,
            R::UserMailbox
                | R::SharedMailbox
                | R::RoomMailbox
                | R::EquipmentMailbox
                | R::LinkedMailbox
        )
    }

    /// `MailUser` or `GuestMailUser`.
    pub fn is_mail_user(&self) -> bool {
        matches!(self, R::MailUser | R::GuestMailUser)
    }

    /// An on-premises object whose mailbox lives in Exchange Online.
    pub fn is_remote_mailbox(&self) -> bool {
        matches!(
            self,
            R::RemoteUserMailbox
                | R::RemoteRoomMailbox
                | R::RemoteEquipmentMailbox
                | R::RemoteSharedMailbox
        )
    }
}

impl fmt::Display for RecipientTypeDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `RemoteRecipientType` / `msExchRemoteRecipientType` flags.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct RemoteRecipientType(u32);

impl RemoteRecipientType {
    pub const NONE: u32 = 0;
    pub const PROVISION_MAILBOX: u32 = 1;
    pub const PROVISION_ARCHIVE: u32 = 2;
    pub const MIGRATED: u32 = 4;
    pub const DEPROVISION_MAILBOX: u32 = 8;
    pub const DEPROVISION_ARCHIVE: u32 = 16;
    pub const ROOM_MAILBOX: u32 = 32;
    pub const EQUIPMENT_MAILBOX: u32 = 64;
    /// Note: `SharedMailbox` is 96 = room | equipment bits.
    pub const SHARED_MAILBOX: u32 = 96;

    /// Names in descending value order (used for display, .NET style).
    const NAMES: [(&'static str, u32); 8] = [
        ("SharedMailbox", Self::SHARED_MAILBOX),
        ("EquipmentMailbox", Self::EQUIPMENT_MAILBOX),
        ("RoomMailbox", Self::ROOM_MAILBOX),
        ("DeprovisionArchive", Self::DEPROVISION_ARCHIVE),
        ("DeprovisionMailbox", Self::DEPROVISION_MAILBOX),
        ("Migrated", Self::MIGRATED),
        ("ProvisionArchive", Self::PROVISION_ARCHIVE),
        ("ProvisionMailbox", Self::PROVISION_MAILBOX),
    ];

    /// Builds from raw bits.
    pub fn from_bits(bits: u32) -> Self {
        RemoteRecipientType(bits)
    }

    /// Parses `"ProvisionMailbox, ProvisionArchive"`, `"None"` or `"3"`.
    pub fn parse(text: &str) -> Result<RemoteRecipientType, ValueError> {
        let t = text.trim();
        let err = || {
            ValueError::new(
                "RemoteRecipientType flags such as \"ProvisionMailbox, Migrated\"",
                text,
            )
        };
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse::<u32>().map(RemoteRecipientType).map_err(|_| err());
        }
        let mut bits = 0u32;
        for part in t.split(',') {
            let part = part.trim();
            if part.eq_ignore_ascii_case("None") {
                continue;
            }
            let (_, value) = Self::NAMES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(part))
                .ok_or_else(err)?;
            bits |= value;
        }
        Ok(RemoteRecipientType(bits))
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    fn has(self, flag: u32) -> bool {
        self.0 & flag == flag
    }

    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    pub fn contains_provision_mailbox(self) -> bool {
        self.has(Self::PROVISION_MAILBOX)
    }

    pub fn contains_provision_archive(self) -> bool {
        self.has(Self::PROVISION_ARCHIVE)
    }

    pub fn contains_migrated(self) -> bool {
        self.has(Self::MIGRATED)
    }

    pub fn contains_deprovision_mailbox(self) -> bool {
        self.has(Self::DEPROVISION_MAILBOX)
    }

    pub fn contains_deprovision_archive(self) -> bool {
        self.has(Self::DEPROVISION_ARCHIVE)
    }

    /// Both room and equipment bits set (value 96).
    pub fn is_shared_mailbox(self) -> bool {
        self.has(Self::SHARED_MAILBOX)
    }

    pub fn is_room_mailbox(self) -> bool {
        self.0 & Self::SHARED_MAILBOX == Self::ROOM_MAILBOX
    }

    pub fn is_equipment_mailbox(self) -> bool {
        self.0 & Self::SHARED_MAILBOX == Self::EQUIPMENT_MAILBOX
    }
}

impl fmt::Display for RemoteRecipientType {
    /// .NET flags style: `None`, `Migrated, SharedMailbox`; unknown bits as a number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("None");
        }
        let mut rest = self.0;
        let mut names = Vec::new();
        for (name, value) in Self::NAMES {
            if rest & value == value {
                names.push(name);
                rest &= !value;
            }
        }
        if rest != 0 {
            return write!(f, "{}", self.0);
        }
        names.reverse();
        f.write_str(&names.join(", "))
    }
}

/// `ArchiveStatus` (known to be unreliable; see export-shapes §7).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ArchiveStatus {
    None,
    Active,
    HostedProvisioned,
    HostedPending,
    /// Any other status, as written (behind a thin pointer: 16 bytes for the type).
    Other(Box<String>),
}

impl ArchiveStatus {
    /// Case-insensitive names; `0`/`1` integer forms.
    pub fn parse(text: &str) -> Result<ArchiveStatus, ValueError> {
        let t = text.trim();
        let known = [
            ("None", ArchiveStatus::None),
            ("0", ArchiveStatus::None),
            ("Active", ArchiveStatus::Active),
            ("1", ArchiveStatus::Active),
            ("HostedProvisioned", ArchiveStatus::HostedProvisioned),
            ("HostedPending", ArchiveStatus::HostedPending),
        ];
        if let Some((_, status)) = known
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t))
        {
            return Ok(status);
        }
        if is_identifier(t) {
            Ok(ArchiveStatus::Other(Box::new(t.into())))
        } else {
            Err(ValueError::new(
                "an archive status such as \"Active\" or \"None\"",
                text,
            ))
        }
    }
}

impl fmt::Display for ArchiveStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArchiveStatus::None => "None",
            ArchiveStatus::Active => "Active",
            ArchiveStatus::HostedProvisioned => "HostedProvisioned",
            ArchiveStatus::HostedPending => "HostedPending",
            ArchiveStatus::Other(text) => text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_case_insensitive() {
        assert_eq!(R::parse_str("UserMailbox"), Ok(R::UserMailbox));
        assert_eq!(R::parse_str("usermailbox"), Ok(R::UserMailbox));
        assert_eq!(R::parse_str(" RoomMailbox "), Ok(R::RoomMailbox));
        assert_eq!(R::parse_str("None"), Ok(R::None));
        assert_eq!(R::parse_str("GUESTMAILUSER"), Ok(R::GuestMailUser));
        assert_eq!(
            R::parse_str("RoomList"),
            Ok(R::Other(Box::new("RoomList".into())))
        );
        for (name, kind, _) in KNOWN.iter() {
            assert_eq!(R::parse(name).as_ref(), Ok(kind));
            assert_eq!(kind.to_string(), *name);
        }
    }

    #[test]
    fn integers_including_above_2_pow_31() {
        assert_eq!(R::from_i64(1), R::UserMailbox);
        assert_eq!(R::from_i64(2_147_483_648), R::RemoteUserMailbox);
        assert_eq!(R::parse("2147483648"), Ok(R::RemoteUserMailbox));
        assert_eq!(R::parse("34359738368"), Ok(R::RemoteSharedMailbox));
        assert_eq!(R::parse("1099511627776"), Ok(R::GroupMailbox));
        assert_eq!(R::parse("35184372088832"), Ok(R::GuestMailUser));
        assert_eq!(R::parse("70368744177664"), Ok(R::AuxAuditLogMailbox));
        assert_eq!(R::parse("536870912"), Ok(R::DiscoveryMailbox));
        assert_eq!(R::parse("0"), Ok(R::None));
        assert_eq!(
            R::parse("268435456"),
            Ok(R::Other(Box::new("RoomList".into())))
        );
        assert_eq!(R::parse("3"), Ok(R::Other(Box::new("3".into()))));
        assert_eq!(R::parse("-1"), Ok(R::Other(Box::new("-1".into()))));
        assert_eq!(
            R::from_i64(i64::MIN),
            R::Other(Box::new(i64::MIN.to_string()))
        );
        for (_, kind, value) in KNOWN.iter() {
            assert_eq!(kind.ad_value(), Some(*value));
            assert_eq!(&R::from_i64(i64::try_from(*value).unwrap()), kind);
        }
    }

    #[test]
    fn invalid() {
        for bad in [
            "",
            "  ",
            "User Mailbox",
            "System.Object[]",
            "99999999999999999999",
            "-",
            "é",
            "\u{0}",
        ] {
            assert!(R::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn predicates() {
        assert!(R::UserMailbox.is_mailbox());
        assert!(R::DiscoveryMailbox.is_mailbox());
        assert!(!R::RemoteUserMailbox.is_mailbox());
        assert!(!R::MailUser.is_mailbox());
        for kind in [
            R::UserMailbox,
            R::SharedMailbox,
            R::RoomMailbox,
            R::EquipmentMailbox,
            R::LinkedMailbox,
        ] {
            assert!(kind.is_movable_user_mailbox());
        }
        assert!(!R::GroupMailbox.is_movable_user_mailbox());
        assert!(!R::DiscoveryMailbox.is_movable_user_mailbox());
        assert!(R::MailUser.is_mail_user());
        assert!(R::GuestMailUser.is_mail_user());
        assert!(!R::MailContact.is_mail_user());
        assert!(R::RemoteSharedMailbox.is_remote_mailbox());
        assert!(!R::SharedMailbox.is_remote_mailbox());
    }

    #[test]
    fn remote_recipient_type() {
        let cases: [(&str, u32); 14] = [
            ("None", 0),
            ("ProvisionMailbox", 1),
            ("ProvisionArchive", 2),
            ("ProvisionMailbox, ProvisionArchive", 3),
            ("Migrated", 4),
            ("ProvisionArchive, Migrated", 6),
            ("DeprovisionMailbox", 8),
            ("DeprovisionArchive", 16),
            ("Migrated, DeprovisionArchive", 20),
            ("RoomMailbox", 32),
            ("EquipmentMailbox", 64),
            ("SharedMailbox", 96),
            ("Migrated, SharedMailbox", 100),
            ("ProvisionArchive, Migrated, SharedMailbox", 102),
        ];
        for (text, bits) in cases {
            let parsed = RemoteRecipientType::parse(text).unwrap();
            assert_eq!(parsed.bits(), bits, "{text}");
            assert_eq!(parsed.to_string(), text);
            assert_eq!(RemoteRecipientType::parse(&bits.to_string()), Ok(parsed));
        }
        let x = RemoteRecipientType::parse("migrated,sharedmailbox").unwrap();
        assert!(x.contains_migrated());
        assert!(x.is_shared_mailbox());
        assert!(!x.is_room_mailbox());
        assert!(!x.contains_provision_mailbox());
        assert!(
            RemoteRecipientType::parse("RoomMailbox")
                .unwrap()
                .is_room_mailbox()
        );
        assert!(
            RemoteRecipientType::parse("64")
                .unwrap()
                .is_equipment_mailbox()
        );
        assert!(RemoteRecipientType::parse("None").unwrap().is_none());
        assert_eq!(RemoteRecipientType::from_bits(1024).to_string(), "1024");
        for bad in [
            "",
            "Bogus",
            "Migrated, Bogus",
            "-1",
            "99999999999",
            "3.5",
            "Migrated,,",
            "\u{0}",
        ] {
            assert!(RemoteRecipientType::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn archive_status() {
        assert_eq!(ArchiveStatus::parse("None"), Ok(ArchiveStatus::None));
        assert_eq!(ArchiveStatus::parse("active"), Ok(ArchiveStatus::Active));
        assert_eq!(ArchiveStatus::parse("1"), Ok(ArchiveStatus::Active));
        assert_eq!(
            ArchiveStatus::parse("HostedProvisioned"),
            Ok(ArchiveStatus::HostedProvisioned)
        );
        assert_eq!(
            ArchiveStatus::parse("hostedpending"),
            Ok(ArchiveStatus::HostedPending)
        );
        assert_eq!(
            ArchiveStatus::parse("Local"),
            Ok(ArchiveStatus::Other(Box::new("Local".into())))
        );
        assert_eq!(ArchiveStatus::Active.to_string(), "Active");
        for bad in ["", " ", "Hosted Pending", "7", "\u{0}"] {
            assert!(ArchiveStatus::parse(bad).is_err(), "{bad:?}");
        }
    }
}
