//! `v2x sign`, `v2x verify` and `v2x demo-chain`: IEEE 1609.2 signed messages.

use std::path::{Path, PathBuf};

use cv2x::j2735::MessageFrame;
use cv2x::per::Decode;
use cv2x::sec::sign::{Identity, SignerKind};
use cv2x::sec::trust::TrustStore;
use cv2x::sec::verify::{ChainState, SignatureState, Verifier};
use cv2x::sec::{Certificate, Coer, HeaderInfo, Psid, Time64};
use cv2x::text;
use serde_json::{json, Value};

/// The 1609.2 time now (µs since 2004, TAI).
pub fn now() -> Time64 {
    let us = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0);
    Time64::from_unix_micros(us)
}

/// A PSID as decimal or `0x` hex (the 1609.2 integer: SPaT is 0x82, not 0x8002).
pub fn parse_psid(s: &str) -> Result<Psid, String> {
    let v = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16),
        None => s.parse(),
    };
    v.map(Psid).map_err(|e| format!("PSID {s}: {e}"))
}

fn cert_from_hex(s: &str) -> Result<Certificate, String> {
    let b = text::parse_hex(s.trim()).map_err(|e| format!("certificate: {e}"))?;
    Certificate::from_coer(&b).map_err(|e| format!("certificate: {e}"))
}

fn read_hex_file(path: &Path) -> Result<Vec<u8>, String> {
    let t = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text::parse_hex(t.trim()).map_err(|e| format!("{}: {e}", path.display()))
}

/// What `v2x sign` needs.
pub struct SignArgs<'a> {
    pub key: &'a Path,
    pub cert: &'a str,
    pub issuer: Option<&'a str>,
    pub psid: Psid,
    pub digest: bool,
    pub expiry_s: Option<u64>,
}

/// Signs one payload (hex) and returns the SPDU as hex.
pub fn sign(payload_hex: &str, a: &SignArgs<'_>) -> Result<String, String> {
    let payload = text::parse_hex(payload_hex.trim()).map_err(|e| e.to_string())?;
    let key: [u8; 32] = read_hex_file(a.key)?
        .try_into()
        .map_err(|_| "the key file must hold 32 octets of hex".to_string())?;
    let cert = cert_from_hex(a.cert)?;
    let issuer = match a.issuer {
        Some(h) => {
            let mut s = TrustStore::default();
            let id = s
                .add(cert_from_hex(h)?)
                .map_err(|e| format!("issuer: {e}"))?;
            Some(s.find(&id).cloned().expect("just added"))
        }
        None => None,
    };
    let id = Identity::new(&key, cert, issuer.as_ref()).map_err(|e| e.to_string())?;
    let mut header = HeaderInfo::new(a.psid);
    let t = now();
    header.generation_time = Some(t);
    header.expiry_time = a.expiry_s.map(|s| Time64(t.0 + s * 1_000_000));
    let kind = if a.digest {
        SignerKind::Digest
    } else {
        SignerKind::Certificate
    };
    let spdu = id.sign(&payload, header, kind).map_err(|e| e.to_string())?;
    Ok(text::to_hex(&spdu))
}

/// A verifier configured from `--cert` and `--trust`.
pub fn verifier(certs: &[String], trust: &[String]) -> Result<Verifier, String> {
    let mut store = TrustStore::default();
    for t in trust {
        store
            .add_anchor(cert_from_hex(t)?)
            .map_err(|e| format!("trust anchor: {e}"))?;
    }
    let certs = certs
        .iter()
        .map(|c| cert_from_hex(c))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(p) = store.add_all(certs).first() {
        return Err(format!("certificate: {p}"));
    }
    let mut v = Verifier::new(store);
    v.learn = false;
    Ok(v)
}

/// Verifies one SPDU: the JSON line, and whether it is accepted.
pub fn verify(v: &mut Verifier, spdu: &[u8], at: Time64) -> (String, bool) {
    let r = v.check(spdu, at);
    let mut o = json!({
        "signature": match r.signature {
            SignatureState::Valid => "valid",
            SignatureState::Invalid => "invalid",
            SignatureState::UnknownSigner => "unknown-signer",
        },
        "chain": match r.chain {
            ChainState::Trusted => "trusted",
            ChainState::Untrusted => "untrusted",
            ChainState::NotChecked => "not-checked",
        },
    });
    let m = o.as_object_mut().expect("an object");
    if let Some(reason) = &r.refusal {
        m.insert("reason".into(), reason.to_string().into());
    }
    if let Some(p) = r.psid {
        m.insert("psid".into(), p.0.into());
    }
    if let Some(t) = r.generation_time {
        m.insert("generationTime".into(), t.0.into());
    }
    if let Some(s) = r.signer {
        m.insert("signer".into(), s.to_string().into());
    }
    if let Some(ssp) = r.ssp.as_ref().and_then(|s| s.octets()) {
        m.insert("ssp".into(), text::to_hex(ssp).into());
    }
    if let Some(p) = r.payload {
        match MessageFrame::from_uper(p)
            .ok()
            .and_then(|f| serde_json::to_value(&f).ok())
        {
            Some(frame) => {
                m.insert("payload".into(), frame);
            }
            None => {
                m.insert("payloadHex".into(), Value::from(text::to_hex(p)));
            }
        }
    }
    (o.to_string(), r.accepted())
}

/// A demo chain: a self-signed root and an RSU certificate under it for `psids`, with
/// fresh keys; written to `dir` as hex files. For demonstrations and tests only.
pub fn demo_chain(dir: &Path, psids: &[Psid]) -> Result<String, String> {
    let mut seed = [0u8; 64];
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    let (rk, sk): ([u8; 32], [u8; 32]) = (
        seed[..32].try_into().expect("32"),
        seed[32..].try_into().expect("32"),
    );
    // Valid from an hour ago (clocks differ).
    let start = Time64(now().0.saturating_sub(3_600_000_000));
    let root = Identity::demo_root(rk, start).map_err(|e| e.to_string())?;
    let rsu = root
        .issue_demo(sk, psids, start)
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let files: [(&str, Vec<u8>); 4] = [
        (
            "root.cert.hex",
            root.cert.to_coer().map_err(|e| e.to_string())?,
        ),
        ("root.key.hex", rk.to_vec()),
        (
            "rsu.cert.hex",
            rsu.cert.to_coer().map_err(|e| e.to_string())?,
        ),
        ("rsu.key.hex", sk.to_vec()),
    ];
    let mut written: Vec<PathBuf> = Vec::new();
    for (name, b) in files {
        let p = dir.join(name);
        std::fs::write(&p, text::to_hex(&b) + "\n").map_err(|e| format!("{}: {e}", p.display()))?;
        written.push(p);
    }
    Ok(json!({
        "root": root.id().to_string(),
        "rsu": rsu.id().to_string(),
        "psids": psids.iter().map(|p| p.0).collect::<Vec<_>>(),
        "files": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    })
    .to_string())
}
