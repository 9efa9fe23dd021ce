//! [`Value`]: an owned, already-validated log value (what `Stream.log` accepts).

use super::gofmt::{write_float, write_str};

/// Append the decimal digits of `i` (no `fmt` machinery: this runs for every `_step`).
pub fn write_int(out: &mut String, i: i64) {
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    let mut n = i.unsigned_abs();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push('-');
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[pos..]).unwrap_or("0"));
}

/// A plain JSON-able value as logged by the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None` → `null`.
    Null,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits int64 (printed verbatim).
    Int(i64),
    /// Decimal digits of an integer outside int64; wandb-core reads it as float64.
    BigInt(String),
    /// A float64 (NaN and ±Inf allowed).
    Float(f64),
    /// A string.
    Str(String),
    /// A list or tuple.
    List(Vec<Value>),
    /// A dict, in insertion order; flattened to leaf paths in history.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The compact Go-style JSON text of this value.
    pub fn to_json(&self) -> String {
        let mut s = String::with_capacity(24);
        self.write_json(&mut s);
        s
    }

    /// Append the compact Go-style JSON text of this value.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => write_int(out, *i),
            Value::BigInt(d) => write_float(out, d.parse::<f64>().unwrap_or(f64::NAN)),
            Value::Float(f) => write_float(out, *f),
            Value::Str(s) => write_str(out, s),
            Value::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            Value::Map(items) => {
                out.push('{');
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The numeric value for min/max/mean, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::BigInt(d) => d.parse().ok(),
            _ => None,
        }
    }

    /// Walk the leaves of this value: every non-map value, and every non-empty map
    /// recursively (an empty map has no leaves). `path` is extended in place.
    pub fn for_each_leaf<'a>(&'a self, path: &mut Vec<&'a str>, f: &mut dyn FnMut(&[&'a str], &'a Value)) {
        match self {
            Value::Map(items) => {
                for (k, v) in items {
                    path.push(k);
                    v.for_each_leaf(path, f);
                    path.pop();
                }
            }
            _ => f(path, self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_values_encode_compactly() {
        let v = Value::List(vec![
            Value::Int(1),
            Value::List(vec![Value::Float(2.5), Value::Str("x".into())]),
            Value::Null,
            Value::Bool(true),
            Value::Map(vec![("a".into(), Value::Float(2.0)), ("y".into(), Value::List(vec![]))]),
            Value::Float(f64::NAN),
        ]);
        assert_eq!(v.to_json(), r#"[1,[2.5,"x"],null,true,{"a":2,"y":[]},NaN]"#);
        assert_eq!(Value::Int(i64::MIN).to_json(), "-9223372036854775808");
        for i in [0i64, 7, -7, 10, 99, 100, -100_001, i64::MAX] {
            assert_eq!(Value::Int(i).to_json(), i.to_string());
        }
        assert_eq!(Value::BigInt("1180591620717411303424".into()).to_json(), "1.1805916207174113e+21");
        assert_eq!(Value::BigInt("9223372036854775808".into()).to_json(), "9.223372036854776e+18");
    }

    #[test]
    fn leaves_skip_empty_maps() {
        let v = Value::Map(vec![
            ("a".into(), Value::Int(1)),
            ("b".into(), Value::Map(vec![("c".into(), Value::Float(2.5)), ("e".into(), Value::Map(vec![]))])),
        ]);
        let mut out = vec![];
        v.for_each_leaf(&mut vec![], &mut |p, x| out.push((p.join("."), x.to_json())));
        assert_eq!(out, vec![("a".to_string(), "1".to_string()), ("b.c".to_string(), "2.5".to_string())]);
    }
}
