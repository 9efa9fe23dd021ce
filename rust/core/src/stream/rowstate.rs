//! The calling-thread half of `run.log`: pending row plus the step/commit state machine.
//! Pure and cheap (no I/O, no clock reads); the handler does everything else.

use crate::json::Value;

/// A row ready for the handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Top-level keys in first-logged order (later values replace earlier ones).
    pub items: Vec<(String, Value)>,
    /// The history step (`_step`).
    pub step: i64,
}

/// The step counter and the row being accumulated.
#[derive(Debug, Default)]
pub struct RowState {
    /// The step the next logged data goes to.
    pub step: i64,
    pending: Option<Vec<(String, Value)>>,
    /// Log calls dropped because their explicit step was behind `step`.
    pub dropped: u64,
    /// Rows committed so far.
    pub rows: u64,
}

fn merge(into: &mut Vec<(String, Value)>, data: Vec<(String, Value)>) {
    if into.is_empty() {
        *into = data;
        return;
    }
    for (k, v) in data {
        match into.iter_mut().find(|(ek, _)| *ek == k) {
            Some(slot) => slot.1 = v,
            None => into.push((k, v)),
        }
    }
}

impl RowState {
    /// A state starting at `starting_step`.
    pub fn new(starting_step: i64) -> Self {
        RowState { step: starting_step, ..Default::default() }
    }

    /// The step a `log` with this `step` argument would write into (or -1 when dropped).
    pub fn target_step(&self, step: Option<i64>) -> i64 {
        match step {
            Some(s) if s < self.step => -1,
            Some(s) => s,
            None => self.step,
        }
    }

    fn commit(&mut self, out: &mut Vec<Row>) {
        let items = self.pending.take().unwrap_or_default();
        out.push(Row { items, step: self.step });
        self.rows += 1;
        self.step += 1;
    }

    /// Apply one `log` call; committed rows are appended to `out`. Returns the step the data
    /// went into, or -1 when the call was dropped for a backward step.
    pub fn log(
        &mut self,
        data: Vec<(String, Value)>,
        step: Option<i64>,
        commit: Option<bool>,
        out: &mut Vec<Row>,
    ) -> i64 {
        match step {
            None => {
                merge(self.pending.get_or_insert_with(Vec::new), data);
                let at = self.step;
                if commit != Some(false) {
                    self.commit(out);
                }
                at
            }
            Some(s) if s < self.step => {
                self.dropped += 1;
                -1
            }
            Some(s) => {
                if s > self.step {
                    if self.pending.is_some() {
                        self.commit(out);
                    }
                    self.step = s;
                }
                merge(self.pending.get_or_insert_with(Vec::new), data);
                if commit == Some(true) {
                    self.commit(out);
                }
                s
            }
        }
    }

    /// Commit the pending row, if any (at finish).
    pub fn finish(&mut self, out: &mut Vec<Row>) {
        if self.pending.is_some() {
            self.commit(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(k: &str, v: i64) -> Vec<(String, Value)> {
        vec![(k.to_string(), Value::Int(v))]
    }

    fn keys(r: &Row) -> Vec<&str> {
        r.items.iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn plain_log_commits_and_increments() {
        let mut s = RowState::new(0);
        let mut out = vec![];
        assert_eq!(s.log(d("a", 1), None, None, &mut out), 0);
        assert_eq!(s.log(d("a", 2), None, Some(true), &mut out), 1);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].step, out[1].step), (0, 1));
        assert_eq!(s.step, 2);
        assert_eq!(s.rows, 2);
    }

    #[test]
    fn commit_false_accumulates_and_later_values_win() {
        let mut s = RowState::new(0);
        let mut out = vec![];
        assert_eq!(s.log(d("a", 1), None, Some(false), &mut out), 0);
        assert_eq!(s.log(d("b", 2), None, Some(false), &mut out), 0);
        assert!(out.is_empty());
        assert_eq!(s.log(d("a", 3), None, None, &mut out), 0);
        assert_eq!(out.len(), 1);
        assert_eq!(keys(&out[0]), vec!["a", "b"]);
        assert_eq!(out[0].items[0].1, Value::Int(3));
        assert_eq!(s.step, 1);
    }

    #[test]
    fn explicit_steps_merge_jump_and_drop() {
        let mut s = RowState::new(0);
        let mut out = vec![];
        assert_eq!(s.log(d("s2", 1), Some(5), None, &mut out), 5);
        assert_eq!(s.log(d("s3", 1), Some(5), None, &mut out), 5);
        assert!(out.is_empty());
        assert_eq!(s.log(d("s4", 1), Some(3), None, &mut out), -1);
        assert_eq!(s.dropped, 1);
        assert_eq!(s.log(d("x", 1), Some(7), None, &mut out), 7);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].step, keys(&out[0])), (5, vec!["s2", "s3"]));
        assert_eq!(s.step, 7);
        // step given + commit=True commits at once.
        assert_eq!(s.log(d("y", 1), Some(7), Some(true), &mut out), 7);
        assert_eq!(out.len(), 2);
        assert_eq!((out[1].step, keys(&out[1])), (7, vec!["x", "y"]));
        assert_eq!(s.step, 8);
        // finish commits the pending row.
        s.log(d("z", 1), Some(9), Some(false), &mut out);
        s.finish(&mut out);
        assert_eq!(out.last().unwrap().step, 9);
        let n = out.len();
        s.finish(&mut out);
        assert_eq!(out.len(), n);
    }

    #[test]
    fn higher_step_commits_pending_from_commit_false() {
        let mut s = RowState::new(10);
        let mut out = vec![];
        s.log(d("a", 1), None, Some(false), &mut out);
        assert_eq!(s.log(d("b", 1), Some(12), None, &mut out), 12);
        assert_eq!(out[0].step, 10);
        assert_eq!(s.target_step(Some(11)), -1);
        assert_eq!(s.target_step(None), 12);
    }
}
