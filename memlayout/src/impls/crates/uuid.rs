//! `uuid::Uuid`: 16 inline bytes (`[u8; 16]`), no heap, in every version since 0.8.

super::plain_data!(Other: "Uuid" uuid::Uuid);
