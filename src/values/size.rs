//! Byte sizes and quotas (`ByteQuantifiedSize` / `Unlimited<ByteQuantifiedSize>`).
//!
//! Exchange writes sizes as `49.5 GB (53,150,220,288 bytes)`; the exact byte
//! count in parentheses is authoritative. The thousands separator follows the
//! exporting session's culture (`,` `.` `'` space, U+00A0, U+202F).

use std::fmt;

use super::error::ValueError;

const EXPECTED: &str = "a size such as \"49.5 GB (53,150,220,288 bytes)\"";
const SEPARATORS: [char; 6] = [',', '.', '\'', ' ', '\u{a0}', '\u{202f}'];
const UNITS: [(&str, u32); 8] = [
    ("B", 0),
    ("BYTE", 0),
    ("BYTES", 0),
    ("KB", 1),
    ("MB", 2),
    ("GB", 3),
    ("TB", 4),
    ("PB", 5),
];
/// Fraction digits beyond this are ignored (they cannot change a byte count).
const MAX_FRACTION_DIGITS: usize = 20;

/// A size in bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct ByteSize(pub u64);

/// A quota: `Unlimited` or a byte limit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Quota {
    Unlimited,
    Limited(ByteSize),
}

/// A [`Quota`] in eight bytes, `Option<PackedQuota>` too (a [`Quota`] takes sixteen, and a
/// snapshot keeps three per recipient): 0 is "absent", 1 unlimited, and `n + 2` a limit of
/// `n` bytes. Limits within two bytes of 2⁶⁴ (sixteen exabytes; no mailbox quota) read as
/// the largest one kept.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct PackedQuota(std::num::NonZeroU64);

impl PackedQuota {
    pub fn new(quota: Quota) -> PackedQuota {
        let n = match quota {
            Quota::Unlimited => 1,
            Quota::Limited(ByteSize(b)) => b.saturating_add(2),
        };
        PackedQuota(std::num::NonZeroU64::new(n).unwrap_or(std::num::NonZeroU64::MIN))
    }

    pub fn get(self) -> Quota {
        match self.0.get() {
            1 => Quota::Unlimited,
            n => Quota::Limited(ByteSize(n - 2)),
        }
    }
}

impl ByteSize {
    /// Parses any accepted size shape. When only a rounded figure such as
    /// `1.5 GB` is present, the result is approximate (see
    /// [`ByteSize::parse_with_exactness`]).
    pub fn parse(text: &str) -> Result<ByteSize, ValueError> {
        Self::parse_with_exactness(text).map(|(size, _)| size)
    }

    /// Like [`ByteSize::parse`], also telling whether the byte count is exact
    /// (`true`: a byte count was written; `false`: computed from `N.N unit`).
    pub fn parse_with_exactness(text: &str) -> Result<(ByteSize, bool), ValueError> {
        let t = text.trim();
        let err = || ValueError::new(EXPECTED, text);
        if t.eq_ignore_ascii_case("unlimited") {
            return Err(err().with_hint("\"Unlimited\" is only valid for a quota, not for a size"));
        }
        if let Some(open) = t.find('(') {
            let after = &t[open + 1..];
            let close = after.find(')').ok_or_else(err)?;
            if !after[close + 1..].trim().is_empty() || t[..open].trim().is_empty() {
                return Err(err());
            }
            let bytes = parse_byte_count(&after[..close]).ok_or_else(err)?;
            return Ok((ByteSize(bytes), true));
        }
        parse_unit_figure(t).ok_or_else(err)
    }

    /// The number of bytes.
    pub fn bytes(self) -> u64 {
        self.0
    }
}

/// Parses the inside of the parentheses: `53,150,220,288 bytes` (the word may
/// be localized, e.g. `Bytes`, `octets`).
fn parse_byte_count(inner: &str) -> Option<u64> {
    let inner = inner.trim();
    let number_end = inner
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || SEPARATORS.contains(&c)))
        .map_or(inner.len(), |(i, _)| i);
    let (number, word) = inner.split_at(number_end);
    let word = word.trim();
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    parse_grouped_integer(number.trim())
}

/// Parses `53,150,220,288`, `53.150.220.288`, `1'263'616`, `1 234` or plain
/// digits. Grouping must be consistent: one separator kind, groups of three.
pub(crate) fn parse_grouped_integer(number: &str) -> Option<u64> {
    let separator = number.chars().find(|c| SEPARATORS.contains(c));
    let digits: String = match separator {
        None => number.to_owned(),
        Some(sep) => {
            let mut groups = number.split(sep);
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 {
                return None;
            }
            let mut all = first.to_owned();
            for group in groups {
                if group.len() != 3 {
                    return None;
                }
                all.push_str(group);
            }
            all
        }
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()
}

/// Parses `6672B`, `123456`, `1.5 GB`, `1,5 GB`, `0 B` (1024 multiples).
fn parse_unit_figure(t: &str) -> Option<(ByteSize, bool)> {
    let number_end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(number_end);
    let unit = unit.trim();
    if unit.is_empty() {
        // Bare integer: plain digits only.
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return number.parse::<u64>().ok().map(|n| (ByteSize(n), true));
    }
    let exponent = UNITS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(unit))
        .map(|&(_, e)| e)?;
    let multiplier = 1024u128.checked_pow(exponent)?;
    let (int_part, frac_part) = match number.find(['.', ',']) {
        Some(i) => (&number[..i], &number[i + 1..]),
        None => (number, ""),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if number.contains(['.', ',']) && frac_part.is_empty() {
        return None;
    }
    let int_value: u128 = int_part.parse().ok()?;
    let mut total = int_value.checked_mul(multiplier)?;
    let frac_digits = frac_part.get(..MAX_FRACTION_DIGITS).unwrap_or(frac_part);
    if !frac_digits.is_empty() {
        let frac_value: u128 = frac_digits.parse().ok()?;
        let scale = 10u128.checked_pow(u32::try_from(frac_digits.len()).ok()?)?;
        let frac_bytes = frac_value.checked_mul(multiplier)? / scale;
        total = total.checked_add(frac_bytes)?;
    }
    let exact = exponent == 0;
    Some((ByteSize(u64::try_from(total).ok()?), exact))
}

/// Formats with en-US thousands separators: `53,150,220,288`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for ByteSize {
    /// Exchange style: `49.5 GB (53,150,220,288 bytes)`, at most three decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; 6] = ["B", "KB", "MB", "GB", "TB", "PB"];
        let bytes = u128::from(self.0);
        let mut index = 0usize;
        while index + 1 < NAMES.len() && bytes >= 1u128 << (10 * (index + 1)) {
            index += 1;
        }
        let unit = 1u128 << (10 * index);
        // Value in thousandths of the unit, rounded half up.
        let milli = (bytes * 1000 + unit / 2) / unit;
        let whole = milli / 1000;
        let frac = milli % 1000;
        let mut figure = whole.to_string();
        if frac != 0 {
            let frac_text = format!("{frac:03}");
            figure.push('.');
            figure.push_str(frac_text.trim_end_matches('0'));
        }
        write!(
            f,
            "{figure} {} ({} bytes)",
            NAMES.get(index).copied().unwrap_or("B"),
            group_thousands(self.0)
        )
    }
}

impl Quota {
    /// Parses `Unlimited` (any case) or any [`ByteSize`] shape.
    pub fn parse(text: &str) -> Result<Quota, ValueError> {
        if text.trim().eq_ignore_ascii_case("unlimited") {
            return Ok(Quota::Unlimited);
        }
        ByteSize::parse(text)
            .map(Quota::Limited)
            .map_err(|e| ValueError {
                expected: "\"Unlimited\" or a size such as \"99 GB (106,300,440,576 bytes)\"",
                ..e
            })
    }

    /// True for `Unlimited`.
    pub fn is_unlimited(&self) -> bool {
        matches!(self, Quota::Unlimited)
    }

    /// The limit, if any.
    pub fn limit(&self) -> Option<ByteSize> {
        match self {
            Quota::Unlimited => None,
            Quota::Limited(size) => Some(*size),
        }
    }
}

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quota::Unlimited => f.write_str("Unlimited"),
            Quota::Limited(size) => fmt::Display::fmt(size, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_quotas_read_back() {
        for q in [
            Quota::Unlimited,
            Quota::Limited(ByteSize(0)),
            Quota::Limited(ByteSize(1)),
            Quota::Limited(ByteSize(107_374_182_400)),
            Quota::Limited(ByteSize(u64::MAX - 2)),
        ] {
            assert_eq!(PackedQuota::new(q).get(), q);
        }
        // Beyond 16 EB a limit reads as the largest kept; never as unlimited or absent.
        assert_eq!(
            PackedQuota::new(Quota::Limited(ByteSize(u64::MAX))).get(),
            Quota::Limited(ByteSize(u64::MAX - 2))
        );
        assert_eq!(std::mem::size_of::<Option<PackedQuota>>(), 8);
    }

    fn bytes(text: &str) -> u64 {
        ByteSize::parse(text).unwrap().0
    }

    #[test]
    fn exchange_shapes() {
        assert_eq!(bytes("49.5 GB (53,150,220,288 bytes)"), 53_150_220_288);
        assert_eq!(bytes("99 GB (106,300,440,576 bytes)"), 106_300_440_576);
        assert_eq!(bytes("100 GB (107,374,182,400 bytes)"), 107_374_182_400);
        assert_eq!(bytes("256 KB (262,144 bytes)"), 262_144);
        assert_eq!(bytes("35 MB (36,700,160 bytes)"), 36_700_160);
        assert_eq!(bytes("1.5 GB (1,610,612,736 bytes)"), 1_610_612_736);
        assert_eq!(bytes("120.5 MB (126,353,408 bytes)"), 126_353_408);
        assert_eq!(bytes("0 B (0 bytes)"), 0);
        assert_eq!(bytes("512 B (512 bytes)"), 512);
        assert_eq!(bytes("  30 GB (32,212,254,720 bytes)\r\n"), 32_212_254_720);
    }

    #[test]
    fn culture_variants() {
        assert_eq!(bytes("49,5 GB (53.150.220.288 Bytes)"), 53_150_220_288);
        assert_eq!(bytes("1'234 KB (1'263'616 bytes)"), 1_263_616);
        assert_eq!(bytes("49,5 GB (53 150 220 288 octets)"), 53_150_220_288);
        assert_eq!(
            bytes("49,5 GB (53\u{a0}150\u{a0}220\u{a0}288 bytes)"),
            53_150_220_288
        );
        assert_eq!(
            bytes("49,5 GB (53\u{202f}150\u{202f}220\u{202f}288 bytes)"),
            53_150_220_288
        );
        assert_eq!(bytes("6 KB (6832 bytes)"), 6832);
    }

    #[test]
    fn short_forms() {
        assert_eq!(
            ByteSize::parse_with_exactness("6672B"),
            Ok((ByteSize(6672), true))
        );
        assert_eq!(
            ByteSize::parse_with_exactness("123456"),
            Ok((ByteSize(123_456), true))
        );
        assert_eq!(
            ByteSize::parse_with_exactness("1.5 GB"),
            Ok((ByteSize(1_610_612_736), false))
        );
        assert_eq!(bytes("1,5 GB"), 1_610_612_736);
        assert_eq!(bytes("1.5GB"), 1_610_612_736);
        assert_eq!(bytes("2 kb"), 2048);
        assert_eq!(bytes("0 B"), 0);
        assert_eq!(bytes("1 TB"), 1u64 << 40);
        assert_eq!(bytes("0.333 KB"), 340);
        assert_eq!(bytes(&format!("{}", u64::MAX)), u64::MAX);
    }

    #[test]
    fn parenthesized_count_wins() {
        // Rounded figure disagrees; the byte count is authoritative.
        assert_eq!(bytes("1.5 GB (1,600,000,000 bytes)"), 1_600_000_000);
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "   ",
            "Unlimited",
            "abc",
            "-5",
            "-1 GB",
            "1.5",
            "1,234",
            "1.5 XB",
            "GB",
            "1. GB",
            ".5 GB",
            "1.5.5 GB",
            "49.5 GB (53,150,220,288 bytes",
            "49.5 GB (53,150,220,288 bytes) trailing",
            "49.5 GB ()",
            "49.5 GB (bytes)",
            "49.5 GB (53,150,220,288)",
            "49.5 GB (53,15,220,288 bytes)",
            "49.5 GB (5315,220,288 bytes)",
            "49.5 GB (53,150.220,288 bytes)",
            "(5 bytes)",
            "99999999999999999999999 B",
            "99999999999999999999 PB",
            "18446744073709551616",
            "49.5 GB (99,999,999,999,999,999,999 bytes)",
            "1\u{0} GB",
            "٣ GB",
        ] {
            assert!(ByteSize::parse(bad).is_err(), "{bad:?}");
        }
        let long = "9".repeat(100_000);
        assert!(ByteSize::parse(&long).is_err());
        let long_frac = format!("1.{} GB", "9".repeat(100_000));
        assert!(ByteSize::parse(&long_frac).is_ok());
    }

    #[test]
    fn unlimited_hint() {
        let e = ByteSize::parse("Unlimited").unwrap_err();
        assert!(e.hint.is_some());
    }

    #[test]
    fn display_like_exchange() {
        assert_eq!(
            ByteSize(53_150_220_288).to_string(),
            "49.5 GB (53,150,220,288 bytes)"
        );
        assert_eq!(ByteSize(0).to_string(), "0 B (0 bytes)");
        assert_eq!(ByteSize(512).to_string(), "512 B (512 bytes)");
        assert_eq!(ByteSize(262_144).to_string(), "256 KB (262,144 bytes)");
        assert_eq!(
            ByteSize(126_353_408).to_string(),
            "120.5 MB (126,353,408 bytes)"
        );
        assert_eq!(ByteSize(1_000).to_string(), "1000 B (1,000 bytes)");
        assert_eq!(ByteSize(1_500).to_string(), "1.465 KB (1,500 bytes)");
        let max = ByteSize(u64::MAX).to_string();
        assert!(max.ends_with("(18,446,744,073,709,551,615 bytes)"), "{max}");
        // Round trip.
        for n in [0, 1, 999, 1024, 123_456_789, u64::MAX] {
            assert_eq!(ByteSize::parse(&ByteSize(n).to_string()), Ok(ByteSize(n)));
        }
    }

    #[test]
    fn quota() {
        assert_eq!(Quota::parse("Unlimited"), Ok(Quota::Unlimited));
        assert_eq!(Quota::parse(" unlimited "), Ok(Quota::Unlimited));
        assert_eq!(Quota::parse("UNLIMITED"), Ok(Quota::Unlimited));
        assert_eq!(
            Quota::parse("99 GB (106,300,440,576 bytes)"),
            Ok(Quota::Limited(ByteSize(106_300_440_576)))
        );
        assert!(Quota::parse("Unlimited").unwrap().is_unlimited());
        assert_eq!(Quota::parse("6672B").unwrap().limit(), Some(ByteSize(6672)));
        assert!(Quota::parse("").is_err());
        assert!(Quota::parse("Unlimitedx").is_err());
        assert_eq!(Quota::Unlimited.to_string(), "Unlimited");
        assert_eq!(
            Quota::Limited(ByteSize(262_144)).to_string(),
            "256 KB (262,144 bytes)"
        );
    }
}
