"""Unit tests of the comment scanner, the doc escaping and the model's normalisation."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from asn1gen import comments  # noqa: E402
from asn1gen.naming import doc_lines, field_name, type_name, variant_name  # noqa: E402


class Comments(unittest.TestCase):
    """Where the scanner attaches comments."""

    def test_placement(self):
        d = comments.docs('''
-- header

-- above T
T ::= SEQUENCE {   -- on the brace line
   -- above a
   a INTEGER -- after a -- ,
   b BOOLEAN  -- after b
              -- continuing b
   }  -- after T
x T ::= { a 1, b TRUE }  -- a value: ignored
''')
        self.assertEqual(d[("T",)], "above T\non the brace line\nafter T")
        self.assertEqual(d[("T", "a")], "above a\nafter a")
        self.assertEqual(d[("T", "b")], "after b\ncontinuing b")
        self.assertNotIn(("x",), d)

    def test_block_comments_nest(self):
        d = comments.docs("/* one /* two */ still */\nT ::= BOOLEAN\n")
        self.assertEqual(d[("T",)], "one /* two */ still")

    def test_strings_hide_dashes(self):
        d = comments.docs('T ::= SEQUENCE {\n   a IA5String (FROM("--")), -- real\n   }\n')
        self.assertEqual(d[("T", "a")], "real")


class Naming(unittest.TestCase):
    """Rust names and rustdoc escaping."""

    def test_names(self):
        self.assertEqual(type_name("Node-XY-20b"), "NodeXY20b")
        self.assertEqual(field_name("currGNSSstatus"), "curr_gnss_status")
        self.assertEqual(field_name("type"), "r#type")
        self.assertEqual(variant_name("prec0-1deg"), "Prec0_1deg")

    def test_doc_lines(self):
        self.assertEqual(doc_lines("  a [b] <c> <https://x.org/p>\n# h\n- l\n3. x\n4-octet"),
                         ["a \\[b\\] \\<c\\> <https://x.org/p>", "\\# h", "\\- l", "3\\. x", "4-octet"])


if __name__ == "__main__":
    unittest.main()


class Sharing(unittest.TestCase):
    """Which types a group's editions share (`asn1gen.sharing`)."""

    EDITION = '''M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
-- {doc}
Msg ::= SEQUENCE {{ pos Pos, items Items, ... }}
Pos ::= SEQUENCE {{ lat INTEGER (-900..900), lon INTEGER (-1800..1800) }}
Items ::= SEQUENCE (SIZE(1..{ub})) OF Item
Item ::= SEQUENCE {{ id INTEGER (0..255), at Pos, name Name OPTIONAL }}
Name ::= IA5String (SIZE(1..8))
END
'''

    def plan(self, ubs, docs):
        import tempfile
        from asn1gen.family import Family, Group
        from asn1gen.generator import load_group
        from asn1gen.tuning import Tuning
        tmp = tempfile.mkdtemp()
        tuning, families = Tuning(view_roots={"Msg": "the message"}), {}
        for i, (ub, doc) in enumerate(zip(ubs, docs)):
            d = os.path.join(tmp, f"e{i}")
            os.makedirs(d)
            with open(os.path.join(d, "M.asn"), "w") as f:
                f.write(self.EDITION.format(ub=ub, doc=doc))
            families[f"e{i}"] = Family(name=f"e{i}", asn1_dir=d, out_dir=os.path.join(d, "out"),
                                       crate_path=f"crate::e{i}", wire="", type_macro="", tuning=tuning, group="g")
        group = Group(name="g", families=list(families), out_dir=os.path.join(tmp, "shared"),
                      crate_path="crate::shared", wire="")
        return load_group(group, families)

    def test_what_differs_and_what_reaches_it_is_not_shared(self):
        shared, a, b, c = self.plan([4, 4, 8], ["one", "two", "three"])
        # Comments do not count; Items differs in e2, so Msg (which reaches it) does too.
        self.assertEqual(shared.emit, {"Msg", "Pos", "Items", "Item", "Name"})
        self.assertEqual(a.emit, set())
        self.assertEqual(c.emit, {"Msg", "Items"})
        self.assertEqual(c.reexports.types, ["Pos"])
        self.assertEqual(sorted(c.reexports.alloc_types), ["Item", "Name"])
        # The views: e2's message and list are its own, the shared ones re-exported.
        self.assertEqual([v[0] for v in c.view_types()], ["Msg"])
        self.assertIn("ItemView", c.reexports.views)
        self.assertEqual(sorted(v[0] for v in shared.view_types()), ["Item", "Msg"])

    def test_two_shared_forms_of_one_name_are_refused(self):
        with self.assertRaises(SystemExit):
            self.plan([4, 4, 8, 8], ["", "", "", ""])
