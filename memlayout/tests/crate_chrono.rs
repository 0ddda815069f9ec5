#![cfg(feature = "chrono")]
//! chrono's dates, times, offsets and durations against the compiler and the counting allocator.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use chrono::{
    DateTime, FixedOffset, Local, Month, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone,
    Utc, Weekday,
};

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 2, 29).expect("a valid date")
}

fn date_time() -> NaiveDateTime {
    date()
        .and_hms_milli_opt(23, 59, 59, 1500)
        .expect("a valid leap-second time")
}

#[test]
fn naive_dates_and_times_are_plain_data() {
    support::plain_data::<NaiveDate>(&[("min", || NaiveDate::MIN), ("leap day", date)]);
    support::plain_data::<NaiveTime>(&[
        ("midnight", NaiveTime::default),
        ("leap second", || date_time().time()),
    ]);
    support::plain_data::<NaiveDateTime>(&[("epoch", NaiveDateTime::default), ("late", date_time)]);
}

#[test]
fn zoned_date_times_are_plain_data() {
    support::plain_data::<DateTime<Utc>>(&[("utc", || Utc.from_utc_datetime(&date_time()))]);
    support::plain_data::<DateTime<FixedOffset>>(&[("east", || {
        let offset = FixedOffset::east_opt(5 * 3600 + 1800).expect("a valid offset");
        offset.from_utc_datetime(&date_time())
    })]);
    // Built outside the measurement: the first `Local` conversion may load the system's time
    // zone data into a cache that lives on; the value itself holds only an offset.
    let local = Local.from_utc_datetime(&date_time());
    support::plain_data::<DateTime<Local>>(&[("local", || {
        Local.from_utc_datetime(&NaiveDateTime::default())
    })]);
    assert_eq!(memlayout::totals(&local).heap_bytes, 0);
    support::plain_data::<Utc>(&[("utc", || Utc)]);
    support::plain_data::<FixedOffset>(&[("west", || FixedOffset::west_opt(3600).expect("valid"))]);
    support::plain_data::<Local>(&[("local", || Local)]);
}

#[test]
fn deltas_weekdays_and_months_are_plain_data() {
    support::plain_data::<TimeDelta>(&[
        ("zero", TimeDelta::zero),
        ("negative", || TimeDelta::milliseconds(-1_234_567)),
    ]);
    support::plain_data::<chrono::Duration>(&[("a year", || chrono::Duration::days(365))]);
    support::plain_data::<Weekday>(&[("sunday", || Weekday::Sun)]);
    support::plain_data::<Month>(&[("december", || Month::December)]);
}
