//! Timestamps in every shape PowerShell exports produce.
//!
//! * Windows PowerShell 5.1 `ConvertTo-Json`: `\/Date(1574202819000)\/`
//!   (milliseconds since the Unix epoch, UTC; an optional `+hhmm` suffix is
//!   informational and does not shift the instant).
//! * PowerShell 7 / EXO REST: ISO 8601 with 0–7 fractional digits and `Z`,
//!   an offset, or no offset (taken as UTC).
//! * `Export-Csv`: the exporting session's culture, e.g. `10/5/2025 2:45:13 PM`
//!   (en-US), `05.10.2025 14:45:13` (de-DE), `05/10/2025 14:45:13` (en-GB).
//!   These carry no time zone and are taken as UTC (best effort).

use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

use super::error::ValueError;

const EXPECTED: &str = "a date/time (ISO 8601, /Date(ms)/ or a culture date)";
const AMBIGUOUS_HINT: &str = "the date is ambiguous (day and month both <= 12 and no AM/PM); \
re-export dates with Get-Date -Format o, or export JSON from PowerShell 7";

/// An instant in time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Timestamp(pub jiff::Timestamp);

impl Timestamp {
    /// Builds a timestamp from milliseconds since the Unix epoch.
    pub fn from_unix_ms(ms: i64) -> Result<Timestamp, ValueError> {
        jiff::Timestamp::from_millisecond(ms)
            .map(Timestamp)
            .map_err(|_| {
                ValueError::new(
                    "milliseconds within the supported date range",
                    &ms.to_string(),
                )
            })
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_ms(self) -> i64 {
        self.0.as_millisecond()
    }

    /// Parses any accepted date shape (see the module documentation).
    pub fn parse(text: &str) -> Result<Timestamp, ValueError> {
        let t = text.trim();
        let err = || ValueError::new(EXPECTED, text);
        if t.is_empty() || !t.is_ascii() {
            return Err(err());
        }
        if let Some(inner) = strip_ms_date(t) {
            return parse_ms_date(inner).ok_or_else(err);
        }
        let b = t.as_bytes();
        if b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' {
            return parse_iso(t).ok_or_else(err);
        }
        match parse_culture(t) {
            Culture::Ok(ts) => Ok(ts),
            Culture::Ambiguous => {
                Err(ValueError::new("an unambiguous date", text).with_hint(AMBIGUOUS_HINT))
            }
            Culture::Invalid => Err(err()),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A minimal byte cursor over ASCII text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_any(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| set.contains(b))?;
        self.pos += 1;
        Some(b)
    }

    fn skip_spaces(&mut self) -> usize {
        let start = self.pos;
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Reads `min..=max` decimal digits; returns (value, digit count).
    fn digits(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let mut value: u32 = 0;
        let mut count = 0;
        while count < max {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => {
                    value = value.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
                    count += 1;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        (count >= min).then_some((value, count))
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }
}

fn strip_ms_date(t: &str) -> Option<&str> {
    let inner = t
        .strip_prefix("\\/Date(")
        .or_else(|| t.strip_prefix("/Date("))?;
    inner
        .strip_suffix(")\\/")
        .or_else(|| inner.strip_suffix(")/"))
}

/// `1574202819000`, `-1000`, `1574202819000+0100`.
fn parse_ms_date(inner: &str) -> Option<Timestamp> {
    let mut c = Cursor::new(inner);
    let negative = c.eat(b'-');
    let (ms, _) = parse_u64_digits(&mut c)?;
    let ms = i64::try_from(ms).ok()?;
    let ms = if negative { ms.checked_neg()? } else { ms };
    if c.eat_any(b"+-").is_some() {
        let (hh, _) = c.digits(2, 2)?;
        let (mm, _) = c.digits(2, 2)?;
        if hh > 23 || mm > 59 {
            return None;
        }
    }
    if !c.at_end() {
        return None;
    }
    Timestamp::from_unix_ms(ms).ok()
}

fn parse_u64_digits(c: &mut Cursor<'_>) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    let mut count = 0usize;
    while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        count += 1;
        c.pos += 1;
    }
    (count > 0).then_some((value, count))
}

fn civil_date(year: u32, month: u32, day: u32) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

fn civil_time(hour: u32, minute: u32, second: u32, nanos: u32) -> Option<Time> {
    Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        i32::try_from(nanos).ok()?,
    )
    .ok()
}

fn to_timestamp(date: Date, time: Time, offset: Offset) -> Option<Timestamp> {
    offset
        .to_timestamp(DateTime::from_parts(date, time))
        .ok()
        .map(Timestamp)
}

/// `2024-04-10T08:56:22.0000000+00:00`, `2019-11-19T22:32:50Z`,
/// `2025-10-05 14:45:13`, `2025-10-05`.
fn parse_iso(t: &str) -> Option<Timestamp> {
    let mut c = Cursor::new(t);
    let (year, _) = c.digits(4, 4)?;
    c.eat(b'-').then_some(())?;
    let (month, _) = c.digits(2, 2)?;
    c.eat(b'-').then_some(())?;
    let (day, _) = c.digits(2, 2)?;
    let date = civil_date(year, month, day)?;
    if c.at_end() {
        return to_timestamp(date, Time::midnight(), Offset::UTC);
    }
    c.eat_any(b"Tt ")?;
    let (hour, _) = c.digits(2, 2)?;
    c.eat(b':').then_some(())?;
    let (minute, _) = c.digits(2, 2)?;
    let mut second = 0;
    let mut nanos = 0;
    if c.eat(b':') {
        second = c.digits(2, 2)?.0;
        if c.eat_any(b".,").is_some() {
            let (fraction, count) = c.digits(1, 9)?;
            let scale = 10u32.checked_pow(u32::try_from(9 - count).ok()?)?;
            nanos = fraction.checked_mul(scale)?;
        }
    }
    let time = civil_time(hour, minute, second, nanos)?;
    let offset = parse_offset(c.rest())?;
    to_timestamp(date, time, offset)
}

/// ``, `Z`, `+01:00`, `-0700`, `+01`.
fn parse_offset(rest: &[u8]) -> Option<Offset> {
    match rest {
        [] | [b'Z' | b'z'] => Some(Offset::UTC),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let text = std::str::from_utf8(tail).ok()?;
            let mut c = Cursor::new(text);
            let (hh, _) = c.digits(2, 2)?;
            let mut mm = 0;
            if !c.at_end() {
                c.eat(b':');
                mm = c.digits(2, 2)?.0;
            }
            if !c.at_end() || hh > 23 || mm > 59 {
                return None;
            }
            let seconds =
                i32::try_from(hh.checked_mul(3600)?.checked_add(mm.checked_mul(60)?)?).ok()?;
            let seconds = if *sign == b'-' { -seconds } else { seconds };
            Offset::from_seconds(seconds).ok()
        }
        _ => None,
    }
}

enum Culture {
    Ok(Timestamp),
    Ambiguous,
    Invalid,
}

/// Culture forms written by `Export-Csv`.
fn parse_culture(t: &str) -> Culture {
    match parse_culture_inner(t) {
        Some(result) => result,
        None => Culture::Invalid,
    }
}

fn parse_culture_inner(t: &str) -> Option<Culture> {
    let mut c = Cursor::new(t);
    let (n1, len1) = c.digits(1, 4)?;
    let sep = c.eat_any(b"/.-")?;
    let (n2, _) = c.digits(1, 2)?;
    c.eat(sep).then_some(())?;
    let (n3, len3) = c.digits(1, 4)?;
    if sep == b'.' {
        c.eat(b'.'); // hr-HR and others end the date with a dot: "5.10.2025."
    }

    // Optional time part.
    let mut time = Time::midnight();
    let mut meridiem = None;
    if c.skip_spaces() > 0 && !c.at_end() {
        let (hour, _) = c.digits(1, 2)?;
        c.eat(b':').then_some(())?;
        let (minute, _) = c.digits(2, 2)?;
        let second = if c.eat(b':') { c.digits(2, 2)?.0 } else { 0 };
        c.skip_spaces();
        let rest = c.rest();
        let hour = if rest.is_empty() {
            hour
        } else {
            let pm = if rest.eq_ignore_ascii_case(b"PM") {
                true
            } else if rest.eq_ignore_ascii_case(b"AM") {
                false
            } else {
                return None;
            };
            meridiem = Some(pm);
            if !(1..=12).contains(&hour) {
                return None;
            }
            match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            }
        };
        time = civil_time(hour, minute, second, 0)?;
    } else if !c.at_end() {
        return None;
    }

    let (year, month, day) = if len1 == 4 {
        // yyyy/MM/dd, yyyy.MM.dd (ja-JP, zh-CN, hu-HU ...)
        (n1, n2, n3)
    } else {
        if len3 != 4 {
            return None; // two-digit years are not accepted
        }
        match sep {
            b'.' | b'-' => (n3, n2, n1), // de-DE, nl-NL: day first
            _ => {
                // '/': en-US M/d/yyyy vs en-GB/fr-FR dd/MM/yyyy.
                if n1 > 12 {
                    (n3, n2, n1)
                } else if n2 > 12 || n1 == n2 || meridiem.is_some() {
                    (n3, n1, n2)
                } else {
                    return Some(Culture::Ambiguous);
                }
            }
        }
    };
    let date = civil_date(year, month, day)?;
    to_timestamp(date, time, Offset::UTC).map(Culture::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> String {
        Timestamp::parse(text).unwrap().to_string()
    }

    #[test]
    fn ms_dates() {
        assert_eq!(ts("/Date(1574202819000)/"), "2019-11-19T22:33:39Z");
        assert_eq!(ts("\\/Date(1574202819000)\\/"), "2019-11-19T22:33:39Z");
        assert_eq!(ts("/Date(1574202819000+0100)/"), "2019-11-19T22:33:39Z");
        assert_eq!(ts("/Date(1574202819000-0700)/"), "2019-11-19T22:33:39Z");
        assert_eq!(ts("/Date(-1000)/"), "1969-12-31T23:59:59Z");
        assert_eq!(ts("/Date(0)/"), "1970-01-01T00:00:00Z");
        assert_eq!(ts("\\/Date(1667178096000)\\/"), "2022-10-31T01:01:36Z");
        assert_eq!(ts("  /Date(1708000000000)/ "), "2024-02-15T12:26:40Z");
        assert_eq!(
            Timestamp::parse("/Date(1574202819123)/").unwrap().unix_ms(),
            1_574_202_819_123
        );
    }

    #[test]
    fn ms_dates_invalid() {
        for bad in [
            "/Date()/",
            "/Date(abc)/",
            "/Date(1574202819000",
            "/Date(1574202819000)",
            "/Date(1574202819000+01)/",
            "/Date(1574202819000+2500)/",
            "/Date(--1)/",
            "/Date(99999999999999999999999)/",
            "/Date(9223372036854775807)/",
            "/Date(-9223372036854775808)/",
            "\\/Date(1)/x",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            ts("2024-04-10T08:56:22.0000000+00:00"),
            "2024-04-10T08:56:22Z"
        );
        assert_eq!(ts("2024-04-10T08:56:22.0000000Z"), "2024-04-10T08:56:22Z");
        assert_eq!(ts("2019-11-19T22:32:50Z"), "2019-11-19T22:32:50Z");
        assert_eq!(
            ts("2021-08-05T16:13:05.6394416-07:00"),
            "2021-08-05T23:13:05.6394416Z"
        );
        assert_eq!(ts("2022-10-30T18:01:36-07:00"), "2022-10-31T01:01:36Z");
        assert_eq!(ts("2026-08-20T08:15:00"), "2026-08-20T08:15:00Z");
        assert_eq!(ts("2026-08-20T08:15"), "2026-08-20T08:15:00Z");
        assert_eq!(ts("2026-08-20T08:15:00.5"), "2026-08-20T08:15:00.5Z");
        assert_eq!(ts("2026-08-20T08:15:00+0130"), "2026-08-20T06:45:00Z");
        assert_eq!(ts("2026-08-20T08:15:00+01"), "2026-08-20T07:15:00Z");
        assert_eq!(ts("2025-10-05 14:45:13"), "2025-10-05T14:45:13Z");
        assert_eq!(ts("2025-10-05"), "2025-10-05T00:00:00Z");
    }

    #[test]
    fn iso_invalid() {
        for bad in [
            "2024-13-10T08:56:22Z",
            "2024-02-30T08:56:22Z",
            "2024-04-10T24:56:22Z",
            "2024-04-10T08:60:22Z",
            "2024-04-10T08:56:22.Z",
            "2024-04-10T08:56:22.0000000000Z",
            "2024-04-10T08:56:22+25:00",
            "2024-04-10T08:56:22 UTC",
            "2024-04-10T",
            "2024-04-1",
            "2024-4-10",
            "2024-04-10X08:56:22",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn culture_forms() {
        assert_eq!(ts("10/5/2025 2:45:13 PM"), "2025-10-05T14:45:13Z");
        assert_eq!(ts("10/5/2025 2:45:13 am"), "2025-10-05T02:45:13Z");
        assert_eq!(ts("10/5/2025 12:00:00 AM"), "2025-10-05T00:00:00Z");
        assert_eq!(ts("10/5/2025 12:30:00 PM"), "2025-10-05T12:30:00Z");
        assert_eq!(ts("10/5/2010 2:45:13 PM"), "2010-10-05T14:45:13Z");
        assert_eq!(ts("05.10.2025 14:45:13"), "2025-10-05T14:45:13Z");
        assert_eq!(ts("5.10.2025 14:45"), "2025-10-05T14:45:00Z");
        assert_eq!(ts("05-10-2025 14:45:13"), "2025-10-05T14:45:13Z");
        assert_eq!(ts("25/10/2025 14:45:13"), "2025-10-25T14:45:13Z");
        assert_eq!(ts("10/25/2025 14:45:13"), "2025-10-25T14:45:13Z");
        assert_eq!(ts("05/05/2025 14:45:13"), "2025-05-05T14:45:13Z");
        assert_eq!(ts("2025/10/05 14:45:13"), "2025-10-05T14:45:13Z");
        // en-AU style: day first with AM/PM, detected because 25 > 12.
        assert_eq!(ts("25/10/2025 2:45:13 PM"), "2025-10-25T14:45:13Z");
    }

    #[test]
    fn culture_date_only() {
        assert_eq!(ts("05.10.2025."), "2025-10-05T00:00:00Z");
        assert_eq!(ts("05.10.2025"), "2025-10-05T00:00:00Z");
        assert_eq!(ts("25/10/2025"), "2025-10-25T00:00:00Z");
        assert_eq!(ts("10/25/2025"), "2025-10-25T00:00:00Z");
    }

    #[test]
    fn ambiguous_slash_date() {
        for text in ["05/10/2025 14:45:13", "05/10/2025", "1/2/2025 08:00"] {
            let e = Timestamp::parse(text).unwrap_err();
            assert!(e.hint.is_some_and(|h| h.contains("ambiguous")), "{text}");
            assert!(e.hint.is_some_and(|h| h.contains("Get-Date -Format o")));
        }
    }

    #[test]
    fn culture_invalid() {
        for bad in [
            "13/13/2025 14:45:13",
            "10/5/25 2:45 PM",
            "10/5/2025 13:45:13 PM",
            "10/5/2025 0:45:13 AM",
            "10/5/2025 2:45:13 XM",
            "10/5/2025 2:45:13 PM extra",
            "31.02.2025",
            "10/5-2025",
            "10/5/2025 2",
            "Tuesday, October 05, 2010 2:45:13 PM",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hostile_input() {
        for bad in [
            "",
            "   ",
            "\u{0}",
            "é",
            "2025-10-05T14:45:13\u{2212}07:00",
            "null",
            "-",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
        }
        let long = "9".repeat(100_000);
        assert!(Timestamp::parse(&long).is_err());
        let long_iso = format!("2025-10-05T14:45:13.{}Z", "1".repeat(10_000));
        assert!(Timestamp::parse(&long_iso).is_err());
    }

    #[test]
    fn from_unix_ms_and_order() {
        let a = Timestamp::from_unix_ms(0).unwrap();
        let b = Timestamp::from_unix_ms(1).unwrap();
        assert!(a < b);
        assert!(Timestamp::from_unix_ms(i64::MAX).is_err());
        assert!(Timestamp::from_unix_ms(i64::MIN).is_err());
        assert_eq!(
            Timestamp::parse("2019-11-19T22:33:39Z"),
            Timestamp::parse("/Date(1574202819000)/")
        );
    }
}
