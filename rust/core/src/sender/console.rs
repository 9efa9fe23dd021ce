//! Console lines for `output.log` on the file stream: a minimal terminal emulation of
//! `output_raw` writes (`\r` returns to column 0 and later text overwrites, `\n` ends the
//! line), one line buffer per stream. Complete lines become
//! `"<UTC YYYY-MM-DDTHH:MM:SS.ffffff> <text>"`, stderr lines get the `ERROR ` prefix.

/// Longest console line sent (characters), as wandb-core.
pub const MAX_LINE: usize = 4096;

#[derive(Default)]
struct LineBuf {
    chars: Vec<char>,
    col: usize,
    ts: f64,
    active: bool,
}

impl LineBuf {
    fn write(&mut self, text: &str, ts: f64, out: &mut Vec<String>, plain: &mut Option<String>, stderr: bool) {
        for c in text.chars() {
            if !self.active {
                self.active = true;
                self.ts = ts;
            }
            match c {
                '\n' => self.end(out, plain, stderr),
                '\r' => self.col = 0,
                _ => {
                    if self.col < self.chars.len() {
                        self.chars[self.col] = c;
                    } else if self.chars.len() < MAX_LINE {
                        self.chars.push(c);
                    }
                    self.col += 1;
                }
            }
        }
    }

    fn end(&mut self, out: &mut Vec<String>, plain: &mut Option<String>, stderr: bool) {
        let text: String = self.chars.iter().collect();
        out.push(format_line(self.ts, &text, stderr));
        if let Some(p) = plain {
            p.push_str(&text);
            p.push('\n');
        }
        self.chars.clear();
        self.col = 0;
        self.active = false;
    }
}

/// Turns raw writes into finished console lines.
#[derive(Default)]
pub struct Console {
    stdout: LineBuf,
    stderr: LineBuf,
    /// The console text without timestamps (`output.log` as a file), when kept.
    pub plain: Option<String>,
}

impl Console {
    /// Also keep the plain text of every finished line (for writing `output.log`).
    pub fn keep_plain(&mut self) {
        self.plain.get_or_insert_with(String::new);
    }

    /// Feed one `output_raw` write (`ts` = unix seconds); finished lines go to `out`.
    pub fn write(&mut self, text: &str, stderr: bool, ts: f64, out: &mut Vec<String>) {
        if stderr {
            self.stderr.write(text, ts, out, &mut self.plain, true)
        } else {
            self.stdout.write(text, ts, out, &mut self.plain, false)
        }
    }

    /// End the run: unfinished lines are emitted as they are.
    pub fn flush(&mut self, out: &mut Vec<String>) {
        if self.stdout.active && !self.stdout.chars.is_empty() {
            self.stdout.end(out, &mut self.plain, false);
        }
        if self.stderr.active && !self.stderr.chars.is_empty() {
            self.stderr.end(out, &mut self.plain, true);
        }
    }
}

fn format_line(ts: f64, text: &str, stderr: bool) -> String {
    let stamp = iso_utc(ts);
    if stderr {
        format!("ERROR {stamp} {text}")
    } else {
        format!("{stamp} {text}")
    }
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff` (UTC, no zone suffix) of unix seconds.
pub fn iso_utc(ts: f64) -> String {
    let micros = (ts * 1e6).round() as i64;
    let secs = micros.div_euclid(1_000_000);
    let frac = micros.rem_euclid(1_000_000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{frac:06}", sod / 3600, sod % 3600 / 60, sod % 60)
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_timestamps() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00.000000");
        assert_eq!(iso_utc(1_795_865_348.216_84), "2026-11-28T11:29:08.216840");
        assert_eq!(iso_utc(951_782_400.5), "2000-02-29T00:00:00.500000");
    }

    #[test]
    fn carriage_return_overwrites_and_lines_split() {
        let mut c = Console::default();
        c.keep_plain();
        let mut out = Vec::new();
        c.write("progress\r50%\r100%", false, 0.0, &mut out);
        assert!(out.is_empty());
        c.write("\nnext", false, 0.0, &mut out);
        c.write("oops\n", true, 1.0, &mut out);
        c.flush(&mut out);
        assert_eq!(
            out,
            vec![
                "1970-01-01T00:00:00.000000 100%ress",
                "ERROR 1970-01-01T00:00:01.000000 oops",
                "1970-01-01T00:00:00.000000 next",
            ]
        );
        assert_eq!(c.plain.as_deref(), Some("100%ress\noops\nnext\n"));
    }
}
