//! A WASI program in Rust (std for wasm32-wasi): arguments, environment,
//! files in a pre-opened directory, the clock and memory growth.
//!
//!   microwasm run --dir DIR --env NAME=VALUE main.wasm DIR [WORDS...]
//!
//! Exits 0 when every check passed, 1 otherwise.
use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::process;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

struct Checks {
    failures: u32,
}

impl Checks {
    fn check(&mut self, ok: bool, what: &str) {
        println!("{} {}", if ok { "ok  " } else { "FAIL" }, what);
        if !ok {
            self.failures += 1;
        }
    }
}

fn main() {
    let mut checks = Checks { failures: 0 };
    let args: Vec<String> = env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: main.wasm DIR [WORDS...]");
        process::exit(2);
    }
    let dir = &args[1];
    let words: Vec<&str> = args[2..].iter().map(String::as_str).collect();
    println!("args: {}", words.join(" "));

    // environment: NAME=VALUE pairs sorted by name
    let vars: BTreeMap<String, String> = env::vars().collect();
    for (name, value) in &vars {
        println!("env {}={}", name, value);
    }

    // the clock: wall time after 2020, monotonic time never going back
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    checks.check(since_epoch > 1_577_836_800, "wall clock after 2020");
    let start = Instant::now();

    // memory growth: 16 MiB in 1 MiB vectors, each filled and checked
    let blocks: Vec<Vec<u8>> = (0..16u32).map(|i| vec![(i * 3 + 1) as u8; 1 << 20]).collect();
    let sum: u64 = blocks.iter().enumerate().map(|(i, b)| b[(i * 4099) % b.len()] as u64).sum();
    let expected: u64 = (0..16u64).map(|i| i * 3 + 1).sum();
    println!("grew 16 MiB, checksum {}", sum);
    checks.check(sum == expected, "memory growth");
    drop(blocks);

    // files in the pre-opened directory
    let path = format!("{}/rust-words.txt", dir);
    let written = fs::File::create(&path).and_then(|mut f| {
        for (i, w) in words.iter().enumerate() {
            writeln!(f, "{} {}", i, w)?;
        }
        Ok(())
    });
    checks.check(written.is_ok(), &format!("write {}", path));
    let back: Vec<String> = fs::File::open(&path)
        .map(|f| BufReader::new(f).lines().filter_map(Result::ok).collect())
        .unwrap_or_default();
    println!("read back {} lines", back.len());
    checks.check(
        back.iter().zip(words.iter()).enumerate().all(|(i, (line, w))| *line == format!("{} {}", i, w))
            && back.len() == words.len(),
        "read back what was written",
    );
    let listed: Vec<String> = fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    checks.check(listed.iter().any(|n| n == "rust-words.txt"), "the directory lists the file");
    checks.check(fs::metadata(format!("{}/no-such-file", dir)).is_err(), "a missing file is an error");
    checks.check(fs::File::open("/etc/passwd").is_err(), "a path outside the pre-opened directory is refused");

    checks.check(Instant::now() >= start, "monotonic clock");
    println!("{}", if checks.failures == 0 { "all checks passed" } else { "FAILED" });
    process::exit(if checks.failures == 0 { 0 } else { 1 });
}
