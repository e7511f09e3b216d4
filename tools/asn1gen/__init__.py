"""asn1gen: cv2x's generator of Rust from ASN.1 (UPER codecs, views' helpers, layouts).

    python3 tools/gen_rust.py [--check] [--family NAME]
    python3 -m asn1gen [--check] [--family NAME]      # with tools/ on the path

Modules, one job each:
- `model`: the typed model of the parsed ASN.1 (built once; backends read only it);
- `comments`: the source's comments, which become the rustdoc of the generated items;
- `naming`: Rust names of ASN.1 identifiers;
- `tuning`: per-family tables (boxed members, small lists, block reads, layouts), each
  entry with its reason;
- `family`: the families (ASN.1 folder, Rust output folder, crate path, tuning);
- `backends/`: one module per output (types, decode, decode_into, encode, skip,
  arbitrary, layout) and their shared helpers (common, blocks); `owned`, `skip` and
  `layout` write files;
- `generator`: runs the backends of a family, formats with rustfmt, writes or checks;
- `cli`: the command line.
"""
