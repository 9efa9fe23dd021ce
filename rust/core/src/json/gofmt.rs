//! Go-compatible number and string formatting for history JSON.

use std::fmt::Write;

/// Append `f` the way wandb-core writes a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`,
/// with bare `NaN` / `Infinity` / `-Infinity`).
pub fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if f == 0.0 {
        out.push_str(if f.is_sign_negative() { "-0" } else { "0" });
        return;
    }
    // ryu gives the shortest round-trip digits ("0.1", "1.0", "1e21", "1.5e-5",
    // "123456789.0"); extract digits and decimal exponent, then lay them out as Go's %g.
    let mut rb = ryu::Buffer::new();
    let a = f.abs();
    let shortest = rb.format_finite(a);
    if (1e-4..1e6).contains(&a) {
        // Go prints these in positional form, as ryu does ("0.0001", "2.5", "100.0"),
        // except that an integral value has no ".0".
        if f < 0.0 {
            out.push('-');
        }
        out.push_str(shortest.strip_suffix(".0").unwrap_or(shortest));
        return;
    }
    let text = shortest.as_bytes();
    let (mant, exp_part) = match text.iter().position(|c| *c == b'e' || *c == b'E') {
        Some(p) => {
            (&text[..p], std::str::from_utf8(&text[p + 1..]).ok().and_then(|e| e.parse::<i32>().ok()).unwrap_or(0))
        }
        None => (text, 0),
    };
    let mut digits = [0u8; 32];
    let mut nd = 0usize;
    let mut int_digits = 0i32;
    let mut seen_dot = false;
    let mut leading = true;
    let mut lead_frac_zeros = 0i32;
    for &c in mant {
        if c == b'.' {
            seen_dot = true;
            continue;
        }
        if leading && c == b'0' {
            if seen_dot {
                lead_frac_zeros += 1;
            }
            continue;
        }
        leading = false;
        if nd < digits.len() {
            digits[nd] = c;
            nd += 1;
        }
        if !seen_dot {
            int_digits += 1;
        }
    }
    while nd > 1 && digits[nd - 1] == b'0' {
        nd -= 1;
    }
    // Scientific exponent of the first significant digit.
    let exp = if int_digits > 0 { int_digits - 1 + exp_part } else { -(lead_frac_zeros + 1) + exp_part };
    let digits = std::str::from_utf8(&digits[..nd]).unwrap_or("0");
    if f < 0.0 {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e >= 100 {
            out.push(char::from(b'0' + (e / 100) as u8));
        }
        out.push(char::from(b'0' + (e / 10 % 10) as u8));
        out.push(char::from(b'0' + (e % 10) as u8));
    } else if exp >= 0 {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    } else {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    }
}

/// Append `s` as a JSON string with Go's escapes (no HTML escaping; `\b`, `\f`, `\n`, `\r`,
/// `\t` short forms; other control characters as `\u00XX`; DEL and U+2028 raw).
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", b);
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> String {
        let mut s = String::new();
        write_float(&mut s, x);
        s
    }

    #[test]
    fn floats_match_wandb_core() {
        // Every pair was observed in a wandb 0.21.3 offline .wandb file.
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (0.1, "0.1"),
            (1e-7, "1e-07"),
            (1e21, "1e+21"),
            (1e300, "1e+300"),
            (123456789.0, "1.23456789e+08"),
            (1e20, "1e+20"),
            (1.5e-5, "1.5e-05"),
            (-0.0, "-0"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
            (1e-6, "1e-06"),
            (0.000123, "0.000123"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (100.0, "100"),
            (1e6, "1e+06"),
            (123456789012.5, "1.234567890125e+11"),
            (3.0e15, "3e+15"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (999999.0, "999999"),
            (1234567.0, "1.234567e+06"),
            (1.7958702181372585e9, "1.7958702181372585e+09"),
            (0.022808277, "0.022808277"),
            (2.5, "2.5"),
            (-3.25, "-3.25"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (9.223372036854776e18, "9.223372036854776e+18"),
        ];
        for (x, want) in cases {
            assert_eq!(f(*x), *want, "for {x:?}");
        }
    }

    #[test]
    fn floats_match_rust_shortest_digits() {
        // Cross-check against the std formatter on many values.
        let mut x: u64 = 0x1234_5678_9abc_def1;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            let got = f(v);
            let back: f64 = got.parse().unwrap();
            assert_eq!(back, v, "{got}");
            let std = format!("{:e}", v);
            let (m, e) = std.split_once('e').unwrap();
            let e: i32 = e.parse().unwrap();
            let digits: String = m.trim_start_matches('-').chars().filter(|c| *c != '.').collect();
            let gm = got.trim_start_matches('-');
            let gd: String = gm.split(['e']).next().unwrap().chars().filter(|c| *c != '.').collect::<String>();
            // Same number of shortest digits (on exact ties the last digit is rounded to
            // even, as Python's repr does; std may round the tie up).
            assert_eq!(gd.trim_start_matches('0').len(), digits.len(), "{v:e} -> {got}");
            assert_eq!(got.contains('e'), !(-4..6).contains(&e), "{v:e} -> {got}");
        }
    }

    #[test]
    fn strings_match_wandb_core() {
        let mut s = String::new();
        write_str(&mut s, "h\u{e9}llo \"q\" \\ \n\t\u{1} <>&\u{2028} \u{1F600}\u{8}\u{c}\r\u{7f}\u{1f}");
        assert_eq!(s, "\"h\u{e9}llo \\\"q\\\" \\\\ \\n\\t\\u0001 <>&\u{2028} \u{1F600}\\b\\f\\r\u{7f}\\u001f\"");
    }
}
