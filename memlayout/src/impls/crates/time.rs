//! The `time` crate's (0.3) dates, times, offsets and durations: plain data, no heap.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

super::plain_data!(Other:
    "Date" Date, "Time" Time, "PrimitiveDateTime" PrimitiveDateTime,
    "OffsetDateTime" OffsetDateTime, "UtcOffset" UtcOffset, "time::Duration" Duration,
    "time::Weekday" Weekday, "time::Month" Month,
);
