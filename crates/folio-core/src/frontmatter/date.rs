//! Dates as Hugo reads them from front matter.
//!
//! Hugo accepts many textual layouts (through Go's `time.Parse` with a list
//! of layouts) and TOML's native date-times; [`Date::parse`] understands the
//! ones that occur in real posts, keeping the UTC offset when there is one so
//! the original instant can be printed back unchanged.

use std::cmp::Ordering;
use std::fmt::Write as _;

/// A calendar date and time of day, with the UTC offset written in the
/// source if there was one (`None` means a "local" time: Hugo would read it
/// in the site's time zone).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31 (checked against the month's length).
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanosecond: u32,
    /// Minutes east of UTC (`+02:00` is 120).
    pub offset_minutes: Option<i32>,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The UTC instant `seconds` after the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Date {
        let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        Date {
            year,
            month,
            day,
            hour: (rest / 3600) as u8,
            minute: (rest % 3600 / 60) as u8,
            second: (rest % 60) as u8,
            nanosecond: 0,
            offset_minutes: Some(0),
        }
    }

    /// Parses every date layout Hugo accepts in front matter that real posts
    /// use: `2017-05-28`, `2017-05-28T18:34:25` (`T`, `t` or a space between
    /// date and time; seconds and a `.123` fraction optional), followed by an
    /// optional zone `Z`, `+02:00`, `+0200`, `+02`, possibly after a space
    /// (`2018-05-25 05:13:41 -1100`) and possibly followed by a zone name
    /// (`-0700 MST`, as Go prints times); and Go's day-first layouts
    /// `02 Jan 2006` and RFC 1123 `Mon, 02 Jan 2006 15:04:05 -0700`.
    /// Returns `None` for anything else, including impossible dates such as
    /// `2017-02-30`.
    pub fn parse(s: &str) -> Option<Date> {
        Self::parse_year_first(s).or_else(|| Self::parse_day_first(s))
    }

    /// `2017-05-28`, optionally followed by a time and a zone.
    fn parse_year_first(s: &str) -> Option<Date> {
        let mut cursor = Cursor::new(s.trim());
        let year = cursor.digits(4, 4)? as i32;
        cursor.expect(b'-')?;
        let month = cursor.digits(2, 2)? as u8;
        cursor.expect(b'-')?;
        let day = cursor.digits(2, 2)? as u8;
        let mut date = Date {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
            offset_minutes: None,
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if cursor.at_end() {
            return Some(date);
        }

        match cursor.next()? {
            b'T' | b't' | b' ' => {}
            _ => return None,
        }
        date.hour = cursor.digits(2, 2)? as u8;
        cursor.expect(b':')?;
        date.minute = cursor.digits(2, 2)? as u8;
        if cursor.eat(b':') {
            date.second = cursor.digits(2, 2)? as u8;
            if cursor.eat(b'.') || cursor.eat(b',') {
                let start = cursor.pos;
                let fraction = cursor.digits(1, 9)?;
                let len = cursor.pos - start;
                date.nanosecond = (fraction * 10u64.pow(9 - len as u32)) as u32;
                // Go accepts more than nine digits and drops the excess.
                while cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
                    cursor.pos += 1;
                }
            }
        }
        if date.hour > 23 || date.minute > 59 || date.second > 59 {
            return None;
        }

        cursor.skip_spaces();
        if cursor.at_end() {
            return Some(date);
        }
        date.offset_minutes = Some(numeric_offset(&mut cursor)?);

        // A trailing zone abbreviation (`MST`, `UTC`) adds nothing to a
        // numeric offset, so it is checked for shape and ignored.
        cursor.skip_spaces();
        while cursor.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            cursor.pos += 1;
        }
        cursor.at_end().then_some(date)
    }

    /// `02 Jan 2006` and RFC 1123 (`Mon, 02 Jan 2006 15:04:05 -0700` or with
    /// a zone name), layouts Go's and so Hugo's date parsing also accepts.
    fn parse_day_first(s: &str) -> Option<Date> {
        let s = s.trim();
        // The weekday adds nothing (and Go does not check it either).
        let s = match s.split_once(", ") {
            Some((weekday, rest)) if weekday.chars().all(|c| c.is_ascii_alphabetic()) => rest,
            _ => s,
        };
        let mut parts = s.split_ascii_whitespace();
        let (day_text, month_text, year_text) = (parts.next()?, parts.next()?, parts.next()?);
        let all_digits = |t: &str, lengths: std::ops::RangeInclusive<usize>| {
            lengths.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        };
        if !all_digits(day_text, 1..=2) || !all_digits(year_text, 4..=4) || month_text.len() != 3 {
            return None;
        }
        let month = MONTH_NAMES
            .iter()
            .position(|name| name[..3].eq_ignore_ascii_case(month_text))?;
        let mut date = Date {
            year: year_text.parse().ok()?,
            month: u8::try_from(month + 1).ok()?,
            day: day_text.parse().ok()?,
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
            offset_minutes: None,
        };
        if date.day == 0 || date.day > days_in_month(date.year, date.month) {
            return None;
        }
        if let Some(time) = parts.next() {
            let mut cursor = Cursor::new(time);
            date.hour = cursor.digits(2, 2)? as u8;
            cursor.expect(b':')?;
            date.minute = cursor.digits(2, 2)? as u8;
            if cursor.eat(b':') {
                date.second = cursor.digits(2, 2)? as u8;
            }
            if !cursor.at_end() || date.hour > 23 || date.minute > 59 || date.second > 59 {
                return None;
            }
            if let Some(zone) = parts.next() {
                date.offset_minutes = if zone.bytes().all(|b| b.is_ascii_alphabetic()) {
                    // Go reads a zone name it does not know as UTC.
                    Some(0)
                } else {
                    let mut cursor = Cursor::new(zone);
                    let offset = numeric_offset(&mut cursor)?;
                    Some(cursor.at_end().then_some(offset)?)
                };
            }
        }
        parts.next().is_none().then_some(date)
    }

    /// RFC 3339 as Hugo prints it: `2017-05-28T18:34:25+02:00`, `Z` for UTC,
    /// a fraction only when there is one (trailing zeros dropped), and no
    /// zone at all for a local time that had none in the source.
    pub fn to_rfc3339(&self) -> String {
        let mut out = format!(
            "{}T{:02}:{:02}:{:02}",
            self.ymd(),
            self.hour,
            self.minute,
            self.second
        );
        if self.nanosecond != 0 {
            let fraction = format!("{:09}", self.nanosecond);
            out.push('.');
            out.push_str(fraction.trim_end_matches('0'));
        }
        match self.offset_minutes {
            None => {}
            Some(0) => out.push('Z'),
            Some(offset) => {
                let sign = if offset < 0 { '-' } else { '+' };
                let offset = offset.unsigned_abs();
                let _ = write!(out, "{sign}{:02}:{:02}", offset / 60, offset % 60);
            }
        }
        out
    }

    /// The long English form Hugo themes show by default: `May 28, 2017`.
    pub fn format_long(&self) -> String {
        let month = MONTH_NAMES
            .get(usize::from(self.month).wrapping_sub(1))
            .copied()
            .unwrap_or("?");
        format!("{month} {}, {}", self.day, self.year)
    }

    /// The ISO calendar date: `2017-05-28`.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Seconds since the Unix epoch, reading a local time as UTC.
    fn epoch_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        let seconds = days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        seconds - i64::from(self.offset_minutes.unwrap_or(0)) * 60
    }
}

/// Dates compare as instants (a local time counts as UTC), which is what
/// sorting posts needs; equal instants written with different offsets are
/// then ordered by their fields so that `Ord` agrees with `Eq`.
impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.epoch_seconds(), self.nanosecond)
            .cmp(&(other.epoch_seconds(), other.nanosecond))
            .then_with(|| self.offset_minutes.cmp(&other.offset_minutes))
            .then_with(|| {
                (
                    self.year,
                    self.month,
                    self.day,
                    self.hour,
                    self.minute,
                    self.second,
                )
                    .cmp(&(
                        other.year,
                        other.month,
                        other.day,
                        other.hour,
                        other.minute,
                        other.second,
                    ))
            })
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

/// `Z`, `+02:00`, `+0200` or `+02`, as minutes east of UTC.
fn numeric_offset(cursor: &mut Cursor<'_>) -> Option<i32> {
    let sign = match cursor.next()? {
        b'Z' | b'z' => return Some(0),
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = cursor.digits(2, 2)? as i32;
    let has_colon = cursor.eat(b':');
    let minutes = match cursor.digits(2, 2) {
        Some(m) => m as i32,
        None if has_colon => return None,
        None => 0,
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 60 + minutes))
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The date `days` days after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A byte cursor over ASCII date text; every method returns `None` instead
/// of reading past the end, so malformed dates cannot panic.
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

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn eat(&mut self, expected: u8) -> bool {
        let matched = self.peek() == Some(expected);
        if matched {
            self.pos += 1;
        }
        matched
    }

    fn expect(&mut self, expected: u8) -> Option<()> {
        self.eat(expected).then_some(())
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// Reads between `min` and `max` ASCII digits as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u64> {
        let start = self.pos;
        let mut value = 0u64;
        while self.pos - start < max {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => {
                    value = value * 10 + u64::from(b - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if self.pos - start < min {
            self.pos = start;
            return None;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("{s:?} should parse"))
    }

    #[test]
    fn unix_seconds_round_trip_through_the_calendar() {
        assert_eq!(Date::from_unix_seconds(0), date("1970-01-01T00:00:00Z"));
        assert_eq!(
            Date::from_unix_seconds(1_495_989_265),
            date("2017-05-28T16:34:25Z")
        );
        assert_eq!(
            Date::from_unix_seconds(951_782_400),
            date("2000-02-29T00:00:00Z")
        );
        for days in [-719_468_i64, -1, 0, 59, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn parses_every_layout_hugo_accepts() {
        let cases = [
            ("2017-05-28T18:34:25+02:00", "2017-05-28T18:34:25+02:00"),
            ("2017-05-28T18:34:25Z", "2017-05-28T18:34:25Z"),
            ("2017-05-28T18:34:25.123Z", "2017-05-28T18:34:25.123Z"),
            ("2017-05-28T18:34:25", "2017-05-28T18:34:25"),
            ("2017-05-28", "2017-05-28T00:00:00"),
            ("2017-05-28 18:34:25", "2017-05-28T18:34:25"),
            ("2018-05-25 05:13:41 -1100", "2018-05-25T05:13:41-11:00"),
            ("2018-05-25 05:13:41 -11:00", "2018-05-25T05:13:41-11:00"),
            ("2017-05-28T18:34:25-0700", "2017-05-28T18:34:25-07:00"),
            ("2017-05-28 18:34:25Z", "2017-05-28T18:34:25Z"),
            ("2017-05-28t18:34:25z", "2017-05-28T18:34:25Z"),
            ("2017-05-28T18:34Z", "2017-05-28T18:34:00Z"),
            ("2017-05-28T18:34:25+05", "2017-05-28T18:34:25+05:00"),
            (
                "2017-05-28 18:34:25.5 -0700 MST",
                "2017-05-28T18:34:25.5-07:00",
            ),
            (
                "2017-05-28T18:34:25.1234567891Z",
                "2017-05-28T18:34:25.123456789Z",
            ),
            ("  2016-02-29  ", "2016-02-29T00:00:00"),
            ("02 Jan 2006", "2006-01-02T00:00:00"),
            (
                "Mon, 02 Jan 2006 15:04:05 -0700",
                "2006-01-02T15:04:05-07:00",
            ),
            ("Mon, 02 Jan 2006 15:04:05 MST", "2006-01-02T15:04:05Z"),
            ("2 feb 2016 15:04", "2016-02-02T15:04:00"),
        ];
        for (input, expected) in cases {
            assert_eq!(date(input).to_rfc3339(), expected, "input {input:?}");
        }
    }

    #[test]
    fn keeps_all_fields() {
        assert_eq!(
            date("2017-05-28T18:34:25.000000042+02:30"),
            Date {
                year: 2017,
                month: 5,
                day: 28,
                hour: 18,
                minute: 34,
                second: 25,
                nanosecond: 42,
                offset_minutes: Some(150),
            }
        );
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "",
            "yesterday",
            "2017-5-28",
            "2017-05-28T",
            "2017-05-28T18",
            "2017-05-28T18:34:25+",
            "2017-05-28T18:34:25+02:",
            "2017-05-28T18:34:25 +02:00 12",
            "2017-13-01",
            "2017-02-29",
            "2017-04-31",
            "2017-05-00",
            "2017-05-28T24:00:00",
            "2017-05-28T23:60:00",
            "2017-05-28T23:59:60",
            "2017-05-28T18:34:25+24:00",
            "2017-05-28X18:34:25",
            "2017-05-28T18:34:25.Z",
            "2017-05-28T18:34:25é",
            "é017-05-28",
            "31 Feb 2016",
            "02 January 2006",
            "Mon, 02 Jan 2006 25:04:05",
            "02 Jan 2006 15:04:05 -0700 extra",
            "02 Jan 2006 15:04:05 +07:0",
            "02 Jän 2006",
        ] {
            assert_eq!(Date::parse(bad), None, "input {bad:?}");
        }
    }

    #[test]
    fn formats_for_display() {
        let d = date("2017-05-08T18:34:25+02:00");
        assert_eq!(d.format_long(), "May 8, 2017");
        assert_eq!(d.ymd(), "2017-05-08");
        assert_eq!(d.to_string(), "2017-05-08T18:34:25+02:00");
        assert_eq!(date("0999-01-02").ymd(), "0999-01-02");
        assert_eq!(date("2020-12-31").format_long(), "December 31, 2020");
    }

    #[test]
    fn serializes_as_rfc3339_string() {
        assert_eq!(
            serde_json::to_string(&date("2017-05-28T18:34:25-00:30")).ok(),
            Some("\"2017-05-28T18:34:25-00:30\"".to_owned())
        );
    }

    #[test]
    fn orders_by_instant_and_agrees_with_eq() {
        let paris = date("2017-05-28T18:00:00+02:00");
        let utc = date("2017-05-28T16:00:00Z");
        let later_utc = date("2017-05-28T16:00:01Z");
        let earlier_local = date("2017-05-28T17:59:59");
        assert_ne!(paris, utc);
        assert_ne!(paris.cmp(&utc), Ordering::Equal);
        assert!(paris < later_utc && utc < later_utc);
        assert!(date("2017-05-28T16:00:00+01:00") < utc);
        assert!(date("2016-12-31") < date("2017-01-01"));
        assert!(earlier_local > utc);
        assert_eq!(paris.cmp(&paris.clone()), Ordering::Equal);
        let mut sorted = [later_utc.clone(), paris.clone(), utc.clone()];
        sorted.sort();
        assert_eq!(sorted[2], later_utc);
    }

    #[test]
    fn epoch_is_right() {
        assert_eq!(date("1970-01-01T00:00:00Z").epoch_seconds(), 0);
        assert_eq!(date("2000-03-01T00:00:00Z").epoch_seconds(), 951_868_800);
        assert_eq!(date("1969-12-31T23:00:00-01:00").epoch_seconds(), 0);
    }
}
