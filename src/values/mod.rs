//! Typed values parsed once from export text (filled in by the values module work).
//!
//! Every parser takes the raw cell / JSON string text and returns
//! `Result<T, ValueError>`; none of them panics on any input.

pub mod boolean;
pub mod date;
pub mod dn;
pub mod error;
pub mod guid;
pub mod hold;
pub mod location;
pub mod placeholder;
pub mod proxy;
pub mod recipient_type;
pub mod size;
pub mod strings;

pub use boolean::parse_bool;
pub use date::Timestamp;
pub use dn::{DistinguishedName, LegacyDn, SharedPart, SplitText, split_dn, split_legacy_dn};
pub use error::ValueError;
pub use guid::Guid;
pub use hold::{HoldKind, InPlaceHold};
pub use location::{LocationType, MailboxLocation, split_locations};
pub use placeholder::depth_placeholder;
pub use proxy::{
    Caseless, ProxyAddress, ProxyList, ProxyPrefix, ProxyRef, SmtpAddress, split_proxy_list,
};
pub use recipient_type::{ArchiveStatus, RecipientTypeDetails, RemoteRecipientType};
pub use size::{ByteSize, PackedQuota, Quota};
pub use strings::split_multi;
