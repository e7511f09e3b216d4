"""Block reads and writes shared by the decode, skip and encode backends: runs of
fixed-width members read (or written) with one bounds check and one 64-bit load, and
the Rust that takes each member from such a block `b`."""
import re

from ..model import BitString, Boolean, Choice, Enumerated, Integer, OctetString, Ref, Sequence
from ..naming import field_name, int_repr, type_name, variant_name
from .common import MAX_DEPTH

# What a CHOICE read in a padded block gives for an alternative it cannot read there: the
# block is then read again field by field (this error is never seen).
OTHER_ALTERNATIVE = "break 'fast Err(Error::new(ErrorKind::InvalidChoice, 0))"


class Blocks:
    """Widths of values read as blocks, and the Rust reading, checking and writing them."""

    def fixed(self, node, depth=0, alt=False):
        """The width in bits of a value whose encoding always has that width and which the
        generated code can build from a [`Bits`] block, else None. With `alt` (a CHOICE's
        alternative, read with a fallback), also a BIT STRING of an extensible fixed size:
        its extension bit 0 and its bits, or its extension bit 1, a one-octet length up to
        64 and its bits (else the fallback)."""
        if depth > MAX_DEPTH or self.hand_written(node):
            return None
        if isinstance(node, Ref):
            return None if node.narrowing else self.fixed(node.target.type, depth + 1, alt)
        if isinstance(node, Integer):
            return node.bits if node.constrained and not node.ext else None
        if isinstance(node, Boolean):
            return 1
        if isinstance(node, Enumerated):
            return None if node.ext else node.index_bits
        if isinstance(node, BitString) and node.size.constrained:
            s = node.size
            if alt and s.lb == s.ub and s.ext and s.lb < 64:
                return 1 + max(s.lb, 8 + 64)
            return s.lb if s.lb == s.ub and not s.ext and s.lb <= 64 else None
        if isinstance(node, OctetString):
            n = node.fixed_octets
            return 8 * n if n is not None and n <= 8 else None
        if isinstance(node, Sequence):
            if node.ext or any(m.has_presence_bit for m in node.root):
                return None
            widths = [self.fixed(m.type, depth + 1) for m in node.root]
            return None if None in widths else sum(widths)
        return None

    def bounded(self, node, depth=0):
        """The largest width in bits of a value the generated code can build from a
        [`Bits`] block: the fixed-width values of `fixed`, and SEQUENCEs without extension
        marker of such values, OPTIONAL members included (their width then depends on their
        presence bits). None for others."""
        if depth > MAX_DEPTH or self.hand_written(node):
            return None
        if isinstance(node, Ref):
            return None if node.narrowing else self.bounded(node.target.type, depth + 1)
        if isinstance(node, Sequence):
            if node.ext:
                return None
            widths = [self.bounded(m.type, depth + 1) for m in node.root]
            return None if None in widths else len(node.optionals) + sum(widths)
        return self.fixed(node, depth)

    def alt_width(self, node):
        """The width a CHOICE's block reads an alternative of `node` with: a fixed width
        (see `fixed`), or the largest width of a SEQUENCE the tuning reads in one block
        (`optional_in_blocks`, see `bounded`); else None."""
        w = self.fixed(node, alt=True)
        if w is not None or not isinstance(node, Ref) or node.narrowing:
            return w
        d = node.target
        while isinstance(d.type, Ref):
            d = d.type.target
        if isinstance(d.type, Sequence) and d.name in self.tuning.optional_in_blocks:
            return self.bounded(node)
        return None

    def choice_width(self, node, depth=0):
        """The largest width in bits of a CHOICE's extension bit, index and alternatives of
        a fixed width (see `fixed`), which a padded block reads (the others make it fall
        back to a field-by-field read); None if it has none, or for other types."""
        if depth > MAX_DEPTH or self.hand_written(node):
            return None
        if isinstance(node, Ref):
            return None if node.narrowing else self.choice_width(node.target.type, depth + 1)
        if not isinstance(node, Choice):
            return None
        widths = [w for w in (self.alt_width(m.type) for m in node.root) if w is not None]
        return node.ext + node.index_bits + max(widths) if widths else None

    def choice_arms(self, node, ctx, path, value, other):
        """A CHOICE read from the block `b` (see `choice_width`): `value(m, ctx, path)`
        for each alternative of a fixed width, `other` for the rest."""
        out = f"if b.take(1) != 0 {{ {other} }} " if node.ext else ""
        arms = [f"{i} => {value(m, ctx + type_name(m.name), path + '.' + m.name)}"
                for i, m in enumerate(node.root) if self.alt_width(m.type) is not None]
        return out + f"match b.take({node.index_bits}) {{ {', '.join(arms)}, _ => {other} }}"

    def from_bits(self, node, ctx, path, trusted=False):
        """Rust expression building a value of `node` (see `fixed`) from the block `b`;
        errors carry `path`, the field a field-by-field read would name. `trusted`: the
        input was validated (a view's read): no range checks, so nothing fails."""
        if isinstance(node, Ref):
            target = node.target.type
            if isinstance(target, Ref):  # an alias: the same Rust type
                return self.from_bits(target, ctx, path, trusted)
            if isinstance(target, (Sequence, Enumerated, Choice)):
                return self.from_bits(target, node.name, path, trusted)
            return f"{type_name(node.name)}({self.from_bits(target, node.name, path, trusted)})"
        if isinstance(node, Integer):
            lb, ub = node.lb, node.ub
            if lb == ub:
                return f"({lb} as {int_repr(lb, ub)})"
            if trusted:
                call = f"b.valid_u64({lb}, {ub})" if lb >= 0 else f"b.valid({lb}, {ub})"
                return f"({call} as {int_repr(lb, ub)})"
            call = f"b.constrained_u64({lb}, {ub})" if lb >= 0 else f"b.constrained({lb}, {ub})"
            return f"({call}.field(\"{path}\")? as {int_repr(lb, ub)})"
        if isinstance(node, Boolean):
            return "(b.take(1) == 1)"
        if isinstance(node, Enumerated):
            rn = type_name(ctx)
            root = node.sorted_root
            arms = [f"{i} => {rn}::{variant_name(v.name)}" for i, v in enumerate(root[:-1])]
            arms.append(f"_ => {rn}::{variant_name(root[-1].name)}")
            index = f"b.take({node.index_bits})" if trusted else f"b.enumerated({len(root)}).field(\"{path}\")?"
            return f"match {index} {{ {', '.join(arms)} }}"
        if isinstance(node, BitString):
            n = node.size.lb
            value = f"BitString::from_u64(b.take({n}), {n})"
            # Extensible (a CHOICE's alternative, see `fixed`): the root form, or another
            # size up to 64 bits, else the fallback.
            return (f"if b.take(1) != 0 {{ let n = b.take(8); if n > 64 {{ {OTHER_ALTERNATIVE} }} "
                    f"BitString::from_u64(b.take(n as u32), n as usize) }} else {{ {value} }}") if node.size.ext else value
        if isinstance(node, OctetString):
            return "b.octets()"
        if isinstance(node, Sequence):
            opts = node.optionals
            fields = []
            for m in node.root:
                v = self.from_bits(m.type, ctx + type_name(m.name), ctx + "." + m.name, trusted)
                if m.has_presence_bit:
                    v = f"if p >> {len(opts) - 1 - opts.index(m)} & 1 == 1 {{ Some({v}) }} else {{ None }}"
                fields.append(f"{field_name(m.name)}: {v}")
            value = f"{type_name(ctx)} {{ {', '.join(fields)} }}"
            # Its presence bits first (struct fields are evaluated in the order written).
            return f"{{ let p = b.take({len(opts)}); {value} }}" if opts else value
        if isinstance(node, Choice):  # only in a padded block (see `block_read`)
            rn = type_name(ctx)
            return "{ " + self.choice_arms(node, ctx, path, lambda m, c, p: f"{rn}::{variant_name(m.name)}({self.from_bits(m.type, c, p, trusted)})",
                                           OTHER_ALTERNATIVE) + " }"
        raise SystemExit(f"no block read for {node.kind}")

    def check_bits(self, node, ctx, path):
        """Rust statements reading past a value of `node` (see `fixed`/`bounded`) in the
        block `b`, with the checks and error paths of `from_bits` but building nothing."""
        if isinstance(node, Ref):
            target = node.target.type
            if not isinstance(target, (Sequence, Enumerated, Choice)):
                return self.check_bits(target, ctx, path)
            return self.check_bits(target, node.name, path)
        if isinstance(node, Integer):
            if node.lb == node.ub:
                return ""
            call = f"b.constrained_u64({node.lb}, {node.ub})" if node.lb >= 0 else f"b.constrained({node.lb}, {node.ub})"
            return f"{call}.field(\"{path}\")?;"
        if isinstance(node, Enumerated):
            return f"b.enumerated({len(node.root)}).field(\"{path}\")?;"
        if isinstance(node, BitString) and node.size.ext:  # see `from_bits`
            return (f"if b.take(1) != 0 {{ let n = b.take(8); if n > 64 {{ {OTHER_ALTERNATIVE} }} b.take(n as u32); }} "
                    f"else {{ b.take({node.size.lb}); }}")
        if isinstance(node, (Boolean, BitString, OctetString)):
            return f"b.take({self.fixed(node)});"
        if isinstance(node, Sequence):
            opts = node.optionals
            stmts = [f"let p = b.take({len(opts)});"] if opts else []
            for m in node.root:
                c = self.check_bits(m.type, ctx + type_name(m.name), ctx + "." + m.name)
                if m.has_presence_bit:
                    c = f"if p >> {len(opts) - 1 - opts.index(m)} & 1 == 1 {{ {c} }}"
                stmts.append(c)
            return "{ " + " ".join(stmts) + " }"
        if isinstance(node, Choice):  # only in a padded block (see `block_read`)
            return "{ " + self.choice_arms(node, ctx, path, lambda m, c, p: "{ " + self.check_bits(m.type, c, p) + " }",
                                           OTHER_ALTERNATIVE) + " }"
        raise SystemExit(f"no block check for {node.kind}")

    def to_bits(self, node, ctx, v, path):
        """Rust statements adding the value `v` (a place of the type of `node`, see `fixed`)
        to the output block `b`; errors carry `path`, as a field-by-field write would."""
        if isinstance(node, Ref):
            target = node.target.type
            if isinstance(target, Ref):
                return self.to_bits(target, ctx, v, path)
            if isinstance(target, (Sequence, Enumerated)):
                return self.to_bits(target, node.name, v, path)
            return self.to_bits(target, node.name, f"{v}.0", path)
        if isinstance(node, Integer):
            if node.lb >= 0:
                return f"b.constrained_u64({v} as u64, {node.lb}, {node.ub}).field(\"{path}\")?;"
            return f"b.constrained({v} as i64, {node.lb}, {node.ub}).field(\"{path}\")?;"
        if isinstance(node, Boolean):
            return f"b.put({v} as u64, 1);"
        if isinstance(node, Enumerated):
            rn = type_name(ctx)
            arms = ", ".join(f"{rn}::{variant_name(e.name)} => {i}" for i, e in enumerate(node.sorted_root))
            return f"b.put(match {v} {{ {arms} }}, {node.index_bits});"
        if isinstance(node, BitString):
            return f"b.bit_string(&{v}, {node.size.lb}).field(\"{path}\")?;"
        if isinstance(node, OctetString):
            return f"b.octets(&{v});"
        if isinstance(node, Sequence):
            opts = node.optionals
            stmts = []
            if opts:
                p = " | ".join(f"({v}.{field_name(m.name)}.is_some() as u64) << {len(opts) - 1 - i}"
                               for i, m in enumerate(opts))
                stmts.append(f"b.put({p}, {len(opts)});")
            for m in node.root:
                fn, mctx, mpath = field_name(m.name), ctx + type_name(m.name), f"{ctx}.{m.name}"
                if m.has_presence_bit:
                    stmts.append(f"if let Some(x) = &{v}.{fn} {{ {self.to_bits(m.type, mctx, '(*x)', mpath)} }}")
                else:
                    stmts.append(self.to_bits(m.type, mctx, f"{v}.{fn}", mpath))
            return " ".join(stmts)
        raise SystemExit(f"no block write for {node.kind}")

    def leaves(self, node, depth=0):
        """How many primitive reads a fixed-width value takes."""
        if isinstance(node, Ref) and depth < MAX_DEPTH:
            return self.leaves(node.target.type, depth + 1)
        if isinstance(node, Sequence):
            return sum(self.leaves(m.type, depth + 1) for m in node.root)
        return 1

    def runs(self, members, bounded=False, choices=False):
        """Splits root members into runs for block reads: lists of (member, width) of
        consecutive mandatory fixed-width members (with `bounded`, also OPTIONAL members and
        values of at most `width` bits, see `bounded`; with `choices`, also mandatory
        CHOICEs of alternatives of a fixed width, see `choice_width`), at most 128 bits
        each, and single members (width None) read as usual."""
        out, cur, bits = [], [], 0
        for m in members:
            if bounded:
                w = self.bounded(m.type)
            else:
                w = None if m.has_presence_bit else self.fixed(m.type)
            if w is None and choices and not m.has_presence_bit:
                w = self.choice_width(m.type)
            if w is None or w > 128 or w == 0:
                if cur:
                    out.append(cur)
                cur, bits = [], 0
                out.append([(m, None)])
                continue
            if bits + w > 128:
                out.append(cur)
                cur, bits = [], 0
            cur.append((m, w))
            bits += w
        if cur:
            out.append(cur)
        return out

    def seq_runs(self, name, root, opts, npre, padded=False):
        """How a SEQUENCE's root members are read, shared by its decoder, encoder and
        skip: whether the preamble is fused into the first block, and per run (run, fused,
        block), block being (width, exact width) for a run read as one block, None for
        members read one by one. A CHOICE joins a block only when it is `padded` (read
        with a fallback for its other alternatives, see `block_read`)."""
        runs = self.runs(root, bounded=name in self.tuning.optional_in_blocks,
                         choices=padded and name in self.tuning.choices_in_blocks)
        fixed_run = (lambda run: run[0][1] is not None)
        fuse = (npre > 0 and runs and root and runs[0][0][0] is root[0] and fixed_run(runs[0])
                and npre + sum(w for _, w in runs[0]) <= 128)
        out = []
        for k, run in enumerate(runs):
            pre = fuse and k == 0
            if fixed_run(run) and (pre or sum(self.leaves(m.type) for m, _ in run) >= 2):
                width = npre * pre + sum(w for _, w in run)
                exact = all(not m.has_presence_bit and self.fixed(m.type) == w for m, w in run)
                out.append((run, pre, (width, exact)))
            else:
                out.append((run, False, None))
        return fuse, out

    @staticmethod
    def block_read(name, run, pre, blk, npre, opts, member, padded=False):
        """The lines reading the run `run` as one block (with the preamble if `pre`):
        `member(m, present)` gives a member's statements (from the block `b`, and field by
        field for when fewer bits than the block's width remain), `present` being the
        Rust condition of its presence bit for an OPTIONAL member, else None.

        With `padded`, a block whose width depends on its presence bits (near the end of
        the input, the width it is read with may reach past it where what it holds does
        not) is read there too, zero-padded: if what it held ends within the input and
        passed its checks, it is taken as read; else (an error, or bits past the end) it
        is read again field by field, for the error a field-by-field read gives. (Not for
        a new value's `let` bindings, which the field-by-field read would assign twice.)"""
        width, exact = blk
        padded = padded and not exact
        bits = "pre" if pre else "opt"  # the presence bits, fused into this block or read
        fast, slow = [], []
        if pre:
            fast.append(f"{'let ' if padded else ''}pre = b.take({npre});")
            slow.append(f"pre = r.read_bits({npre}).field(\"{name}\")?;")
        for m, _ in run:
            present = f"{bits} >> {len(opts) - 1 - opts.index(m)} & 1 == 1" if m in opts else None
            f, sl = member(m, present)
            fast.append(f)
            slow.append(sl)
        if padded:
            # In a labeled block, not a closure (which the compiler may leave out of line):
            # the fallible reads break out of it with their error.
            fast = [re.sub(r'(b\.(?:constrained_u64|constrained|enumerated)\([^)]*\)\.field\("[^"]*"\))\?',
                           r"match \1 { Ok(v) => v, Err(e) => break 'fast Err(e) }", x) for x in fast]
            if any("?" in x for x in fast):  # a fallible read `from_bits` learned since
                raise SystemExit(f"{name}: a `?` left in a padded block: {fast}")
            label = "'fast: " if any("break 'fast" in x for x in fast) else ""
            # The preamble is wanted after the block only for an extension bit or presence
            # bits of members after the run.
            keep = pre and npre > sum(1 for m, _ in run if m in opts)
            return [f"let mut b = r.peek_upto({width});",
                    f"let fast: Result<u64> = {label}{{ {' '.join(fast)} Ok({'pre' if keep else '0'}) }};",
                    "match fast {",
                    f"    Ok({'p' if keep else '_'}) if r.holds(&b) => {{ {'pre = p; ' if keep else ''}r.advance_past(&b); }}",
                    f"    _ => {{ {' '.join(slow)} }}",
                    "}"]
        if not exact:
            fast.append("r.advance_past(&b);")
        return [f"match r.{'block' if exact else 'peek_block'}({width}) {{",
                f"    Some(mut b) => {{ {' '.join(fast)} }}",
                f"    None => {{ {' '.join(slow)} }}",
                "}"]
