//! The `half` crate: `f16` and `bf16`, two-byte floats held inline.

use half::{bf16, f16};

super::plain_data!(Primitive: "f16" f16, "bf16" bf16);
