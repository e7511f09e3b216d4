//! Shared helpers for the integration tests: the conformance vectors carried in
//! `tests/vectors` (see its `PROVENANCE.md`) and the captures in `tests/captures`.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The conformance vectors folder: `CV2X_VECTORS` if set, else `tests/vectors` in this
/// repository. Missing vectors fail the tests loudly: they are the conformance suite.
pub fn vectors_dir() -> PathBuf {
    let dir = match std::env::var_os("CV2X_VECTORS") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"),
    };
    assert!(
        dir.join("index.json").is_file(),
        "conformance vectors not found in {} (CV2X_VECTORS overrides tests/vectors)",
        dir.display()
    );
    dir
}

/// A real capture of `tests/captures` (see its `README.md`) by file name.
pub fn capture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures")
        .join(name)
}

pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.trim()).expect("hex")
}

/// One vector: its name, bytes, expected JSON (if any) and the edition of that JSON.
pub struct Vector {
    pub name: String,
    pub bytes: Vec<u8>,
    pub json: Option<serde_json::Value>,
    pub edition: String,
}

fn index() -> serde_json::Value {
    let text =
        std::fs::read_to_string(vectors_dir().join("index.json")).expect("vectors/index.json");
    serde_json::from_str(&text).unwrap()
}

/// The `.hex` vectors of a folder (relative to the vectors dir) with their expected JSON.
pub fn folder(rel: &str) -> Vec<Vector> {
    let idx = index();
    let mut out = Vec::new();
    let dir = vectors_dir().join(rel);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hex"))
        .collect();
    entries.sort();
    for p in entries {
        let name = format!("{rel}/{}", p.file_name().unwrap().to_string_lossy());
        let edition = idx
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["file"] == name.as_str())
            .and_then(|e| e["json_edition"].as_str())
            .unwrap_or("2020")
            .to_string();
        let jp = p.with_extension("json");
        let json = std::fs::read_to_string(&jp)
            .ok()
            .map(|t| serde_json::from_str(&t).unwrap());
        out.push(Vector {
            name,
            bytes: unhex(&std::fs::read_to_string(&p).unwrap()),
            json,
            edition,
        });
    }
    out
}

/// The lines of a `random/<edition>/<type>.tsv` file.
pub fn random(edition: &str, ty: &str) -> Vec<Vector> {
    let p = vectors_dir()
        .join("random")
        .join(edition)
        .join(format!("{ty}.tsv"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let (h, j) = l.split_once('\t').expect("hex<TAB>json");
            Vector {
                name: format!("random/{edition}/{ty}.tsv:{}", i + 1),
                bytes: unhex(h),
                json: Some(serde_json::from_str(j).unwrap()),
                edition: edition.to_string(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The asn1tools oracle process (`tests/oracle/oracle.py`)
// ---------------------------------------------------------------------------------------------

pub fn python() -> String {
    std::env::var("CV2X_PYTHON").unwrap_or_else(|_| "python3".into())
}

pub fn oracle_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/oracle.py")
}

pub const SETUP_HINT: &str = "the differential test needs python3 and asn1tools: \
    `pip install -r tests/oracle/requirements.txt` (set CV2X_PYTHON for another interpreter)";

/// Runs `oracle.py ARGS` with `input` on stdin; returns stdout. Panics with a clear message
/// when python3 or asn1tools is missing or the oracle fails.
pub fn run_oracle(args: &[String], input: Option<String>) -> String {
    let mut child = Command::new(python())
        .arg(oracle_script())
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `{}`: {e}\n{SETUP_HINT}", python()));
    // Write from another thread: the oracle answers line by line while we feed it.
    let writer = input.map(|text| {
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || stdin.write_all(text.as_bytes()))
    });
    let out = child.wait_with_output().expect("oracle.py output");
    if let Some(w) = writer {
        w.join().unwrap().expect("writing to oracle.py");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let missing = stderr.contains("No module named");
        panic!(
            "oracle.py {} failed ({}):\n{}\n{}",
            args.first().map(String::as_str).unwrap_or(""),
            out.status,
            stderr.trim_end(),
            if missing { SETUP_HINT } else { "" }
        );
    }
    String::from_utf8(out.stdout).expect("oracle.py output is UTF-8")
}

/// Runs the Python script `tests/oracle/<script>` with `args`, `input` on its stdin; its
/// stdout. Panics when it fails (python3, or a package it imports, missing).
pub fn run_script(script: &str, args: &[&str], input: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let mut child = Command::new(python())
        .arg(&path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `{}`: {e}", python()));
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("the script's output");
    writer.join().unwrap().expect("writing to the script");
    assert!(
        out.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `tests/oracle/oracle.py` (the Python `asn1tools` oracle) on our China profile
/// modules of `edition` (`2017`, `2019`, `2020`) with `args`, `input` on its stdin; its
/// stdout.
pub fn csae_oracle(edition: &str, args: &[&str], input: Option<String>) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("asn1/csae")
        .join(edition);
    let mut all = vec!["--asn1".to_string(), dir.display().to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    run_oracle(&all, input)
}

/// A 245-octet blob: phase 2 green with `left` tenths to go, the others red; sequence `seq`.
pub fn tscbm_blob(seq: u8, left: u16) -> Vec<u8> {
    let mut b = vec![0u8; 245];
    b[0] = 0xCD;
    b[1] = 16;
    for i in 0..16usize {
        let o = 2 + 13 * i;
        b[o] = i as u8 + 1;
        let (min, max) = if i == 1 {
            (left, left + 50)
        } else {
            (300, 600)
        };
        b[o + 1..o + 3].copy_from_slice(&min.to_be_bytes());
        b[o + 3..o + 5].copy_from_slice(&max.to_be_bytes());
    }
    let greens: u16 = 1 << 1;
    let reds: u16 = 0x00ff & !greens;
    b[210..212].copy_from_slice(&reds.to_be_bytes());
    b[214..216].copy_from_slice(&greens.to_be_bytes());
    b[235] = seq;
    b
}
