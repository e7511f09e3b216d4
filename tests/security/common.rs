//! Vector loading.

pub fn hex(s: &str) -> Vec<u8> {
    hex::decode(s.trim()).expect("hex")
}

/// The octets of `tests/vectors/ieee1609dot2/<name>`.
pub fn vector(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/vectors/ieee1609dot2/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    hex(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// Every `.hex` vector file: (name, octets).
pub fn all_vectors() -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/tests/vectors/ieee1609dot2", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".hex"))
        .map(|n| {
            let b = vector(&n);
            (n, b)
        })
        .collect();
    v.sort();
    v
}

/// The rows of `dot2-signatures.tsv` as column name -> value maps.
#[allow(dead_code)]
pub fn signature_rows() -> Vec<std::collections::HashMap<String, String>> {
    let path = format!(
        "{}/tests/vectors/ieee1609dot2/dot2-signatures.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            head.iter()
                .zip(l.split('\t').chain(std::iter::repeat("")))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
