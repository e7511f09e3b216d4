//! The `v2x` binary, run as a user would: the conformance vectors through `decode` and back
//! through `encode`, the argument and `--file` forms, and bad input in the middle of a run.
#![cfg(feature = "cli")]

mod common;

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

use common::{folder, Vector};

/// Runs `v2x args...` with `stdin` as its input.
fn v2x(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_v2x"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run v2x");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_owned();
    // Write from a thread so a large output cannot block the child while we write.
    let writer = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn stdout_lines(out: &Output) -> Vec<&str> {
    std::str::from_utf8(&out.stdout).unwrap().lines().collect()
}

fn stderr_lines(out: &Output) -> Vec<&str> {
    std::str::from_utf8(&out.stderr).unwrap().lines().collect()
}

/// Asserts a clean run: status 0, nothing on stderr.
fn assert_ok(out: &Output) {
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "status {:?}, stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn hex_lines(vs: &[Vector]) -> String {
    vs.iter().map(|v| hex::encode(&v.bytes) + "\n").collect()
}

/// Decodes all vectors in one run, checks the JSON (2020 edition) and encodes all the
/// JSON lines back in one run to the same hex. Returns the JSON lines.
fn round_trip(vs: &[Vector]) -> Vec<serde_json::Value> {
    assert!(!vs.is_empty(), "no vectors found");
    let input = hex_lines(vs);
    let decoded = v2x(&["decode"], &input);
    assert_ok(&decoded);
    let lines = stdout_lines(&decoded);
    assert_eq!(lines.len(), vs.len());
    let mut jsons = Vec::new();
    for (v, line) in vs.iter().zip(&lines) {
        let got: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}: {line}", v.name));
        if v.edition == "2020" {
            let want = v
                .json
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no json", v.name));
            assert_eq!(&got, want, "{}", v.name);
        }
        jsons.push(got);
    }
    let encoded = v2x(&["encode"], std::str::from_utf8(&decoded.stdout).unwrap());
    assert_ok(&encoded);
    assert_eq!(stdout_lines(&encoded), input.lines().collect::<Vec<_>>());
    jsons
}

#[test]
fn bsm_vectors_round_trip_through_stdin() {
    let vs = folder("bsm");
    assert!(vs.len() >= 137, "{}", vs.len());
    let jsons = round_trip(&vs);
    assert!(jsons.iter().all(|j| j["messageId"] == 20));
}

#[test]
fn signal_vectors_round_trip_through_stdin() {
    for (dir, id, at_least) in [
        ("spat", 19, 30),
        ("map", 18, 49),
        ("srm", 29, 17),
        ("ssm", 30, 14),
    ] {
        let vs = folder(dir);
        assert!(vs.len() >= at_least, "{dir}: {}", vs.len());
        let jsons = round_trip(&vs);
        assert!(jsons.iter().all(|j| j["messageId"] == id), "{dir}");
    }
}

#[test]
fn rsm_frames_round_trip_through_stdin() {
    let vs = folder("other");
    let jsons = round_trip(&vs);
    for (v, j) in vs.iter().zip(&jsons) {
        assert_eq!(j["messageId"], 33);
        assert_eq!(Some(j), v.json.as_ref(), "{}", v.name);
    }
}

#[test]
fn unknown_messages_round_trip_byte_exactly() {
    // The RSM frames as message 34, which the crate does not type.
    let mut vs = folder("other");
    for v in &mut vs {
        v.bytes[1] = 0x22;
    }
    let jsons = round_trip(&vs);
    for j in jsons {
        assert_eq!(j["messageId"], 34);
        assert!(j["value"]["$open_hex"].is_string(), "{j}");
    }
}

#[test]
fn stdin_tolerates_blank_lines_whitespace_and_0x() {
    let vs = folder("bsm");
    let (a, b) = (hex::encode(&vs[0].bytes), hex::encode(&vs[1].bytes));
    let out = v2x(&["decode"], &format!("\n  0x{a}\t\r\n\n0X{b}\n   \n"));
    assert_ok(&out);
    let want = v2x(&["decode"], &format!("{a}\n{b}\n"));
    assert_eq!(out.stdout, want.stdout);
    assert_eq!(stdout_lines(&out).len(), 2);
}

#[test]
fn single_argument_forms() {
    let v = &folder("bsm")[0];
    let hex = hex::encode(&v.bytes);
    let decoded = v2x(&["decode", &hex], "");
    assert_ok(&decoded);
    let lines = stdout_lines(&decoded);
    assert_eq!(lines.len(), 1);
    let json: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    if v.edition == "2020" {
        assert_eq!(Some(&json), v.json.as_ref());
    }
    assert_eq!(
        v2x(&["decode", &format!("0x{hex}")], "").stdout,
        decoded.stdout
    );

    let encoded = v2x(&["encode", lines[0]], "");
    assert_ok(&encoded);
    assert_eq!(stdout_lines(&encoded), [hex.as_str()]);
}

#[test]
fn file_of_concatenated_frames() {
    let mut vs = folder("bsm");
    vs.truncate(2);
    vs.push(folder("other").remove(0));
    let bytes: Vec<u8> = vs.iter().flat_map(|v| v.bytes.clone()).collect();
    let path = std::env::temp_dir().join(format!("v2x-cli-test-{}.bin", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let out = v2x(&["decode", "--file", path.to_str().unwrap()], "");
    // The last frame cut short: two frames, then an error naming the third.
    std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
    let cut = v2x(&["decode", "--file", path.to_str().unwrap()], "");
    std::fs::remove_file(&path).unwrap();

    assert_ok(&out);
    let want = v2x(&["decode"], &hex_lines(&vs));
    assert_ok(&want);
    assert_eq!(out.stdout, want.stdout);
    assert_eq!(stdout_lines(&out).len(), 3);

    assert_eq!(cut.status.code(), Some(1));
    assert_eq!(stdout_lines(&cut), stdout_lines(&want)[..2]);
    let err = stderr_lines(&cut);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].starts_with("frame 3 "), "{}", err[0]);
}

#[test]
fn missing_file_fails() {
    let out = v2x(&["decode", "--file", "/nonexistent/v2x-cli-test.bin"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr_lines(&out).len(), 1);
}

/// Runs `good`, `bad`, `good` through `v2x cmd`: one error naming line 2, two outputs,
/// status 1. Returns the error line.
fn bad_middle_line(cmd: &str, good: &str, bad: &str) -> String {
    let out = v2x(&[cmd], &format!("{good}\n{bad}\n{good}\n"));
    assert_eq!(out.status.code(), Some(1));
    let alone = v2x(&[cmd, good], "");
    assert_ok(&alone);
    let want = stdout_lines(&alone)[0];
    assert_eq!(stdout_lines(&out), [want, want]);
    let err = stderr_lines(&out);
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].starts_with("line 2: "), "{}", err[0]);
    err[0].to_owned()
}

#[test]
fn bad_hex_in_the_middle() {
    let good = hex::encode(&folder("bsm")[0].bytes);
    let err = bad_middle_line("decode", &good, "00142zz0");
    assert!(err.contains("hex"), "{err}");
    let err = bad_middle_line("decode", &good, &good[1..]);
    assert!(err.contains("hex"), "{err}");
}

#[test]
fn truncated_frame_in_the_middle() {
    let good = hex::encode(&folder("bsm")[0].bytes);
    let err = bad_middle_line("decode", &good, &good[..good.len() / 2]);
    assert!(err.contains(" at bit "), "{err}");
}

#[test]
fn bad_json_in_the_middle() {
    let good = hex::encode(&folder("bsm")[0].bytes);
    let json = String::from_utf8(v2x(&["decode", &good], "").stdout).unwrap();
    let json = json.trim();
    let err = bad_middle_line("encode", json, &json[..json.len() - 1]);
    assert!(err.contains("JSON"), "{err}");
    let err = bad_middle_line("encode", json, r#"{"messageId": 20, "value": {}}"#);
    assert!(err.contains("JSON"), "{err}");
}

#[test]
fn out_of_range_value_in_json() {
    let good = hex::encode(&folder("bsm")[0].bytes);
    let json = String::from_utf8(v2x(&["decode", &good], "").stdout).unwrap();
    let mut bad: serde_json::Value = serde_json::from_str(&json).unwrap();
    bad["value"]["coreData"]["lat"] = 900_000_002.into();
    let err = bad_middle_line("encode", json.trim(), &bad.to_string());
    assert!(err.contains("value out of range at bit "), "{err}");
    assert!(err.to_lowercase().contains("lat"), "{err}");
}

#[test]
fn negative_vector_fails() {
    let vs = folder("negative");
    assert!(!vs.is_empty());
    let input = hex_lines(&vs);
    let out = v2x(&["decode"], &input);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr_lines(&out).len(), vs.len());
    for v in &vs {
        let out = v2x(&["decode", &hex::encode(&v.bytes)], "");
        assert_eq!(out.status.code(), Some(1), "{}", v.name);
        assert_eq!(stderr_lines(&out).len(), 1, "{}", v.name);
    }
}

/// `v2x decode | head -1`: the reader goes away; v2x stops quietly.
#[test]
fn closed_stdout_is_not_a_panic() {
    let input = hex_lines(&folder("bsm")).repeat(20);
    let mut child = Command::new(env!("CARGO_BIN_EXE_v2x"))
        .arg("decode")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Writing may fail once v2x has exited; that is fine.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).is_ok());
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The stdout pipe is dropped here: v2x's next writes fail with a broken pipe.
    let out = child.wait_with_output().unwrap();
    let _ = writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}

#[test]
fn help_names_the_subcommands() {
    let out = v2x(&["--help"], "");
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("decode") && text.contains("encode"), "{text}");
}

#[test]
fn summary_of_every_message_type() {
    for (dir, head) in [
        ("bsm", "BSM "),
        ("spat", "SPaT: "),
        ("map", "MAP revision "),
        ("srm", "SRM: "),
        ("ssm", "SSM: "),
        ("tim", "TIM #"),
        ("other", "RSM "),
    ] {
        let vs = folder(dir);
        let out = v2x(&["summary"], &hex_lines(&vs));
        assert_ok(&out);
        let heads = stdout_lines(&out)
            .into_iter()
            .filter(|l| !l.starts_with(' '))
            .collect::<Vec<_>>();
        assert_eq!(heads.len(), vs.len(), "{dir}");
        assert!(
            heads.iter().all(|l| l.starts_with(head)),
            "{dir}: {heads:?}"
        );
    }
    // A SPaT line names each signal group with its state and the seconds to its change.
    let out = v2x(&["summary", &hex::encode(&folder("spat")[0].bytes)], "");
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("signal group"));
    // A TIM: what (its ITIS codes), when (start and duration), where (each region).
    let tim = folder("tim")
        .into_iter()
        .find(|v| v.name.ends_with("V2XHub__J2735MessageTest_L714.hex"))
        .unwrap();
    let out = v2x(&["summary", &hex::encode(&tim.bytes)], "");
    assert_ok(&out);
    // An RSM: who issued it, what (its cause), when, where (each region) and its content.
    let rsm = folder("other")
        .into_iter()
        .find(|v| v.name.ends_with("V2XHub__RoadSafteyMessageTest_L1293.hex"))
        .unwrap();
    let rsm_out = v2x(&["summary", &hex::encode(&rsm.bytes)], "");
    assert_ok(&rsm_out);
    assert_eq!(
        String::from_utf8_lossy(&rsm_out.stdout),
        "RSM 1.0.15628.4.1.17.1 event 010c0c0a update 12: cause ITIS group 7 (ITIS 1793), \
         from 2024-03-19 15:30:00.045, 1 recurrence(s)\n  \
         region 1: 38.9549610, -77.1493030\n  \
         sign (critical): \"Wrong Way Driver\"\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "TIM #1 packet 0000000000087faa72: 1 data frame(s)\n  \
         frame 1 roadSignage, priority 5, sign at 28.1185423, -81.8311882 (maintenance)\n    \
         what: work zone: ITIS 769\n    \
         when: from 2025-05-06 19:41 UTC for 5760 min\n    \
         where: region 1 at 28.1185423, -81.8311882: path of 8 nodes (cm offsets), \
         lane width 3.66 m, forward, closed\n"
    );
}

#[test]
fn pcap_decodes_a_real_capture_to_json_lines_and_summarises_it() {
    let cap = common::capture("coc-pc5-bsm-udp-proxy.pcap");
    let cap = cap.to_str().unwrap();
    let out = v2x(&["pcap", cap], "");
    assert_ok(&out);
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), 20);
    for l in lines {
        let j: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(j["framing"], "ProxyWsmp");
        assert_eq!(j["psid"], "0x1");
        assert_eq!(j["dst"], "127.0.0.1:1234");
        assert_eq!(j["frame"]["messageId"], 20);
    }
    let out = v2x(&["pcap", "--summary", cap], "");
    assert_ok(&out);
    assert_eq!(
        stdout_lines(&out),
        ["message    20 from 10.150.34.38:1234: 20 messages, 5.0/s"]
    );
}

#[test]
fn pcap_replay_sends_every_datagram_with_its_timing() {
    let cap = common::capture("coc-pc5-bsm-udp-proxy.pcap");
    let rx = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    rx.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    let to = rx.local_addr().unwrap().to_string();
    // The capture spans about 3.8 s at 5 messages a second; ten times faster is ~0.4 s.
    let start = std::time::Instant::now();
    let out = v2x(
        &[
            "pcap",
            cap.to_str().unwrap(),
            "--replay",
            &to,
            "--speed",
            "10",
        ],
        "",
    );
    let took = start.elapsed();
    assert_ok(&out);
    assert_eq!(stdout_lines(&out).len(), 20);
    let mut buf = [0u8; 2048];
    for _ in 0..20 {
        let n = rx.recv(&mut buf).expect("a replayed datagram");
        let u = cv2x::link::unwrap(&buf[..n]).unwrap();
        assert_eq!(u.framing(), cv2x::link::Framing::ProxyWsmp);
    }
    assert!(
        took >= std::time::Duration::from_millis(300),
        "{took:?}: the timing was not kept"
    );
}

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cv2x-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn json_line(out: &Output) -> serde_json::Value {
    let lines = stdout_lines(out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    serde_json::from_str(lines[0]).unwrap()
}

#[test]
fn demo_chain_sign_and_verify() {
    let dir = temp_dir("sign");
    let d = dir.to_str().unwrap();
    let chain = v2x(&["demo-chain", d], "");
    assert_ok(&chain);
    let other = v2x(&["demo-chain", &format!("{d}/other")], "");
    assert_ok(&other);
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f))
            .unwrap()
            .trim()
            .to_string()
    };
    let (root, rsu) = (read("root.cert.hex"), read("rsu.cert.hex"));
    let other_root = read("other/root.cert.hex");
    let key = dir.join("rsu.key.hex");
    // A real SPaT frame from the vectors, signed with the certificate, then by digest.
    let frame = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/spat/V2XHub__TestSignalControllerConnection_L369.hex"
    ))
    .unwrap();
    let frame = frame.trim();
    let signed = v2x(
        &[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--cert",
            &rsu,
            "--psid",
            "0x82",
            frame,
        ],
        "",
    );
    assert_ok(&signed);
    let spdu = stdout_lines(&signed)[0].to_string();
    let ok = v2x(&["verify", &spdu, "--trust", &root], "");
    assert_ok(&ok);
    let j = json_line(&ok);
    assert_eq!(
        (j["signature"].as_str(), j["chain"].as_str()),
        (Some("valid"), Some("trusted"))
    );
    assert_eq!(j["psid"], 0x82);
    assert!(j["generationTime"].as_u64().unwrap() > 600_000_000_000_000);
    assert_eq!(j["signer"].as_str().unwrap().len(), 16);
    assert!(j.get("reason").is_none());
    assert_eq!(j["payload"]["messageId"], 19);
    // Without anchors the chain is not checked, and the run still succeeds.
    let j = json_line(&v2x(&["verify", &spdu], ""));
    assert_eq!(
        (j["signature"].as_str(), j["chain"].as_str()),
        (Some("valid"), Some("not-checked"))
    );
    // Under another root: untrusted, exit 1.
    let out = v2x(&["verify", &spdu, "--trust", &other_root], "");
    assert!(!out.status.success());
    let j = json_line(&out);
    assert_eq!(
        (j["signature"].as_str(), j["chain"].as_str()),
        (Some("valid"), Some("untrusted"))
    );
    assert!(
        j["reason"].as_str().unwrap().contains("not a trust anchor"),
        "{j}"
    );
    // One bit flipped in the signature: invalid, exit 1.
    let mut bad = hex::decode(&spdu).unwrap();
    let n = bad.len();
    bad[n - 1] ^= 1;
    let out = v2x(&["verify", &hex::encode(&bad)], "");
    assert!(!out.status.success());
    assert_eq!(json_line(&out)["signature"], "invalid");
    // Signed by digest: unknown without the certificate, valid and trusted with it;
    // several SPDUs on stdin give one line each.
    let by_digest = v2x(
        &[
            "sign",
            "--digest",
            "--key",
            key.to_str().unwrap(),
            "--cert",
            &rsu,
            "--psid",
            "0x82",
            frame,
        ],
        "",
    );
    let d_spdu = stdout_lines(&by_digest)[0].to_string();
    let out = v2x(&["verify"], &format!("{d_spdu}\n"));
    assert!(!out.status.success());
    assert_eq!(json_line(&out)["signature"], "unknown-signer");
    let out = v2x(
        &["verify", "--cert", &rsu, "--trust", &root],
        &format!("{d_spdu}\n{spdu}\n"),
    );
    assert_ok(&out);
    assert_eq!(stdout_lines(&out).len(), 2);
    // A PSID the certificate does not hold (BSM): the signature is valid, the message refused.
    let bsm = v2x(
        &[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--cert",
            &rsu,
            "--psid",
            "0x20",
            frame,
        ],
        "",
    );
    let out = v2x(&["verify", stdout_lines(&bsm)[0], "--trust", &root], "");
    assert!(!out.status.success());
    let j = json_line(&out);
    assert_eq!(j["signature"], "valid");
    assert_eq!(j["reason"], "signer may not sign PSID 32");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_a_real_signed_bsm() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/ieee1609dot2/ode_bsm_signed_digest.hex"
    );
    let spdu = std::fs::read_to_string(path).unwrap();
    let bin = temp_dir("bsm");
    std::fs::create_dir_all(&bin).unwrap();
    let file = bin.join("bsm.bin");
    std::fs::write(&file, hex::decode(spdu.trim()).unwrap()).unwrap();
    let out = v2x(&["verify", "--file", file.to_str().unwrap()], "");
    assert!(!out.status.success());
    let j = json_line(&out);
    assert_eq!(j["signature"], "unknown-signer");
    assert_eq!(j["signer"], "5b073a8672e91e9d");
    assert_eq!(j["generationTime"], 636_913_807_899_000u64);
    // The payload is a BSM, decoded.
    assert_eq!(j["payload"]["messageId"], 20);
    let _ = std::fs::remove_dir_all(&bin);
}

/// Decodes all vectors under `--profile profile` in one run, checks each JSON line against
/// the expected JSON beside the vector, and encodes the lines back in one run to the same hex.
fn profile_round_trip(profile: &str, vs: &[Vector]) {
    let input = hex_lines(vs);
    let decoded = v2x(&["decode", "--profile", profile], &input);
    assert_ok(&decoded);
    let lines = stdout_lines(&decoded);
    assert_eq!(lines.len(), vs.len());
    for (v, line) in vs.iter().zip(&lines) {
        let got: serde_json::Value = serde_json::from_str(line).unwrap();
        let want = v
            .json
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no json", v.name));
        assert_eq!(&got, want, "{}", v.name);
    }
    let encoded = v2x(
        &["encode", "--profile", profile],
        std::str::from_utf8(&decoded.stdout).unwrap(),
    );
    assert_ok(&encoded);
    assert_eq!(stdout_lines(&encoded), input.lines().collect::<Vec<_>>());
}

/// The real CSAE frames (all 2019-draft encodings, public Hisense traffic) that 2020
/// decodes byte-exactly: SPAT, BSM and RSM are the same on the wire in both editions.
fn csae_vectors() -> Vec<Vector> {
    ["csae/spat", "csae/bsm", "csae/rsm"]
        .into_iter()
        .flat_map(folder)
        .collect()
}

#[test]
fn csae_2020_decode_gives_the_expected_json_and_encodes_back() {
    let vs = csae_vectors();
    assert_eq!(vs.len(), 10);
    profile_round_trip("csae-2020", &vs);
    // The same frames are not J2735: the default profile refuses every one.
    let out = v2x(&["decode"], &hex_lines(&vs));
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(stderr_lines(&out).len(), vs.len());
}

#[test]
fn csae_2020_refuses_the_2019_draft_map_and_rsi() {
    // The MAP "decodes" as a 2020 MapData in its first 154 bits; the rest is left over.
    let map = &folder("csae/map")[0];
    let out = v2x(
        &["decode", "--profile", "csae-2020", &hex::encode(&map.bytes)],
        "",
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(
        stderr_lines(&out)[0].contains("trailing data after the value at bit 154"),
        "{:?}",
        stderr_lines(&out)
    );
    let rsi = &folder("csae/rsi")[0];
    let out = v2x(
        &[
            "summary",
            "--profile",
            "csae-2020",
            &hex::encode(&rsi.bytes),
        ],
        "",
    );
    assert!(!out.status.success() && out.stdout.is_empty());
}

#[test]
fn csae_2017_decodes_its_frames_to_their_json_and_back_and_unknown_profiles_are_refused() {
    let vs = folder("csae/random/V3");
    assert_eq!(vs.len(), 20);
    profile_round_trip("csae-2017", &vs);
    let out = v2x(
        &[
            "summary",
            "--profile",
            "csae-2017",
            &hex::encode(&vs[1].bytes),
        ],
        "",
    );
    assert_ok(&out);
    // A 2017 SPAT's content, read with 2017's light numbers.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("SPAT #127: 3 intersection(s)")
            && text.contains("phase 200: protected green"),
        "{text}"
    );
    let out = v2x(&["summary", "--profile", "gb", "00"], "");
    assert_eq!(out.status.code(), Some(2));
}

/// Every real CSAE frame (all 2019-draft encodings).
fn csae_real() -> Vec<Vector> {
    ["csae/bsm", "csae/map", "csae/rsi", "csae/rsm", "csae/spat"]
        .into_iter()
        .flat_map(folder)
        .collect()
}

#[test]
fn csae_2019_decodes_every_real_frame_to_its_json_and_back() {
    let vs = csae_real();
    assert_eq!(vs.len(), 12);
    profile_round_trip("csae-2019", &vs);
    // The MAP's summary: its node, links and lanes with their phases.
    let map = &folder("csae/map")[0];
    let out = v2x(
        &[
            "summary",
            "--profile",
            "csae-2019",
            &hex::encode(&map.bytes),
        ],
        "",
    );
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("MAP #"), "{text}");
    assert!(
        text.contains("\n  node 1/149 at 28.0985258, 112.9830304:"),
        "{text}"
    );
    // Its lane 1 from node 148 leads to three nodes under three phases.
    assert!(
        text.contains(
            "\n    link from 1/148: 1 lane(s)\n      lane   1 (4 points): \
             to 1/1091 phase 1, to 1/150 phase 2, to 1/1095 phase 3"
        ),
        "{text}"
    );
}

#[test]
fn csae_ranked_names_the_edition_of_every_real_frame() {
    let vs = csae_real();
    let input = hex_lines(&vs);
    let decoded = v2x(&["decode", "--profile", "csae"], &input);
    assert_ok(&decoded);
    // The frame as the named edition prints it, byte for byte.
    let named = v2x(&["decode", "--profile", "csae-2019"], &input);
    assert_ok(&named);
    for (line, frame) in stdout_lines(&decoded).iter().zip(stdout_lines(&named)) {
        assert!(line.ends_with(&format!(r#""frame":{frame}}}"#)), "{line}");
    }
    for (v, line) in vs.iter().zip(stdout_lines(&decoded)) {
        let got: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(&got["frame"], v.json.as_ref().unwrap(), "{}", v.name);
        // MAP and RSI only the 2019 draft reads; the others 2020 reads alike.
        if v.name.starts_with("csae/map") || v.name.starts_with("csae/rsi") {
            assert_eq!(got["edition"], "csae-2019", "{}", v.name);
            assert_eq!(got.get("sameAs"), None, "{}", v.name);
        } else {
            assert_eq!(got["edition"], "csae-2020", "{}", v.name);
            assert_eq!(
                got["sameAs"],
                serde_json::json!(["csae-2019"]),
                "{}",
                v.name
            );
        }
    }
    let encoded = v2x(
        &["encode", "--profile", "csae"],
        std::str::from_utf8(&decoded.stdout).unwrap(),
    );
    assert_ok(&encoded);
    assert_eq!(stdout_lines(&encoded), input.lines().collect::<Vec<_>>());
    // A J2735 frame is no CSAE edition's: the error names each edition's refusal.
    let bsm = &folder("bsm")[0];
    let out = v2x(
        &["decode", "--profile", "csae", &hex::encode(&bsm.bytes)],
        "",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no CSAE edition reads this frame: csae-2020: "),
        "{err}"
    );
    assert!(err.contains("; csae-2019: "), "{err}");
}

#[test]
fn csae_2020_spat_summary_shows_each_phase_and_time_to_green() {
    let spat = folder("csae/spat")
        .into_iter()
        .find(|v| v.name.ends_with("zyjohn_v2x_example_txt_L1.hex"))
        .unwrap();
    let out = v2x(
        &[
            "summary",
            "--profile",
            "csae-2020",
            &hex::encode(&spat.bytes),
        ],
        "",
    );
    assert_ok(&out);
    let lines = stdout_lines(&out);
    assert_eq!(lines[0], "SPAT #48: 1 intersection(s)");
    assert_eq!(
        lines[1],
        "  intersection 255/9 (times from the message's time):"
    );
    // Eight phases; the Hisense future states that end where they start are flagged.
    // (README.md shows these lines.)
    assert_eq!(lines.len(), 10);
    assert_eq!(
        lines[4],
        "    phase  41: red, changes in 46.0 s, green in 46.0 s, then permissive green at 46.0 s \
         [state 1: ends at or before its start] [state 2: ends at or before its start]"
    );
    assert!(lines[2].starts_with(
        "    phase  33: permissive green, changes in 3.0 s, green now, then yellow at 3.0 s"
    ));
    // Every real SPAT: one line per phase.
    let vs = folder("csae/spat");
    let out = v2x(&["summary", "--profile", "csae-2020"], &hex_lines(&vs));
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    let phases: usize = vs
        .iter()
        .map(|v| {
            v.json.as_ref().unwrap()["spatFrame"]["intersections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["phases"].as_array().unwrap().len())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(text.matches("    phase ").count(), phases);
}

#[test]
fn pcap_with_dsmp_frames_decodes_under_csae_2020() {
    use cv2x::link::dsmp::{aid, Dsmp};
    use cv2x::link::pcap::{CaptureWriter, Encapsulation};
    let dir = temp_dir("csae-dsmp-pcap");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dsmp.pcap");
    let spat = folder("csae/spat");
    let bsm = folder("csae/bsm");
    let frames = [
        (aid::SPAT, &spat[0]),
        (aid::BSM, &bsm[0]),
        (aid::SPAT, &spat[1]),
    ];
    let mut w = CaptureWriter::create(
        &path,
        Encapsulation::Udp {
            src: "192.168.1.20:30000".parse().unwrap(),
            dst: "192.168.1.255:30001".parse().unwrap(),
        },
    )
    .unwrap();
    for (i, (a, v)) in frames.iter().enumerate() {
        let mut d = Vec::new();
        Dsmp::new(*a, &v.bytes).write(&mut d).unwrap();
        w.write(
            std::time::Duration::from_millis(1_700_000_000_000 + 100 * i as u64),
            &d,
        )
        .unwrap();
    }
    drop(w);
    let p = path.to_str().unwrap();
    let out = v2x(&["pcap", "--profile", "csae-2020", p], "");
    assert_ok(&out);
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), 3);
    for ((a, v), line) in frames.iter().zip(lines) {
        let j: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(j["framing"], "Dsmp");
        assert_eq!(j["aid"], *a);
        assert_eq!(j["edition"], "csae-2020");
        assert_eq!(j["psid"], serde_json::Value::Null);
        assert_eq!(j["src"], "192.168.1.20:30000");
        assert_eq!(&j["frame"], v.json.as_ref().unwrap(), "{}", v.name);
    }
    let out = v2x(&["pcap", "--summary", "--profile", "csae-2020", p], "");
    assert_ok(&out);
    assert_eq!(
        stdout_lines(&out),
        [
            "message BSM from 192.168.1.20:30000: 1 messages, -",
            "message SPAT from 192.168.1.20:30000: 2 messages, 5.0/s",
        ]
    );
    // Ranked: the same frames, each named csae-2020 (which the 2019 draft reads alike).
    let out = v2x(&["pcap", "--profile", "csae", p], "");
    assert_ok(&out);
    for line in stdout_lines(&out) {
        let j: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(j["edition"], "csae-2020");
    }
    // Under the default profile the CSAE payloads are not J2735 frames.
    let out = v2x(&["pcap", p], "");
    assert!(!out.status.success());
    std::fs::remove_dir_all(&dir).ok();
}
