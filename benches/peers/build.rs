//! Generates the peers' bindings from cv2x's own ASN.1 modules (`../../asn1/j2735/*.asn`) into
//! `OUT_DIR` at build time:
//!
//! - `rasn.rs`: `rasn-compiler`, from the files as they are (no change was needed);
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
         RegionalExtension's are unconstrained. In UPER an open type is an unconstrained \
         length and octets, as is an unconstrained OCTET STRING.",
    ),
    (
        "IA5String",
        "VisibleString",
        5,
        "asn1_codecs_derive has no IA5String (\"This ASN.1 Type is not supported.\"); \
         both are 7 bits a character in UPER, with the character's code.",
    ),
    (
        "   data         LaneDataAttributeList OPTIONAL,",
        "   laneData     LaneDataAttributeList OPTIONAL,",
        1,
        "asn1_codecs_derive's generated encoder names its parameter `data`, which an \
         OPTIONAL component named `data` shadows (error[E0308]: mismatched types); \
         component names are not encoded.",
    ),
];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../asn1/j2735");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "asn"))
        .collect();
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    assert!(!files.is_empty(), "no .asn files in {}", dir.display());

    rasn(&files, &out);
    hampi(&files, &out);
}

/// rasn-compiler, on the modules unchanged. A failure stops the build: rasn is the
/// reference peer.
fn rasn(files: &[PathBuf], out: &Path) {
    use rasn_compiler::prelude::*;
    let result = Compiler::<RasnBackend, _>::new()
        .add_asn_sources_by_path(files.iter())
        .compile_to_string()
        .unwrap_or_else(|e| panic!("rasn-compiler failed on ../../asn1/j2735: {e}"));
    let mut warnings = String::new();
    for w in &result.warnings {
        println!("cargo:warning=rasn-compiler: {w}");
        let _ = writeln!(warnings, "{w}");
    }
    std::fs::write(out.join("rasn.rs"), &result.generated).expect("write rasn.rs");
    std::fs::write(
        out.join("rasn_status.rs"),
        format!("pub const RASN_COMPILER_WARNINGS: &str = {warnings:?};\n"),
    )
    .expect("write rasn_status.rs");
}

/// hampi's asn1-compiler: once on the modules as they are (error kept), then on the adapted
/// text. `cfg(hampi)` is set when the adapted text compiled.
fn hampi(files: &[PathBuf], out: &Path) {
    use asn1_compiler::generator::{Codec, Derive, Visibility};
    println!("cargo::rustc-check-cfg=cfg(hampi)");
    let mut text = String::new();
    for f in files {
        text.push_str(&std::fs::read_to_string(f).expect("read .asn"));
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
