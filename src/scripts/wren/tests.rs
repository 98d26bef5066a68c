use super::*;

/// Asserts that `src` is a valid module.
fn valid(src: &str) {
    let errors = check_module(src);
    assert!(errors.is_empty(), "{src:?} should parse, got {errors:#?}");
}

/// Asserts that `src` has exactly one error, starting at byte `start`, and returns it.
fn one_error(src: &str, start: usize) -> SyntaxError {
    let errors = check_module(src);
    assert_eq!(errors.len(), 1, "{src:?} should give one error, got {errors:#?}");
    assert_eq!(errors[0].start, start, "{src:?}: {errors:#?}");
    assert_ranges(src, &errors);
    errors.into_iter().next().unwrap()
}

/// Every range is inside `src`, on character boundaries, and empty only at the end.
fn assert_ranges(src: &str, errors: &[SyntaxError]) {
    for e in errors {
        assert!(e.start <= e.end && e.end <= src.len(), "{src:?}: {e:?}");
        assert!(src.is_char_boundary(e.start) && src.is_char_boundary(e.end), "{src:?}: {e:?}");
        assert!(e.start < e.end || e.start == src.len(), "{src:?}: empty range {e:?}");
        assert!(!e.message.is_empty());
    }
}

// Valid code ------------------------------------------------------------------------------

#[test]
fn valid_classes() {
    valid(
        "class Point is Object {\n  construct new(x, y) {\n    _x = x\n    _y = y\n  }\n  x { _x }\n  \
         x=(value) { _x = value }\n  y { _y }\n  +(other) { Point.new(_x + other.x, _y + other.y) }\n  \
         - { Point.new(-_x, -_y) }\n  -(other) { this + (-other) }\n  ! { false }\n  ~ { this }\n  \
         ==(other) { other is Point && _x == other.x }\n  [index] { index == 0 ? _x : _y }\n  \
         [index]=(value) { _x = value }\n  [a, b] { a + b }\n  is(other) { true }\n  ..(other) { 1 }\n  \
         static origin { Point.new(0, 0) }\n  static create(a) {\n    __count = (__count || 0) + 1\n    \
         return Point.new(a, a)\n  }\n  toString { \"(%(_x), %(_y))\" }\n}\n",
    );
    valid("class Empty {}\n");
    valid("class Empty {\n}\n");
    valid("class Sub is Base {\n  construct new() {\n    super(1, 2)\n    super.foo()\n  }\n  foo { super.foo }\n}");
    valid("class A {\n  foo() { 1 } }");
    valid("foreign class File {\n  construct open(path) {}\n  foreign read()\n  foreign static exists(path)\n}");
    valid("class A {\n  method() {\n    helper(1)\n    other = 2\n    return helper { |x| x }\n  }\n}");
    valid("class A is B {}");
}

#[test]
fn valid_functions_and_fibers() {
    valid("var add = Fn.new { |a, b| a + b }\nSystem.print(add.call(1, 2))");
    valid("Fn.new { |a, b| a + b }.call(1, 2)");
    valid("var fiber = Fiber.new {\n  Fiber.yield(1)\n  Fiber.yield(2)\n}\nfiber.call()\n");
    valid("var counter = Fn.new {\n  var count = 0\n  return Fn.new {\n    count = count + 1\n    return count\n  }\n}");
    valid("var noop = Fn.new {}\nvar blank = Fn.new {\n}\nvar p = Fn.new { |\n  a,\n  b| a }");
    valid("list.each { |item|\n  System.print(item)\n}");
    valid("var x = [1, 2, 3].map { |n| n * 2 }.where { |n| n > 2 }.toList");
    valid("items.reduce(0) { |acc, x| acc + x }");
}

#[test]
fn valid_collections_and_literals() {
    valid("var list = [1, 2, 3,]\nvar empty = []\nvar nested = [[1], [2, [3]]]");
    valid("var map = {\"a\": 1, \"b\": [1, 2],}\nvar e = {}\nvar m = {\n  1: \"one\",\n  2: \"two\"\n}");
    valid("var n = 0xFF + 1.5e3 - 2e-2 + 1E+3 + 0.5 - 12");
    valid("var s = \"tab\\t quote\\\" back\\\\ pct\\% nul\\0 \\a\\b\\e\\f\\n\\r\\v \\x41 \\u00e9 \\U0001F600\"");
    valid("var r = \"\"\"raw \"quoted\" %(not interpolated) \\q\"\"\"");
    valid("var r = \"\"\"\n  multi\n  line\n  \"\"\"");
    valid("var s = \"multi\nline\"");
    valid("var s = \"é %(\"ü\") ✓\"");
    valid("var t = true\nvar f = false\nvar n = null\nvar r = 1..10\nvar q = 1...10");
    valid("var x = list[0]\nlist[1] = 2\nvar y = grid[1, 2]\ngrid[1, 2] = 3");
}

#[test]
fn valid_interpolation() {
    valid("System.print(\"a %(b) c %(d + e) f\")");
    valid("System.print(\"outer %(\"inner %(1 + 2) here\") done\")");
    valid("System.print(\"call %(foo.bar(\"x\", (1 + 2))) end\")");
    valid("System.print(\"%(a)%(b)\")");
    valid("var s = \"%(\n  1 + 2\n)\"");
}

#[test]
fn valid_statements() {
    valid(
        "for (i in 0...10) {\n  if (i == 3) continue\n  if (i > 5) break else System.print(i)\n}",
    );
    valid("while (true) {\n  break\n}\nwhile (x < 10) x = x + 1");
    valid("if (a) {\n  b\n} else if (c) {\n  d\n} else {\n  e\n}");
    valid("if (a) b else c");
    valid("{\n  var scoped = 1\n}\n{ 1 + 2 }");
    valid("var x\nvar y = \n  3");
    valid("var f = Fn.new {\n  return\n}");
    valid("var a = b ? c : d ? e : f\nvar g = !h && -i || ~j");
    valid("var x = a is Num && b is String\nvar y = a << 2 | b >> 1 & c ^ d");
    valid("var x = 1 +\n  2 *\n  3");
    valid("var x = a &&\n  b ||\n  c");
    valid("var y = x ?\n  1 :\n  2");
    valid("x = y = 3");
}

#[test]
fn valid_chains_across_lines() {
    valid("list\n  .map { |x| x * 2 }\n  .where { |x| x > 2 }\n  .toList");
    valid("var s = Fn.new {\n}\n.call()");
    valid("foo.bar(\n  1,\n  2\n)\n.baz");
    valid("a.\n  b");
    valid("var x = list[0]\n  .toString");
}

#[test]
fn valid_imports_attributes_comments() {
    valid("import \"random\" for Random\nimport \"a\" for B, C as D\nimport \"meta\"\n");
    valid("import \"x\" for\n  A,\n  B");
    valid("#key\n#key = \"value\"\n#!runtime = true\n#group(a = 1, b = name,\n  c)\nclass A {\n  #doc = \"m\"\n  #!x\n  foo() {}\n}");
    valid("// line comment\n/* block /* nested */ still comment */ var x = 1 // trailing\n");
    valid("/* a\n multi-line\n comment */\nvar y = 2");
    valid("#!/usr/bin/env wren\nSystem.print(1)");
    valid("\u{feff}var x = 1");
    valid("");
    valid("\n\n  \n");
    valid("var x = 1\r\nvar y = 2\r\n");
}

// Invalid code: one error each, at an exact byte -----------------------------------------

#[test]
fn invalid_missing_closers() {
    let e = one_error("System.print(1, 2\nvar x = 3", 18);
    assert!(e.message.contains("')' after arguments") && e.message.contains("'var'"), "{e:?}");
    let src = "class A {\n  foo() {\n    bar()\n  }\n";
    let e = one_error(src, src.len());
    assert!(e.message.contains("'}'") && e.message.contains("end of input"), "{e:?}");
    let src = "var f = Fn.new {\n  if (x) {\n    y\n  }\n";
    one_error(src, src.len());
    one_error("var x = (((1))", 14);
    one_error("var l = [1, 2\nvar y = 3", 14);
    one_error("var m = {\"a\": 1 \"b\": 2}", 16);
    one_error("System.print(1", 14);
}

#[test]
fn invalid_declarations() {
    let e = one_error("var = 3", 4);
    assert!(e.message.contains("variable name") && e.message.contains("'='"), "{e:?}");
    one_error("class {\n}", 6);
    one_error("class A {\n  123\n}", 12);
    one_error("var x = 1\nvar x = 2", 14);
    one_error("import foo", 7);
    one_error("class A {\n  construct new {}\n}", 26);
}

#[test]
fn invalid_control_flow() {
    let e = one_error("if x {\n  y\n}", 3);
    assert!(e.message.contains("'(' after 'if'"), "{e:?}");
    one_error("for (x of y) {\n}", 7);
    one_error("return return", 7);
    one_error("if (a) {\n  b\n}\nelse {\n  c\n}", 15);
    one_error("while (x)\n  y", 9);
    one_error("break", 0);
    one_error("var f = Fn.new { return 1 }", 17);
    one_error("if (a) {\n  b\n  c }", 17);
}

#[test]
fn invalid_expressions() {
    one_error("1 +", 3);
    one_error("var x = 1 +\nvar y = 2", 12);
    let e = one_error("3 = x", 0);
    assert!(e.message.contains("assignment"), "{e:?}");
    one_error("a + b = c", 0);
    one_error("foo())", 3);
    one_error("x.y())", 5);
    one_error("var x = )", 8);
    one_error("foo(1 +, 2)", 3);
    one_error("x.bar(1 +, 2)", 9);
    one_error("x.bar(1,)", 8);
    one_error("var x = [1, 2]]", 14);
    one_error("System.print(\"a\" \"b\")", 17);
    one_error("x.", 2);
    one_error("var x = 1 @ 2", 10);
    let e = one_error("print(1)", 5);
    assert!(e.message.contains("print.call"), "{e:?}");
    one_error("this.x", 0);
    one_error("_field = 1", 0);
    one_error("Fn.new { |a| a\n}", 14);
}

#[test]
fn invalid_strings_and_comments() {
    let e = one_error("var s = \"abc", 8);
    assert!(e.message.contains("Unterminated string"), "{e:?}");
    let e = one_error("var s = \"a\\qb\"", 10);
    assert_eq!((e.end, e.message.as_str()), (12, "Invalid escape character 'q'."));
    one_error("var s = \"a\\xZZ\"", 10);
    one_error("var s = \"a\\u12\"", 10);
    let e = one_error("var s = \"%(x\"", 9);
    assert!(e.message.contains("interpolation"), "{e:?}");
    one_error("var s = \"%(x", 9);
    one_error("var s = \"%(a b)\"", 13);
    one_error("var s = \"100%\"", 12);
    one_error("var r = \"\"\"raw", 8);
    one_error("/* open /* nested */ comment", 0);
    one_error("var x = 1e", 8);
    one_error("var s = \"é\\é\"", 11);
}

#[test]
fn several_mistakes_give_several_errors() {
    let src = "var = 1\nvar ok = 2\nfoo(1 +, 2)\nif x {\n  y\n}\nvar z = 3 +\n";
    let errors = check_module(src);
    let starts: Vec<usize> = errors.iter().map(|e| e.start).collect();
    assert_eq!(starts, vec![4, 22, 34, src.len()], "{errors:#?}");
    let src = "class A {\n  foo( {}\n  bar() { 1 }\n  baz( {}\n}\nvar x = 1";
    assert_eq!(check_module(src).len(), 2, "{:#?}", check_module(src));
}

// Function bodies -------------------------------------------------------------------------

#[test]
fn function_bodies() {
    assert!(check_function_body(&["a", "b"], "return a + b").is_empty());
    assert!(check_function_body(&[], "var x = 1\nx = x + 1\nSystem.print(x)").is_empty());
    assert!(check_function_body(&["e"], "if (e.ok) {\n  done = true\n}\n").is_empty());
    let e = check_function_body(&["a"], "System.print(a");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].start, e[0].end), (14, 14));
    let e = check_function_body(&[], "x = 1\n}");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].start, 6);
    let e = check_function_body(&[], "continue");
    assert_eq!(e.len(), 1, "{e:?}");
    let e = check_function_body(&["a"], "var a = 1");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.contains("already declared"), "{e:?}");
    let e = check_function_body(&[], "x = 1\n  é");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].start, e[0].end), (8, 10));
    let e = check_function_body(&[], "x = \"é");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].start, e[0].end), (4, 5));
}

// Top-level definitions -------------------------------------------------------------------

#[test]
fn top_level_definitions() {
    let src = "var count = 0\nclass Widget {\n  foo { 1 }\n}\nvar save = Fn.new { |path, data|\n  var inner = 1\n}\nvar noParams = Fn.new {\n}\nvar notFn = Fn.new { |a| a }.call(1)\nimport \"x\" for Y\n{\n  var hidden = 1\n}\n";
    let defs = top_level(src);
    let summary: Vec<(&str, Vec<&str>, usize, TopLevelKind)> = defs
        .iter()
        .map(|d| (d.name.as_str(), d.params.iter().map(|s| s.as_str()).collect(), d.offset, d.kind))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("count", vec![], 4, TopLevelKind::Variable),
            ("Widget", vec![], 20, TopLevelKind::Class),
            ("save", vec!["path", "data"], 47, TopLevelKind::Function),
            ("noParams", vec![], 98, TopLevelKind::Function),
            ("notFn", vec![], 124, TopLevelKind::Variable),
        ]
    );
    assert!(top_level("var x = \nclass").is_empty());
}

// Shared-variable usage -------------------------------------------------------------------

fn names(list: &[(String, usize)]) -> Vec<(&str, usize)> {
    list.iter().map(|(n, o)| (n.as_str(), *o)).collect()
}

#[test]
fn usage_reads_and_writes() {
    let u = usage_of_function_body(&[], "counter = counter + 1");
    assert_eq!(names(&u.reads), vec![("counter", 10)]);
    assert_eq!(names(&u.writes), vec![("counter", 0)]);

    let u = usage_of_function_body(&[], "var x = 1\n x = 2");
    assert!(u.reads.is_empty() && u.writes.is_empty(), "{u:?}");

    let u = usage_of_function_body(
        &["a"],
        "list.each { |item, a| total = total + item + a }\nSystem.print(item)",
    );
    assert_eq!(names(&u.reads), vec![("list", 0), ("total", 30), ("item", 62)]);
    assert_eq!(names(&u.writes), vec![("total", 22)]);

    // Declared later: the earlier use is the module variable, as Wren resolves it.
    let u = usage_of_function_body(&[], "y = x\nvar x = 2\nx = 3");
    assert_eq!(names(&u.reads), vec![("x", 4)]);
    assert_eq!(names(&u.writes), vec![("y", 0)]);

    // Class methods: lowercase names that are not locals are calls on `this`.
    let u = usage_of_function_body(
        &[],
        "class K {\n  m() {\n    zz = q\n    Fn.new { w }\n  }\n}\nfor (i in range) i\nvar s = \"%(shared)\"",
    );
    assert_eq!(names(&u.reads), vec![("range", 62), ("shared", 82)]);
    assert!(u.writes.is_empty());

    // Blocks end their variables.
    let u = usage_of_function_body(&[], "if (a) {\n  var a = a\n  a = 1\n}\na = 2");
    assert_eq!(names(&u.reads), vec![("a", 4), ("a", 19)]);
    assert_eq!(names(&u.writes), vec![("a", 31)]);

    // Parameters, imports and capitalized names are not shared variables.
    let u = usage_of_function_body(&["p"], "import \"m\" for z as w\np = w + Other.x + z");
    assert_eq!(names(&u.reads), vec![("z", 40)]);
    assert!(u.writes.is_empty());
}

// Robustness ------------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    "class Point is Object {\n  construct new(x, y) {\n    _x = x\n  }\n  x { _x }\n  x=(v) { _x = v }\n  +(o) { Point.new(_x + o.x) }\n  [i] { _x }\n  static s { __c }\n}\n",
    "var f = Fn.new { |a, b| a + b }\nSystem.print(f.call(1, 2))\n",
    "var s = \"a %(\"b %(c) d\") e\" + \"\"\"raw\"\"\"\n",
    "for (i in 0...10) {\n  if (i == 3) continue\n  while (x) { break }\n}\n",
    "#group(a = 1)\nclass A {\n  #!k\n  foreign static f(a)\n}\nimport \"m\" for X as Y\n",
    "var m = {\"é\": [1, 2,], 3: {}}\nlist\n  .map { |x| x * 2 }\n  .toList\n",
    "/* a /* b */ c */ var x = a ? b : c || !d && -e is F\n",
];

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "\"",
    "%(",
    "\\",
    "/*",
    "*/",
    "//",
    "|",
    ",",
    ".",
    "=",
    "==",
    "var",
    "class",
    "if",
    "else",
    "for",
    "in",
    "while",
    "return",
    "break",
    "import",
    "foreign",
    "static",
    "construct",
    "super",
    "this",
    "is",
    "#",
    "#!",
    "x",
    "_f",
    "__s",
    "1",
    "0x",
    "1e",
    "\"\"\"",
    "é",
    "✓",
    "😀",
    "\r\n",
    "\t",
    "?",
    ":",
    "..",
    "...",
    "Fn.new { |a| ",
    "\u{0}",
    "@",
];

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s = src.to_string();
    for _ in 0..1 + rng.below(4) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(4) {
            0 => s.insert_str(at, FRAGMENTS[rng.below(FRAGMENTS.len())]),
            1 => {
                let mut end = (at + 1 + rng.below(6)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, "");
            }
            2 => s.truncate(at),
            _ => {
                let mut end = (at + rng.below(8)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                let piece = s[at..end].to_string();
                s.insert_str(at, &piece);
            }
        }
    }
    s
}

#[test]
fn never_panics_on_mutated_or_random_input() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..4000 {
        let src = if i % 4 == 0 {
            (0..rng.below(40)).map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())]).collect::<String>()
        } else {
            let seed = SEEDS[rng.below(SEEDS.len())];
            mutate(&mut rng, seed)
        };
        let errors = check_module(&src);
        assert_ranges(&src, &errors);
        let errors = check_function_body(&["a", "b"], &src);
        assert_ranges(&src, &errors);
        let _ = top_level(&src);
        let _ = usage_of_function_body(&["a"], &src);
        for cut in [src.len() / 3, src.len() / 2] {
            let mut cut = cut;
            while !src.is_char_boundary(cut) {
                cut -= 1;
            }
            assert_ranges(&src[..cut], &check_module(&src[..cut]));
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let n = 100_000;
    let cases = [
        "(".repeat(n),
        format!("var x = {}1{}", "(".repeat(n), ")".repeat(n)),
        "[".repeat(n),
        "{".repeat(n),
        "{\n".repeat(n),
        "-".repeat(n) + "1",
        "!".repeat(n) + "x",
        "\"%(".repeat(n),
        "if (x) ".repeat(n) + "y",
        "Fn.new { ".repeat(n),
        "a.b { |x|\n".repeat(n),
        "x = ".repeat(n) + "1",
        "a ? b : ".repeat(n) + "c",
        "class A {\n  f() {\n".repeat(n),
        "/*".repeat(n),
    ];
    for src in &cases {
        let errors = check_module(src);
        assert!(!errors.is_empty() && errors.len() < 10, "{}: {errors:?}", &src[..20]);
        assert_ranges(src, &errors);
        assert_ranges(src, &check_function_body(&[], src));
    }
    let e = check_module(&"(".repeat(n));
    assert!(e[0].message.contains("nested too deeply"), "{e:?}");
}

#[test]
fn long_flat_code_is_fine() {
    let chain = format!("var x = {}1", "1 + ".repeat(50_000));
    valid(&chain);
    let logic = format!("var y = {}true", "a && b || ".repeat(20_000));
    valid(&logic);
    let lines = format!("var x = 1\n{}", "x = x + 1\n".repeat(10_000));
    assert!(check_function_body(&[], &lines).is_empty());
}
