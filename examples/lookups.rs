//! 20,000 lookups on a 20,000-key `Value` object, each key once, timed
//! (the first lookup builds the object's key index):
//!
//! ```sh
//! cargo run --release --example lookups
//! ```

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let n = 20_000;
    let mut text = String::from("{");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"key_{i:05}\":{i}"));
    }
    text.push('}');
    let keys: Vec<String> = (0..n).map(|i| format!("key_{i:05}")).collect();
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        // A fresh object each round, so the index is built inside the timing.
        let v: streamde::Value = streamde::from_str(&text).unwrap();
        let start = Instant::now();
        let mut sum = 0u64;
        for k in &keys {
            sum += black_box(&v)[k.as_str()].as_u64().unwrap();
        }
        let ms = start.elapsed().as_secs_f64() * 1e3;
        assert_eq!(sum, (0..n as u64).sum());
        best = best.min(ms);
    }
    println!(
        "{n} lookups on a {n}-key object: {best:.2} ms (best of 5, index built in the timing)"
    );
}
