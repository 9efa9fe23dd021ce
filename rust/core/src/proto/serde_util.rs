//! Small helpers for the JSON form of records: default-value predicates used by
//! `skip_serializing_if` so that, as in proto3 JSON, default fields are omitted.

/// True for `false`.
pub fn is_false(v: &bool) -> bool {
    !*v
}
/// True for 0.
pub fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}
/// True for 0.
pub fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}
/// True for 0.
pub fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}
/// True for 0.
pub fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}
/// True for +0.0 (proto3 treats only the all-zero bit pattern as the default).
pub fn is_zero_f64(v: &f64) -> bool {
    v.to_bits() == 0
}
