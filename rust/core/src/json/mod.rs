//! Owned log values and their compact JSON encoding in the style of wandb-core (Go).
//!
//! wandb-core re-encodes every history value it receives: numbers that fit an int64 stay
//! integers, every other number becomes a float64 printed with Go's `strconv` `'g'`
//! shortest form (`1e+06`, `1.23456789e+08`, `0.0001`, `1e-05`, `-0`), non-finite floats are
//! the bare tokens `NaN`, `Infinity`, `-Infinity`, and strings use Go's escaping without
//! HTML escapes. Observed with wandb 0.21.3 offline runs.

mod gofmt;
mod value;

pub use gofmt::{write_float, write_str};
pub use value::Value;
