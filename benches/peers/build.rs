//! Generates the peers' bindings from cv2x's own ASN.1 modules (`../../asn1/j2735/*.asn` and,
//! for the China profile, `../../asn1/csae/<edition>/*.asn`) into `OUT_DIR` at build time:
//!
//! - `rasn.rs`: `rasn-compiler`, from the files with `RegionalExtension` unparameterised
//!   (see `unparameterise`: neither compiler writes the `REGION` sets), wire-identical;
//! - `rasn_csae<edition>.rs`: `rasn-compiler` the same way, on one CSAE edition's files
//!   (`asn1/csae/2020/`, `asn1/csae/2019/`). It is first run on
//!   the files as they are; if that fails, its error is kept for the bench to print and it is
//!   run on a copy adapted in memory (see `drop_closing_markers`), each change
//!   wire-identical in UPER;
//! - `hampi.rs`: `asn1-compiler` (hampi). It is first run on the files as they are, and its
//!   error, if any, is kept for the bench to print (`hampi_status.rs`). It is then run on a
//!   copy adapted in memory (see `HAMPI_ADAPTATIONS`), each change wire-identical in UPER.
//!   The bench uses that copy if it compiles, and says so. The files in `asn1/j2735/` are never
//!   changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Textual changes made to the ASN.1 text handed to hampi: (what, replacement, expected
/// number of matches, why). Each keeps the UPER encoding of every value unchanged.
const HAMPI_ADAPTATIONS: &[(&str, &str, usize, &str)] = &[
    (
        "regionId     REG-EXT-ID-AND-TYPE.&id,\n   regExtValue  REG-EXT-ID-AND-TYPE.&Type\n",
        "regionId     RegionId,\n   regExtValue  OCTET STRING\n",
        1,
        "asn1-compiler requires a table constraint on class-field references \
         (\"Resolve: constraints is empty. Expected at-least one constraint!\"); \
         RegionalExtension's are unconstrained here. In UPER an open type is an unconstrained \
         length and octets, as is an unconstrained OCTET STRING.",
    ),
    (
        "IA5String",
        "VisibleString",
        13,
        "asn1_codecs_derive has no IA5String (\"This ASN.1 Type is not supported.\"); \
         both are 7 bits a character in UPER, with the character's code.",
    ),
    (
        "RELATIVE-OID",
        "OCTET STRING",
        1,
        "asn1-compiler does not parse RELATIVE-OID (\"Failed to parse a definition at \
         Token ... RelativeRoadAuthorityID\"); in UPER a RELATIVE-OID is an unconstrained \
         length and its contents octets, as is an unconstrained OCTET STRING.",
    ),
    (
        "   data         LaneDataAttributeList OPTIONAL,",
        "   laneData     LaneDataAttributeList OPTIONAL,",
        2,
        "asn1_codecs_derive's generated encoder names its parameter `data`, which an \
         OPTIONAL component named `data` shadows (error[E0308]: mismatched types); \
         component names are not encoded.",
    ),
];

/// The modules of the regional extension groups' content and sets, which the peers do not
/// read (see `unparameterise`).
const REGION_MODULES: &[&str] = &["REGION.asn", "AddGrpB.asn", "AddGrpC.asn"];

/// The CSAE editions whose modules get rasn bindings (folders under `asn1/csae/`).
const CSAE_EDITIONS: &[&str] = &["2020", "2019"];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let asn1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../asn1");
    let files = asn_files(&asn1.join("j2735"));
    assert!(
        !files.is_empty(),
        "no .asn files in {}",
        asn1.join("j2735").display()
    );

    // The peers read the regional extensions as plain open types (see `unparameterise`).
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !REGION_MODULES.iter().any(|m| f.ends_with(m)))
        .collect();
    let sources: Vec<String> = files
        .iter()
        .map(|f| unparameterise(&std::fs::read_to_string(f).expect("read .asn")))
        .collect();
    let warnings = rasn(&sources, &out.join("rasn.rs"))
        .unwrap_or_else(|e| panic!("rasn-compiler failed on ../../asn1/j2735: {e}"));
    let mut status = format!("pub const RASN_COMPILER_WARNINGS: &str = {warnings:?};\n");

    // The China profile: one set of bindings per edition, each from its own folder.
    println!("cargo:rerun-if-changed={}", asn1.join("csae").display());
    status.push_str(
        "/// Per CSAE edition: (edition, error on the text as it is, adaptations made, \
         warnings).\n\
         pub const RASN_CSAE: &[(&str, Option<&str>, &str, &str)] = &[\n",
    );
    for edition in CSAE_EDITIONS {
        let dir = asn1.join("csae").join(edition);
        let path = out.join(format!("rasn_csae{edition}.rs"));
        let files = asn_files(&dir);
        assert!(!files.is_empty(), "no .asn files in {}", dir.display());
        let mut sources: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("read .asn"))
            .collect();
        // As they are; if that fails, the error is kept and the adapted text compiled; if
        // that fails too, no bindings (the error printed, rasn not measured on the edition).
        println!("cargo::rustc-check-cfg=cfg(rasn_csae{edition})");
        let (original, notes, warnings) = match rasn(&sources, &path) {
            Ok(w) => (None, String::new(), w),
            Err(original) => {
                let mut notes = String::new();
                let mut dropped = 0;
                for s in &mut sources {
                    let (t, n) = drop_closing_markers(s);
                    *s = t;
                    dropped += n;
                }
                if dropped > 0 {
                    let _ = writeln!(
                        notes,
                        "- {dropped} closing extension markers removed (`..., additions, ...` \
                         -> `..., additions`): rasn-compiler 0.16 parses none (\"Error matching \
                         ASN syntax\"); with nothing after it, a closing marker changes nothing \
                         on the wire."
                    );
                }
                match rasn(&sources, &path) {
                    Ok(w) => (Some(original), notes, w),
                    Err(e) => {
                        println!(
                            "cargo:warning=rasn-compiler failed on asn1/csae/{edition} as it is \
                             ({original}) and adapted ({e}): rasn not measured on it"
                        );
                        std::fs::write(&path, "").expect("write rasn_csae.rs");
                        let _ = writeln!(notes, "- adapted text FAILED too: {e}");
                        let _ = writeln!(
                            status,
                            "    ({edition:?}, {original:?}, {notes:?}, \"NOT BUILT\"),"
                        );
                        continue;
                    }
                }
            }
        };
        println!("cargo:rustc-cfg=rasn_csae{edition}");
        let _ = writeln!(
            status,
            "    ({edition:?}, {original:?}, {notes:?}, {warnings:?}),"
        );
    }
    status.push_str("];\n");
    std::fs::write(out.join("rasn_status.rs"), status).expect("write rasn_status.rs");

    hampi(&sources, &out);
}

/// The `.asn` files of `dir`, sorted, each watched for changes (as is `dir`, for files
/// added or removed).
fn asn_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "asn"))
        .collect();
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    files
}

/// rasn-compiler with its default configuration on `sources` (the modules' texts), into
/// `path`; returns its warnings, or its error.
fn rasn(sources: &[String], path: &Path) -> Result<String, String> {
    use rasn_compiler::prelude::*;
    let mut c = Compiler::<RasnBackend, _>::new().add_asn_literal(sources[0].clone());
    for s in &sources[1..] {
        c = c.add_asn_literal(s.clone());
    }
    let result = c.compile_to_string().map_err(|e| e.to_string())?;
    let mut warnings = String::new();
    for w in &result.warnings {
        println!("cargo:warning=rasn-compiler: {w}");
        let _ = writeln!(warnings, "{w}");
    }
    std::fs::write(path, &result.generated).expect("write rasn bindings");
    Ok(warnings)
}

/// hampi's asn1-compiler: once on the modules as they are (error kept), then on the adapted
/// text. `cfg(hampi)` is set when the adapted text compiled.
fn hampi(sources: &[String], out: &Path) {
    use asn1_compiler::generator::{Codec, Derive, Visibility};
    println!("cargo::rustc-check-cfg=cfg(hampi)");
    let mut text = String::new();
    for s in sources {
        text.push_str(s);
        text.push('\n');
    }
    let compile = |text: &str, path: &Path| -> Result<(), String> {
        let mut c = asn1_compiler::Asn1Compiler::new(
            path.to_str().expect("utf-8 OUT_DIR"),
            &Visibility::Public,
            vec![Codec::Uper],
            vec![Derive::Debug, Derive::Clone],
        );
        c.set_rustfmt_generated_code(false);
        c.compile_string(text, false).map_err(|e| format!("{e:#}"))
    };

    // As they are: the result only goes into the status (the generated code, if any, is
    // not compiled: a failure there would stop the whole build).
    let original = compile(&text, &out.join("hampi_original.rs")).err();

    let mut adapted = text.clone();
    let mut notes = String::new();
    for (from, to, n, why) in HAMPI_ADAPTATIONS {
        let found = adapted.matches(from).count();
        assert_eq!(
            found, *n,
            "hampi adaptation: {from:?} found {found} times, expected {n}: has asn1/j2735/ changed?"
        );
        adapted = adapted.replace(from, to);
        let _ = writeln!(notes, "- `{}` -> `{}`: {why}", from.trim(), to.trim());
    }
    let adapted_err = compile(&adapted, &out.join("hampi.rs")).err();
    if adapted_err.is_none() {
        println!("cargo:rustc-cfg=hampi");
    } else {
        std::fs::write(out.join("hampi.rs"), "").expect("write hampi.rs");
    }
    std::fs::write(
        out.join("hampi_status.rs"),
        format!(
            "pub const HAMPI_ORIGINAL_ERROR: Option<&str> = {original:?};\n\
             pub const HAMPI_ADAPTED_ERROR: Option<&str> = {adapted_err:?};\n\
             pub const HAMPI_ADAPTATIONS: &str = {notes:?};\n"
        ),
    )
    .expect("write hampi_status.rs");
}

/// `RegionalExtension` unparameterised, as the peers read it: neither rasn-compiler 0.16 nor
/// asn1-compiler generates the information object sets of `REGION` (rasn's output refers to
/// set types it never writes), so the definition loses its table constraints, every
/// `RegionalExtension {{Reg-XYZ}}` becomes `RegionalExtension` and the sets' imports go
/// (`REGION`, `AddGrpB` and `AddGrpC` are not handed over). On the wire a regional extension
/// is the same either way: a region id, then an open type; the peers read its content as
/// octets.
fn unparameterise(text: &str) -> String {
    let mut t = text.replace(
        "RegionalExtension {REG-EXT-ID-AND-TYPE : Set} ::= SEQUENCE {\n   \
         regionId     REG-EXT-ID-AND-TYPE.&id ({Set}),\n   \
         regExtValue  REG-EXT-ID-AND-TYPE.&Type ({Set}{@regionId})\n",
        "RegionalExtension ::= SEQUENCE {\n   \
         regionId     REG-EXT-ID-AND-TYPE.&id,\n   \
         regExtValue  REG-EXT-ID-AND-TYPE.&Type\n",
    );
    while let Some(at) = t.find(" {{Reg-") {
        let end = t[at..].find("}}").expect("a closed {{Reg-...}}") + at + 2;
        t.replace_range(at..end, "");
    }
    // The import groups `Reg-..., Reg-... FROM REGION` (the `;` of the last one kept).
    while let Some(at) = t.find("FROM REGION") {
        let line_end = t[at..].find('\n').map_or(t.len(), |e| at + e);
        let semicolon = t[at..line_end].contains(';');
        // The group starts after the line of the previous `FROM` (or `IMPORTS`).
        let before = &t[..at];
        let prev_from = before
            .trim_end()
            .rfind("FROM ")
            .or_else(|| before.rfind("IMPORTS"));
        let start = prev_from
            .and_then(|p| t[p..].find('\n').map(|e| p + e + 1))
            .expect("an import group");
        t.replace_range(start..line_end, "");
        if semicolon {
            let keep = t[..start].trim_end().len();
            t.insert(keep, ';');
        }
    }
    t
}

/// Removes the closing extension marker of every type whose extension additions are
/// followed by one (`..., additions, ...` -> `..., additions`), the comma before it
/// included; returns the text and how many it removed. A marker is closing when the same
/// braces already had an opening one (`...,`).
fn drop_closing_markers(text: &str) -> (String, usize) {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut opened: Vec<bool> = Vec::new();
    let mut n = 0;
    let mut i = 0;
    while i < lines.len() {
        let code = lines[i].split("--").next().unwrap_or("").to_owned();
        let t = code.trim();
        if t.starts_with("...") && opened.last() == Some(&true) && !t.starts_with("...,") {
            // A closing marker: drop it, and the comma of the line before it.
            if let Some(j) = (0..i).rev().find(|&j| {
                let c = lines[j].split("--").next().unwrap_or("").trim().to_owned();
                !c.is_empty()
            }) {
                let c = lines[j].split("--").next().unwrap_or("").to_owned();
                if let Some(k) = c.rfind(',') {
                    lines[j].replace_range(k..k + 1, "");
                }
            }
            let rest = t.trim_start_matches("...").to_owned();
            lines[i] = rest;
            n += 1;
        } else if t.starts_with("...,") || t == "..." {
            if let Some(o) = opened.last_mut() {
                *o = true;
            }
        }
        for ch in code.chars() {
            match ch {
                '{' => opened.push(false),
                '}' => {
                    opened.pop();
                }
                _ => {}
            }
        }
        i += 1;
    }
    let mut out = lines.join("\n");
    out.push('\n');
    (out, n)
}
