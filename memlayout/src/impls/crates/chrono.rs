//! chrono's dates, times and offsets: plain data (integers and small enums), no heap.
//!
//! `DateTime<Tz>` holds a `NaiveDateTime` and `Tz::Offset`; the offsets of `Utc`, `FixedOffset`
//! and `Local` are plain data, so those three are covered (a user's own `TimeZone` could hold
//! anything in its offset). `TimeDelta` is named `Duration` too; it exists under that name
//! since 0.4.34, the oldest version supported.

use chrono::{
    DateTime, FixedOffset, Local, Month, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc,
    Weekday,
};

super::plain_data!(Other:
    "NaiveDate" NaiveDate, "NaiveTime" NaiveTime, "NaiveDateTime" NaiveDateTime,
    "DateTime<Utc>" DateTime<Utc>, "DateTime<FixedOffset>" DateTime<FixedOffset>,
    "DateTime<Local>" DateTime<Local>, "TimeDelta" TimeDelta, "Weekday" Weekday, "Month" Month,
    "Utc" Utc, "FixedOffset" FixedOffset, "Local" Local,
);
