#![cfg(feature = "time")]
//! The `time` crate's types against the compiler and the counting allocator.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

fn date() -> Date {
    Date::from_calendar_date(2024, Month::February, 29).expect("a valid date")
}

fn date_time() -> PrimitiveDateTime {
    date()
        .with_hms_nano(23, 59, 59, 999_999_999)
        .expect("a valid time")
}

fn offset() -> UtcOffset {
    UtcOffset::from_hms(-9, -30, 0).expect("a valid offset")
}

#[test]
fn dates_and_times_are_plain_data() {
    support::plain_data::<Date>(&[("min", || Date::MIN), ("leap day", date)]);
    support::plain_data::<Time>(&[
        ("midnight", || Time::MIDNIGHT),
        ("late", || date_time().time()),
    ]);
    support::plain_data::<PrimitiveDateTime>(&[
        ("min", || Date::MIN.midnight()),
        ("late", date_time),
    ]);
    support::plain_data::<OffsetDateTime>(&[
        ("epoch", || OffsetDateTime::UNIX_EPOCH),
        ("offset", || date_time().assume_offset(offset())),
    ]);
    support::plain_data::<UtcOffset>(&[("utc", || UtcOffset::UTC), ("negative", offset)]);
}

#[test]
fn durations_weekdays_and_months_are_plain_data() {
    support::plain_data::<Duration>(&[
        ("zero", || Duration::ZERO),
        ("negative", || Duration::seconds_f64(-12.75)),
    ]);
    support::plain_data::<Weekday>(&[("monday", || Weekday::Monday)]);
    support::plain_data::<Month>(&[("june", || Month::June)]);
}
