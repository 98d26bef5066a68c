//! The Wren prelude: the module code every new VM runs before any script, generated from the
//! DOM tables ([`ELEMENT_METHODS`], [`ELEMENT_FIELDS`], [`DOCUMENT_FUNCTIONS`]) and the
//! shared variables' names.
//!
//! - Each shared variable is a module variable of `main` (`var count = null`), so scripts
//!   read and assign it by name as the compiler's Wren check expects, and a static getter
//!   and setter of `Kryon` (`Kryon.count`, `Kryon.count = 2`), through `Fn`s that close
//!   over it (a class method cannot name a lowercase module variable: Wren reads that as a
//!   call on `this`).
//! - `Kryon` holds the document functions (`Kryon.getElementById("x")`), `getVariable`,
//!   `setVariable`, `addEventListener`, and the helpers the host calls (`invoke_`, `enc_`,
//!   `listener_`, `shared_`). `Element` objects have the element methods and fields.
//! - DOM calls (`Kryon.dom_`, a foreign method) take their arguments as scalars and give
//!   lists and maps back as a string `KryDec_` decodes (see `convert::encode`): a foreign
//!   method must not grow the fiber's stack (Wren 0.4's interpreter keeps a pointer into it
//!   across foreign calls), so it uses no slot beyond its arguments.
//! - `enc_` turns a value into what the slot API can read: maps become lists led by a
//!   `KryTag_` (the C API cannot list a map's keys), values that cannot leave the VM a
//!   tagged type name, elements (in DOM arguments) their index.

use std::fmt::Write;

use crate::dom::{Returns, DOCUMENT_FUNCTIONS, ELEMENT_FIELDS, ELEMENT_METHODS};

/// Wren's reserved words: never a module variable's name.
const RESERVED: &[&str] = &[
    "as",
    "break",
    "class",
    "construct",
    "continue",
    "else",
    "false",
    "for",
    "foreign",
    "if",
    "import",
    "in",
    "is",
    "null",
    "return",
    "static",
    "super",
    "this",
    "true",
    "var",
    "while",
];

/// Names the prelude itself defines.
const OWN: &[&str] =
    &["Kryon", "Element", "KryTag_", "KryTick_", "KryDec_", "KryGet_", "KrySet_", "KryListeners_"];

/// The most arguments a generated DOM method takes (each arity is its own Wren method).
const MAX_DOM_ARGS: usize = 3;

/// The most parameters a Wren function has (`MAX_PARAMETERS` in Wren).
pub const MAX_PARAMS: usize = 16;

/// Whether `name` can be a module variable of scripts: an identifier, not a reserved word,
/// not a field name (`_x`), not one of the prelude's names.
pub fn is_module_variable(name: &str) -> bool {
    crate::vm::is_identifier(name)
        && !name.starts_with('_')
        && !RESERVED.contains(&name)
        && !OWN.contains(&name)
}

/// The kind numbers of `KryTag_` (the first element of a tagged list).
pub mod tags {
    /// A map: the key-value pairs follow.
    pub const MAP: u8 = 1;
    /// A value that cannot leave the VM: its type's name follows.
    pub const OPAQUE: u8 = 2;
    /// `invoke_` was given something that is not a function.
    pub const NOT_A_FUNCTION: u8 = 3;
}

fn params(n: usize) -> String {
    (0..n).map(|i| format!("a{i}")).collect::<Vec<_>>().join(", ")
}

fn returns_code(r: Returns) -> u8 {
    match r {
        Returns::Value => 0,
        Returns::Element => 1,
        Returns::Elements => 2,
    }
}

/// The prelude for these shared variables (names that cannot be Wren variables are left out).
pub fn prelude(shared: &[String]) -> String {
    let shared: Vec<&str> =
        shared.iter().map(String::as_str).filter(|n| is_module_variable(n)).collect();
    let mut s = String::with_capacity(16 * 1024);
    for name in &shared {
        let _ = writeln!(s, "var {name} = null");
    }
    s.push_str("var KryListeners_ = []\nvar KryGet_ = {\n");
    for name in &shared {
        let _ = writeln!(s, "  \"{name}\": Fn.new {{ {name} }},");
    }
    s.push_str("}\nvar KrySet_ = {\n");
    for name in &shared {
        let _ = writeln!(s, "  \"{name}\": Fn.new {{ |KryValue_| {name} = KryValue_ }},");
    }
    s.push_str("}\n");
    s.push_str(STATIC_PART);

    s.push_str("class Element {\n  construct new_(i) { _i = i }\n  index_ { _i }\n");
    s.push_str("  ==(o) { (o is Element) && o.index_ == _i }\n  !=(o) { !(this == o) }\n");
    s.push_str("  toString { \"element[%(_i)]\" }\n");
    for &(name, returns) in ELEMENT_METHODS {
        for n in 0..=MAX_DOM_ARGS {
            let p = params(n);
            let _ = writeln!(
                s,
                "  {name}({p}) {{ Kryon.call_(\"{name}\", _i, [{p}], {}) }}",
                returns_code(returns)
            );
        }
    }
    for &field in ELEMENT_FIELDS {
        let r = match field {
            "parent" => 1,
            "children" => 2,
            _ => 0,
        };
        let _ = writeln!(s, "  {field} {{ Kryon.call_(\"__get\", _i, [\"{field}\"], {r}) }}");
        let _ = writeln!(s, "  {field}=(v) {{ Kryon.call_(\"__set\", _i, [\"{field}\", v], 0) }}");
    }
    s.push_str("  addEventListener(t, f) { Kryon.listen_(_i, t, f) }\n");
    s.push_str("  removeEventListener(t, f) { Kryon.unlisten_(_i, t, f) }\n}\n");

    s.push_str("class Kryon {\n");
    s.push_str(KRYON_PART);
    for &(name, returns) in DOCUMENT_FUNCTIONS {
        for n in 0..=MAX_DOM_ARGS {
            let p = params(n);
            let _ = writeln!(
                s,
                "  static {name}({p}) {{ call_(\"{name}\", null, [{p}], {}) }}",
                returns_code(returns)
            );
        }
    }
    for name in shared.iter().filter(|n| !n.ends_with('_')) {
        let _ = writeln!(s, "  static {name} {{ KryGet_[\"{name}\"].call() }}");
        let _ = writeln!(s, "  static {name}=(v) {{ KrySet_[\"{name}\"].call(v) }}");
    }
    let _ = writeln!(s, "  static shared_ {{ enc_([{}], 0, false) }}", shared.join(", "));
    s.push_str("  static invoke_(f, a) {\n    if (!(f is Fn)) return KryTag_.new(3)\n");
    s.push_str("    var n = f.arity\n    while (a.count < n) a.add(null)\n");
    for n in 0..=MAX_PARAMS {
        let args = (0..n).map(|i| format!("a[{i}]")).collect::<Vec<_>>().join(", ");
        let _ = writeln!(s, "    if (n == {n}) return enc_(f.call({args}), 0, false)");
    }
    s.push_str("  }\n}\n");
    s
}

/// The classes that do not depend on the app.
const STATIC_PART: &str = r#"foreign class KryTag_ {
  construct new(kind) {}
}
class KryTick_ is Sequence {
  construct over(s) { _s = s }
  iterate(i) {
    Kryon.tick_
    return _s.iterate(i)
  }
  iteratorValue(i) { _s.iteratorValue(i) }
}
class KryDec_ {
  construct new(s) {
    _s = s
    _b = s.bytes
    _p = 1
  }
  num_ {
    var start = _p
    while (_b[_p] != 59) _p = _p + 1
    var n = Num.fromString(_s[start..._p])
    _p = _p + 1
    return n
  }
  value {
    var c = _b[_p]
    _p = _p + 1
    if (c == 110) return null
    if (c == 116) return true
    if (c == 102) return false
    if (c == 35) return num_
    if (c == 115) {
      var len = num_
      var text = _s[_p...(_p + len)]
      _p = _p + len
      return text
    }
    var n = num_
    if (c == 108) {
      var list = []
      for (i in 0...n) list.add(value)
      return list
    }
    var map = {}
    for (i in 0...n) {
      var k = value
      map[k] = value
    }
    return map
  }
}
"#;

/// The members of `Kryon` that do not depend on the app.
const KRYON_PART: &str = r#"  foreign static dom_(method, element, count, a0, a1, a2)
  foreign static tick_
  static call_(m, i, a, r) {
    var v = dom_(m, i, a.count, arg_(a, 0), arg_(a, 1), arg_(a, 2))
    if ((v is String) && v.count > 0 && v.bytes[0] == 1) v = KryDec_.new(v).value
    if (r == 1) return v == null ? null : Element.new_(v)
    if (r == 2) return (v is List) ? v.map {|x| Element.new_(x) }.toList : []
    return v
  }
  static arg_(a, k) {
    if (k >= a.count) return null
    var x = a[k]
    if (x is Element) return x.index_
    if (x == null || (x is Num) || (x is String) || (x is Bool)) return x
    Fiber.abort("DOM arguments are strings, numbers, booleans, null or elements, not %(x.type.name)")
  }
  static enc_(v, d, dom) {
    if (v == null || (v is Num) || (v is String) || (v is Bool)) return v
    if (d >= 128) Fiber.abort("a value nests more than 128 levels deep (or contains itself)")
    if (v is List) {
      var out = []
      for (x in v) out.add(enc_(x, d + 1, dom))
      return out
    }
    if (v is Map) {
      var out = [KryTag_.new(1)]
      for (k in v.keys) {
        out.add(k)
        out.add(enc_(v[k], d + 1, dom))
      }
      return out
    }
    if (v is Element) return dom ? v.index_ : [KryTag_.new(2), "Element"]
    return [KryTag_.new(2), v.type.name]
  }
  static getVariable(n) {
    var g = KryGet_[n]
    return g == null ? null : g.call()
  }
  static setVariable(n, v) {
    var s = KrySet_[n]
    if (s == null) Fiber.abort("setVariable: no shared variable is named `%(n)`")
    s.call(v)
  }
  static addEventListener(t, f) { listen_(null, t, f) }
  static listen_(i, t, f) {
    if (!(f is Fn)) Fiber.abort("addEventListener expects a function (Fn.new { |event| ... })")
    KryListeners_.add(f)
    dom_("addEventListener", i, 2, t, KryListeners_.count, null)
  }
  static unlisten_(i, t, f) {
    var slot = 0
    for (k in 0...KryListeners_.count) {
      if (KryListeners_[k] == f) slot = k + 1
    }
    dom_("removeEventListener", i, 2, t, slot, null)
  }
  static listener_(slot, event) {
    if (!(slot is Num) || slot < 1 || slot > KryListeners_.count) return null
    return invoke_(KryListeners_[slot - 1], [event])
  }
"#;
