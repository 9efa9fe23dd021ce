//! The writer thread: runs the [`Handler`], numbers records, frames them into the
//! transaction log and flushes on the queue-empty / interval policy.

use std::fs::File;
use std::io::{self, BufWriter};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use prost::Message;

use super::encode::put_varint;
use super::handler::{Handler, Sink, TimedRow};
use crate::proto::{Record, RecordType};
use crate::txlog::Writer;

/// A message from the calling side to the writer thread.
pub(crate) enum Msg {
    /// A record built by Python (`Stream.write`).
    Record(Box<Record>),
    /// A committed history row.
    Row(TimedRow),
    /// A `metric` record to write and register.
    DefineMetric(Box<Record>),
    /// Explicit summary writes.
    SummaryUpdate(Vec<(Vec<String>, String)>, Vec<Vec<String>>),
    /// Barrier: reply once everything before it is handed to the OS.
    Flush(Sender<Result<(), String>>),
    /// Barrier: reply with the summary JSON.
    Summary(Sender<String>),
    /// Write the closing records, fsync and stop.
    Finish { exit_code: i32, now: f64, reply: Sender<(Result<(), String>, String)> },
}

/// State shared between the handle and the thread.
#[derive(Default)]
pub(crate) struct Shared {
    /// The first I/O error the thread hit (kind, message); writing stops after it.
    pub error: Mutex<Option<(io::ErrorKind, String)>>,
}

impl Shared {
    pub fn error(&self) -> Option<io::Error> {
        let e = self.error.lock().unwrap_or_else(|p| p.into_inner());
        e.as_ref().map(|(k, m)| io::Error::new(*k, m.clone()))
    }
}

/// Numbers, encodes and frames records into the log.
pub(crate) struct Emitter {
    writer: Writer<BufWriter<File>>,
    shared: Arc<Shared>,
    num: i64,
    buf: Vec<u8>,
    unflushed: bool,
    unsynced: bool,
    failed: bool,
}

impl Emitter {
    fn fail(&mut self, e: io::Error) {
        if !self.failed {
            self.failed = true;
            *self.shared.error.lock().unwrap_or_else(|p| p.into_inner()) = Some((e.kind(), e.to_string()));
        }
    }

    fn append_buf(&mut self) {
        if let Err(e) = self.writer.append(&self.buf) {
            self.fail(e);
        }
        self.unflushed = true;
    }

    fn flush(&mut self) -> Result<(), String> {
        if self.unflushed && !self.failed {
            if let Err(e) = self.writer.flush() {
                self.fail(e);
            }
            self.unflushed = false;
            self.unsynced = true;
        }
        match self.shared.error() {
            Some(e) => Err(e.to_string()),
            None => Ok(()),
        }
    }

    fn sync(&mut self) {
        let _ = self.flush();
        if self.unsynced && !self.failed {
            if let Err(e) = self.writer.get_mut().get_ref().sync_data() {
                self.fail(e);
            }
            self.unsynced = false;
        }
    }
}

impl Sink for Emitter {
    fn record(&mut self, mut r: Record) {
        if self.failed {
            return;
        }
        self.num += 1;
        r.num = self.num;
        self.buf.clear();
        if r.encode(&mut self.buf).is_ok() {
            self.append_buf();
        }
    }

    fn encoded(&mut self, f: &mut dyn FnMut(&mut Vec<u8>)) {
        if self.failed {
            return;
        }
        self.num += 1;
        self.buf.clear();
        // num = 1 (varint) first, as prost writes it.
        self.buf.push(0x08);
        put_varint(&mut self.buf, self.num as u64);
        f(&mut self.buf);
        self.append_buf();
    }
}

pub(crate) struct Worker {
    handler: Handler,
    emit: Emitter,
    flush_interval: Duration,
    fsync_interval: Option<Duration>,
}

impl Worker {
    pub fn new(
        writer: Writer<BufWriter<File>>,
        handler: Handler,
        shared: Arc<Shared>,
        flush_ms: u64,
        fsync_ms: u64,
    ) -> Self {
        Worker {
            handler,
            emit: Emitter {
                writer,
                shared,
                num: 0,
                buf: Vec::with_capacity(4096),
                unflushed: false,
                unsynced: false,
                failed: false,
            },
            flush_interval: Duration::from_millis(flush_ms.max(1)),
            fsync_interval: (fsync_ms > 0).then(|| Duration::from_millis(fsync_ms)),
        }
    }

    fn flush(&mut self) -> Result<(), String> {
        self.emit.flush()
    }

    fn sync(&mut self) {
        self.emit.sync()
    }

    /// Handle one message; returns false when the thread should stop.
    fn handle(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Record(r) => {
                if !r.control.as_ref().is_some_and(|c| c.local) {
                    self.emit.record(*r);
                }
            }
            Msg::Row(row) => self.handler.on_row(row, &mut self.emit),
            Msg::DefineMetric(r) => {
                if let Some(RecordType::Metric(m)) = &r.record_type {
                    self.handler.define_metric(m);
                }
                self.emit.record(*r);
            }
            Msg::SummaryUpdate(update, remove) => {
                let rec = self.handler.summary_update(update, remove);
                self.emit.record(rec);
            }
            Msg::Flush(reply) => {
                let _ = reply.send(self.flush());
            }
            Msg::Summary(reply) => {
                let _ = reply.send(self.handler.summary_json());
            }
            Msg::Finish { exit_code, now, reply } => {
                self.handler.finish(exit_code, now, &mut self.emit);
                self.sync();
                let _ = reply.send((self.flush(), self.handler.summary_json()));
                return false;
            }
        }
        true
    }

    fn maybe_sync(&mut self, last_sync: &mut Instant) {
        if let Some(iv) = self.fsync_interval {
            if self.emit.unsynced && last_sync.elapsed() >= iv {
                self.sync();
                *last_sync = Instant::now();
            }
        }
    }

    /// The thread body. While records keep coming the thread naps (50 µs doubling to 2 ms)
    /// instead of sleeping on the channel, so `log` never pays for a thread wake-up; after
    /// 100 ms without messages it blocks on the channel. Barriers unpark it.
    pub fn run(mut self, rx: Receiver<Msg>) {
        const NAP_MIN: Duration = Duration::from_micros(50);
        const NAP_MAX: Duration = Duration::from_millis(2);
        const IDLE: Duration = Duration::from_millis(100);
        let mut last_flush = Instant::now();
        let mut last_sync = Instant::now();
        let mut idle_since = Instant::now();
        let mut nap = NAP_MIN;
        let mut batch: u32 = 0;
        loop {
            let mut got = false;
            loop {
                match rx.try_recv() {
                    Ok(m) => {
                        got = true;
                        if !self.handle(m) {
                            return;
                        }
                        // Reading the clock costs about as much as a small record: look every
                        // 16 messages (well under a millisecond of work) to keep the interval.
                        batch = batch.wrapping_add(1);
                        if batch.is_multiple_of(16)
                            && self.emit.unflushed
                            && last_flush.elapsed() >= self.flush_interval
                        {
                            let _ = self.flush();
                            last_flush = Instant::now();
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        // The handle was dropped without finish(): keep what was written.
                        self.sync();
                        return;
                    }
                }
            }
            if self.emit.unflushed {
                let _ = self.flush();
                last_flush = Instant::now();
            }
            self.maybe_sync(&mut last_sync);
            if got {
                idle_since = Instant::now();
                nap = NAP_MIN;
            }
            if idle_since.elapsed() < IDLE {
                std::thread::park_timeout(nap);
                nap = (nap * 2).min(NAP_MAX);
                continue;
            }
            let msg = match self.fsync_interval.filter(|_| self.emit.unsynced) {
                Some(iv) => match rx.recv_timeout(iv.saturating_sub(last_sync.elapsed())) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => {
                        self.sync();
                        return;
                    }
                },
                None => match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => {
                        self.sync();
                        return;
                    }
                },
            };
            if let Some(m) = msg {
                idle_since = Instant::now();
                nap = NAP_MIN;
                if !self.handle(m) {
                    return;
                }
            }
        }
    }
}
