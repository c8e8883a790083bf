//! Decode a long stream of Stripe webhook events (newline-delimited JSON)
//! and a list envelope without `url`, item by item, in bounded memory.
//!
//! ```sh
//! cargo run --release --example events            # about 100 MB of events
//! cargo run --release --example events -- 20      # about 20 MB
//! ```
//!
//! The input is generated on the fly (no file needed) from the event
//! fixtures in `tests/data/events`, so only the decoder's memory shows: the
//! peak resident size printed at the end (Linux) stays near the same few MB
//! whatever the size asked for.

use std::io::Read;

use streamde::stripe::{Event, EventObject, List};
use streamde::{ItemDecoder, Value};

/// Repeats `docs` (one event per line) until `total` bytes were produced.
struct Repeat {
    docs: Vec<Vec<u8>>,
    next: usize,
    at: usize,
    left: u64,
}

impl Read for Repeat {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let doc = &self.docs[self.next % self.docs.len()];
        let n = buf.len().min(doc.len() - self.at).min(self.left as usize);
        buf[..n].copy_from_slice(&doc[self.at..self.at + n]);
        self.at += n;
        self.left -= n as u64;
        if self.at == doc.len() {
            self.at = 0;
            self.next += 1;
        }
        Ok(n)
    }
}

/// Peak resident memory in kB, where the system says (Linux).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mb: u64 = match std::env::args().nth(1) {
        Some(a) => a.parse().map_err(|_| format!("not a number of MB: {a}"))?,
        None => 100,
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/events");
    let mut docs = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    names.sort();
    for path in names {
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            // One line per event: the decoder does not care, NDJSON readers do.
            let v: Value = streamde::from_slice(&std::fs::read(&path)?)?;
            let mut line = streamde::to_vec(&v);
            line.push(b'\n');
            docs.push(line);
        }
    }
    // Whole events only: stop at the last line that fits.
    let per_round: u64 = docs.iter().map(|d| d.len() as u64).sum();
    let total = (mb << 20) / per_round * per_round;
    let input = Repeat {
        docs,
        next: 0,
        at: 0,
        left: total,
    };

    let start = std::time::Instant::now();
    let (mut sessions, mut accounts, mut other) = (0u64, 0u64, 0u64);
    let mut items = ItemDecoder::<Event>::values().reader_items(input);
    for event in items.by_ref() {
        match event?.data.object {
            EventObject::IdentityVerificationSession(_) => sessions += 1,
            EventObject::AccountSession(_) => accounts += 1,
            EventObject::Unknown(_) => other += 1,
        }
    }
    let end = items.decoder().finish()?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "events: {} ({} verification sessions, {} account sessions, {} other) from {} bytes in {:.2} s ({:.0} MB/s)",
        end.items,
        sessions,
        accounts,
        other,
        end.bytes,
        secs,
        end.bytes as f64 / secs / 1e6
    );

    // An OpenAI-style list: items under `data`, no `url`.
    let mut list = String::from(r#"{"object": "list", "data": ["#);
    for i in 0..10_000 {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&format!(
            r#"{{"id": "model-{i}", "object": "model", "owned_by": "system"}}"#
        ));
    }
    list.push_str(r#"], "has_more": false}"#);
    let mut d = List::<Value>::items();
    let mut n = 0u64;
    for chunk in list.as_bytes().chunks(4096) {
        d.feed(chunk)?;
        n += d.drain().count() as u64;
    }
    let end = d.finish()?;
    let meta = end.envelope.ok_or("no envelope")?;
    println!(
        "list without url: {n} items, has_more {}, url {:?}",
        meta.has_more, meta.url
    );
    if let Some(kb) = peak_kb() {
        println!("peak resident memory: {:.1} MB", kb as f64 / 1024.0);
    }
    Ok(())
}
