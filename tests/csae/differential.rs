//! Differential test against an independent UPER codec: PyPI `asn1tools` compiling our
//! modules of each edition (`asn1/csae/2020/`, `asn1/csae/2019/`, `asn1/csae/2017/`),
//! driven through `tests/oracle/oracle.py --asn1 asn1/csae/<edition>`.
//!
//! For every type of an edition, on seeded random valid values made by the oracle:
//!  (a) their encoding decodes with cv2x to their value (`serde_json::to_value` == their JSON);
//!  (b) their JSON deserializes into our type and cv2x encodes it to the same bytes;
//!  (c) our JSON (of the value we decoded) encodes with asn1tools to the same bytes.
//!
//! Needs `python3` with `pip install -r tests/oracle/requirements.txt`; without them the test
//! fails (it never passes silently). `CV2X_DIFF_SEED` sets the seed (default 1),
//! `CV2X_DIFF_COUNT` the values per type (default 8), `CV2X_PYTHON` the interpreter.
//! Reproduce one type: `python3 tests/oracle/oracle.py --asn1 asn1/csae/2020 random --seed
//! <seed> --count K TYPE`.
#![cfg(feature = "serde")]

use std::collections::{BTreeMap, HashMap};

pub use crate::common::csae_oracle as oracle;
use cv2x::per::{Decode, Encode};
use serde_json::Value;

/// Checks (a) and (b) for one value; returns our JSON for (c).
fn check<T>(hex_text: &str, json: &Value) -> Result<Value, String>
where
    T: Decode + Encode + serde::Serialize + serde::de::DeserializeOwned,
{
    let bytes = hex::decode(hex_text).map_err(|e| e.to_string())?;
    let v = T::from_uper(&bytes).map_err(|e| format!("decode: {e}"))?;
    let ours = serde_json::to_value(&v).map_err(|e| e.to_string())?;
    if &ours != json {
        return Err(format!("decodes to {ours}"));
    }
    let back: T = serde_json::from_value(json.clone()).map_err(|e| format!("from JSON: {e}"))?;
    let again = back.to_uper().map_err(|e| format!("encode: {e}"))?;
    if again != bytes {
        return Err(format!("encodes to {}", hex::encode(again)));
    }
    Ok(ours)
}

type Checker = fn(&str, &Value) -> Result<Value, String>;

macro_rules! checkers {
    ($for_each:path) => {{
        let mut m: HashMap<&'static str, Checker> = HashMap::new();
        macro_rules! register {
            ($t:ty, $name:literal) => {
                assert!(
                    m.insert($name, check::<$t> as Checker).is_none(),
                    "{} twice",
                    $name
                );
            };
        }
        $for_each!(register);
        m
    }};
}

#[test]
fn every_2020_type_agrees_with_asn1tools_on_random_values() {
    run("2020", checkers!(cv2x::__for_each_csae2020_type));
}

#[test]
fn every_2019_draft_type_agrees_with_asn1tools_on_random_values() {
    run("2019", checkers!(cv2x::__for_each_csae2019_type));
}

#[test]
fn every_2017_type_agrees_with_asn1tools_on_random_values() {
    run("2017", checkers!(cv2x::__for_each_csae2017_type));
}

fn run(edition: &str, checkers: HashMap<&'static str, Checker>) {
    let seed = std::env::var("CV2X_DIFF_SEED").unwrap_or_else(|_| "1".into());
    let count = std::env::var("CV2X_DIFF_COUNT").unwrap_or_else(|_| "8".into());
    let mut types: Vec<&str> = checkers.keys().copied().collect();
    types.sort();
    let mut args = vec!["random", "--seed", &seed, "--count", &count];
    args.extend(&types);
    let out = oracle(edition, &args, None);

    let (mut failures, mut per_type) = (Vec::new(), BTreeMap::<&str, usize>::new());
    let mut ours = Vec::new(); // (type, hex, our JSON) for (c)
    for line in out.lines() {
        if line.starts_with("ERR") {
            failures.push(format!("oracle: {line}"));
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (t, h, j) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let json: Value = serde_json::from_str(j).unwrap();
        let name = *types
            .iter()
            .find(|x| **x == t)
            .expect("a type we asked for");
        match checkers[name](h, &json) {
            Ok(v) => {
                *per_type.entry(name).or_default() += 1;
                ours.push((name, h.to_string(), v));
            }
            Err(e) => failures.push(format!("{t} {h}: {e}")),
        }
    }
    // (c) asn1tools encodes our JSON to the same bytes.
    let input: String = ours.iter().map(|(t, _, v)| format!("{t}\t{v}\n")).collect();
    let encoded = oracle(edition, &["encode-lines"], Some(input));
    let mut agreed = 0;
    for ((t, h, v), line) in ours.iter().zip(encoded.lines()) {
        if line == h {
            agreed += 1;
        } else {
            failures.push(format!(
                "{t} {v}: asn1tools encodes our JSON to {line}, not {h}"
            ));
        }
    }
    assert_eq!(encoded.lines().count(), ours.len());
    let missing: Vec<_> = types
        .iter()
        .filter(|t| !per_type.contains_key(*t))
        .collect();
    eprintln!(
        "csae {edition} differential (seed {seed}): {} values of {} types checked both ways, {agreed} \
         re-encoded by asn1tools from our JSON, {} failures",
        ours.len(),
        per_type.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
    assert!(missing.is_empty(), "types without a value: {missing:?}");
}
