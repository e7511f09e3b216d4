//! Differential test against an independent UPER codec: PyPI `asn1tools` compiling our
//! `asn1/j2735/` modules, driven through `tests/oracle/oracle.py`.
//!
//! For every type of `asn1/j2735/`, on seeded random valid values made by the oracle:
//!  (a) their encoding decodes with cv2x to their value (`serde_json::to_value` == their JSON);
//!  (b) their JSON deserializes into our type and cv2x encodes it to the same bytes;
//!  (c) our JSON (of the value we decoded) encodes with asn1tools to the same bytes.
//!
//! Needs `python3` with `pip install -r tests/oracle/requirements.txt`; without them the test
//! fails (it never passes silently). Environment:
//!  - `CV2X_DIFF_SEED`: the seed of `random_seed` (default: a new one from the clock);
//!  - `CV2X_DIFF_COUNT`: values per type and seed (default 8);
//!  - `CV2X_PYTHON`: the interpreter (default `python3`).
//!
//! Reproduce a failure:
//! `CV2X_DIFF_SEED=<seed> cargo test --test conformance differential -- --nocapture`, or one
//! type alone: `python3 tests/oracle/oracle.py random --seed <seed> --count K TYPE`
//! (each type has its own generator, so its values do not depend on the other types).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use cv2x::per::{Decode, Encode};
use serde_json::Value;

const FIXED_SEED: u64 = 1;
const DEFAULT_COUNT: usize = 8;
/// Failures printed in full per (type, direction); all are counted.
const MAX_SHOWN_PER_GROUP: usize = 5;

// ---------------------------------------------------------------------------------------------
// The oracle process
// ---------------------------------------------------------------------------------------------

use crate::common::run_oracle;

// ---------------------------------------------------------------------------------------------
// Type dispatch and the per-value check
// ---------------------------------------------------------------------------------------------

/// One value from the oracle.
struct Case {
    ty: String,
    hex: String,
    json: Value,
}

/// One disagreement.
struct Failure {
    ty: String,
    direction: &'static str,
    hex: String,
    theirs: String,
    ours: String,
}

/// Checks (a) and (b) for one case; returns our JSON for (c) when we have one.
type Checker = fn(&Case, &mut Vec<Failure>) -> Option<Value>;

const DIR_A: &str = "(a) their hex -> cv2x decode -> JSON";
const DIR_B: &str = "(b) their JSON -> cv2x serde + encode -> hex";
const DIR_C: &str = "(c) cv2x JSON -> asn1tools encode -> hex";

fn check<T>(case: &Case, failures: &mut Vec<Failure>) -> Option<Value>
where
    T: Decode + Encode + serde::Serialize + serde::de::DeserializeOwned,
{
    let mut fail = |direction, ours: String| {
        failures.push(Failure {
            ty: case.ty.clone(),
            direction,
            hex: case.hex.clone(),
            theirs: case.json.to_string(),
            ours,
        })
    };
    let to_json = |v: &T| serde_json::to_value(v).map_err(|e| format!("serialize error: {e}"));

    // (a) their bytes, our decoder.
    let mut our_json = None;
    match hex::decode(&case.hex) {
        Err(e) => fail(DIR_A, format!("bad hex from the oracle: {e}")),
        Ok(bytes) => match T::from_uper(&bytes).map_err(|e| format!("decode error: {e}")) {
            Err(e) => fail(DIR_A, e),
            Ok(v) => match to_json(&v) {
                Err(e) => fail(DIR_A, e),
                Ok(j) => {
                    if j != case.json {
                        fail(DIR_A, j.to_string());
                    }
                    our_json = Some(j);
                }
            },
        },
    }

    // (b) their value, our encoder.
    match serde_json::from_value::<T>(case.json.clone()) {
        Err(e) => fail(DIR_B, format!("serde_json::from_value error: {e}")),
        Ok(v) => {
            match v.to_uper() {
                Err(e) => fail(DIR_B, format!("encode error: {e}")),
                Ok(bytes) => {
                    let ours = hex::encode(&bytes);
                    if ours != case.hex {
                        fail(DIR_B, format!("hex {ours}"));
                    }
                }
            }
            if our_json.is_none() {
                our_json = to_json(&v).ok();
            }
        }
    }
    our_json
}

fn checkers() -> HashMap<&'static str, Checker> {
    let mut map: HashMap<&'static str, Checker> = HashMap::new();
    macro_rules! register {
        ($t:ty, $name:literal) => {
            assert!(
                map.insert($name, check::<$t> as Checker).is_none(),
                "type {} listed twice by __for_each_j2735_type!",
                $name
            );
        };
    }
    cv2x::__for_each_j2735_type!(register);
    map
}

// ---------------------------------------------------------------------------------------------
// One differential run
// ---------------------------------------------------------------------------------------------

fn count_per_type() -> usize {
    match std::env::var("CV2X_DIFF_COUNT") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("CV2X_DIFF_COUNT={s:?} is not a count")),
        Err(_) => DEFAULT_COUNT,
    }
}

fn run(seed: u64, label: &str) {
    let started = Instant::now();
    let count = count_per_type();
    let checkers = checkers();
    let mut types: Vec<&str> = checkers.keys().copied().collect();
    types.sort_unstable();
    let repro = format!(
        "seed {seed} (reproduce: CV2X_DIFF_SEED={seed} CV2X_DIFF_COUNT={count} \
         cargo test --test conformance differential -- --nocapture)"
    );

    // 1. Random values from the oracle, for every type in one process.
    let mut args = vec![
        "random".to_string(),
        "--seed".into(),
        seed.to_string(),
        "--count".into(),
        count.to_string(),
    ];
    args.extend(types.iter().map(|t| t.to_string()));
    let text = run_oracle(&args, None);

    let mut cases = Vec::new();
    let mut oracle_errors = Vec::new();
    for line in text.lines() {
        if line.starts_with("ERR ") {
            oracle_errors.push(line.to_string());
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        match (fields.next(), fields.next(), fields.next()) {
            (Some(ty), Some(hex), Some(json)) => match serde_json::from_str(json) {
                Ok(json) => cases.push(Case {
                    ty: ty.to_string(),
                    hex: hex.to_string(),
                    json,
                }),
                Err(e) => oracle_errors.push(format!("bad JSON ({e}): {line}")),
            },
            _ => oracle_errors.push(format!("bad line: {line}")),
        }
    }
    // Every type must have had its `count` values made.
    let mut per_type: BTreeMap<&str, usize> = types.iter().map(|t| (*t, 0)).collect();
    for case in &cases {
        match per_type.get_mut(case.ty.as_str()) {
            Some(n) => *n += 1,
            None => oracle_errors.push(format!("value of a type not asked for: {}", case.ty)),
        }
    }
    for (ty, n) in &per_type {
        if *n != count {
            oracle_errors.push(format!("{ty}: {n} values instead of {count}"));
        }
    }

    // 2. (a) and (b) in process.
    let mut failures = Vec::new();
    let mut our_jsons = Vec::new(); // (index into cases, our JSON)
    for (i, case) in cases.iter().enumerate() {
        let checker = checkers[case.ty.as_str()];
        if let Some(j) = checker(case, &mut failures) {
            our_jsons.push((i, j));
        }
    }

    // 3. (c) our JSON through the oracle's encoder, one process for all lines.
    let input: String = our_jsons
        .iter()
        .map(|(i, j)| format!("{}\t{}\n", cases[*i].ty, j))
        .collect();
    let answers = run_oracle(&["encode-lines".to_string()], Some(input));
    let answers: Vec<&str> = answers.lines().collect();
    if answers.len() != our_jsons.len() {
        oracle_errors.push(format!(
            "encode-lines answered {} lines for {} inputs",
            answers.len(),
            our_jsons.len()
        ));
    }
    for ((i, j), answer) in our_jsons.iter().zip(&answers) {
        let case = &cases[*i];
        if *answer != case.hex {
            failures.push(Failure {
                ty: case.ty.clone(),
                direction: DIR_C,
                hex: case.hex.clone(),
                theirs: case.json.to_string(),
                ours: format!("{j}\n      asn1tools encoded it: {answer}"),
            });
        }
    }

    println!(
        "differential [{label}]: {} types x {count} values, {} values checked per direction \
         ((a) {}, (b) {}, (c) {}), {} disagreements, {} oracle errors, seed {seed}, {:.1?}",
        types.len(),
        cases.len(),
        cases.len(),
        cases.len(),
        answers.len().min(our_jsons.len()),
        failures.len(),
        oracle_errors.len(),
        started.elapsed()
    );

    if failures.is_empty() && oracle_errors.is_empty() {
        return;
    }
    panic!("{}", report(&failures, &oracle_errors, cases.len(), &repro));
}

fn report(failures: &[Failure], oracle_errors: &[String], checked: usize, repro: &str) -> String {
    let mut out = format!(
        "\n{} disagreements and {} oracle errors over {checked} values; {repro}\n",
        failures.len(),
        oracle_errors.len()
    );
    let mut groups: BTreeMap<(&str, &str), Vec<&Failure>> = BTreeMap::new();
    for f in failures {
        groups.entry((&f.ty, f.direction)).or_default().push(f);
    }
    if !groups.is_empty() {
        out += "\nby type and direction:\n";
        for ((ty, dir), fs) in &groups {
            out += &format!("  {:>4}  {ty}  {dir}\n", fs.len());
        }
        for ((ty, dir), fs) in &groups {
            out += &format!("\n== {ty}: {dir} ({} values) ==\n", fs.len());
            for f in fs.iter().take(MAX_SHOWN_PER_GROUP) {
                out += &format!(
                    "  hex    {}\n  theirs {}\n  ours   {}\n\n",
                    f.hex, f.theirs, f.ours
                );
            }
            if fs.len() > MAX_SHOWN_PER_GROUP {
                out += &format!("  ... {} more\n", fs.len() - MAX_SHOWN_PER_GROUP);
            }
        }
    }
    if !oracle_errors.is_empty() {
        out += "\noracle errors:\n";
        for e in oracle_errors {
            out += &format!("  {e}\n");
        }
    }
    out + &format!("\n{repro}\n")
}

fn clock_seed() -> u64 {
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    // Short enough to retype, different on every run.
    (t.as_secs() ^ (u64::from(t.subsec_nanos()) << 7)) % 1_000_000_000
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// A known set of values, the same on every run.
#[test]
fn fixed_seed() {
    run(FIXED_SEED, "fixed");
}

/// New values on every run (or `CV2X_DIFF_SEED`).
#[test]
fn random_seed() {
    let seed = match std::env::var("CV2X_DIFF_SEED") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("CV2X_DIFF_SEED={s:?} is not a u64")),
        Err(_) => clock_seed(),
    };
    run(seed, "random");
}

/// Every type's `Default` (all but `MessageFrame`'s) is a valid value: cv2x encodes it and decodes it back, and
/// asn1tools decodes the same bytes to the value's JSON.
#[test]
fn defaults_are_valid_values() {
    let mut input = String::new();
    let mut ours = Vec::new();
    macro_rules! each {
        // A frame has no default message.
        ($t:ty, "MessageFrame") => {};
        ($t:ty, $name:literal) => {{
            let v = <$t>::default();
            let bytes = v
                .to_uper()
                .unwrap_or_else(|e| panic!("{}::default() does not encode: {e}", $name));
            let back = <$t>::from_uper(&bytes)
                .unwrap_or_else(|e| panic!("{}::default() does not decode back: {e}", $name));
            assert!(back == v, "{}::default() decodes back to {back:?}", $name);
            input += &format!("{}\t{}\n", $name, hex::encode(&bytes));
            ours.push(($name, serde_json::to_value(&v).expect("serialize")));
        }};
    }
    cv2x::__for_each_j2735_type!(each);
    let answers = run_oracle(&["decode-lines".to_string()], Some(input));
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(
        answers.len(),
        ours.len(),
        "decode-lines answered {answers:?}"
    );
    let mut wrong = Vec::new();
    for ((name, json), answer) in ours.iter().zip(&answers) {
        match serde_json::from_str::<Value>(answer) {
            Ok(theirs) if theirs == *json => {}
            _ => wrong.push(format!("{name}: ours {json}, asn1tools {answer}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} defaults disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    println!(
        "defaults: {} types encode, decode back and agree with asn1tools",
        ours.len()
    );
}

/// The crate's type list (`__for_each_j2735_type!`) is exactly the types of `asn1/j2735/`.
#[test]
fn every_asn1_type_is_checked() {
    let theirs: BTreeSet<String> = run_oracle(&["types".to_string()], None)
        .lines()
        .map(str::to_string)
        .collect();
    let ours: BTreeSet<String> = checkers().keys().map(|s| s.to_string()).collect();
    assert!(!theirs.is_empty(), "oracle.py types listed nothing");
    let missing: Vec<_> = theirs.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&theirs).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "asn1/j2735/ types without a cv2x type: {missing:?}\ncv2x types not in asn1/j2735/: {extra:?}"
    );
    println!(
        "differential: {} types in asn1/j2735/ and in cv2x",
        ours.len()
    );
}

/// The PSM builder's output, read back by asn1tools: the same JSON as ours, and asn1tools
/// encodes that JSON to the same octets.
#[test]
fn psm_builder_output_reads_back_with_asn1tools() {
    use cv2x::j2735::{HumanPropelledType, MotorizedPropelledType};
    use cv2x::j2735::{MessageFrame, PersonalDeviceUserType, PropelledInformation, PsmBuilder};
    let built = [
        PsmBuilder::new(
            PersonalDeviceUserType::APEDESTRIAN,
            [0x24, 0x77, 0x9d, 0x7e],
        )
        .msg_cnt(26)
        .sec_mark_ms(3_564)
        .position_deg(40.2397377, -74.2761437)
        .speed_mps(1.4)
        .heading_deg(90.0)
        .propulsion(PropelledInformation::Human(HumanPropelledType::OnFoot))
        .build()
        .unwrap(),
        PsmBuilder::new(PersonalDeviceUserType::APEDALCYCLIST, [1, 2, 3, 4])
            .position_deg(-33.8688, 151.2093)
            .elevation_m(58.4)
            .speed_mps(6.5)
            .heading_deg(359.9)
            .propulsion(PropelledInformation::Motor(MotorizedPropelledType::Bicycle))
            .path_point(0.000018, -0.00001, 1.0)
            .path_point(0.000036, -0.00002, 2.0)
            .build()
            .unwrap(),
    ];
    for psm in built {
        let bytes = MessageFrame::from(psm).to_uper().unwrap();
        let hex = hex::encode(&bytes);
        let ours = serde_json::to_value(MessageFrame::from_uper(&bytes).unwrap()).unwrap();
        let out = run_oracle(
            &["decode".into(), "MessageFrame".into()],
            Some(format!("{hex}\n")),
        );
        let theirs: Value = serde_json::from_str(out.trim())
            .unwrap_or_else(|e| panic!("asn1tools on {hex}: {out} ({e})"));
        assert_eq!(theirs, ours, "{hex}");
        let again = run_oracle(
            &["encode".into(), "MessageFrame".into()],
            Some(format!("{ours}\n")),
        );
        assert_eq!(again.trim(), hex);
    }
}
