//! [`ScriptValue`] ↔ the JSON text that crosses between the host and MicroPython.
//!
//! The host writes JSON that MicroPython's `json.loads` reads (floats always with a point or
//! an exponent, so they stay floats; infinities as `1e999`). It reads what `json.dumps`
//! writes, which is JSON plus MicroPython's own spellings: `inf`, `-inf` and `nan` floats and
//! integer dict keys without quotes (written here as strings, as the Python VM does).
//! Integers beyond 64 bits, and objects `json.dumps` writes as their `repr` (functions,
//! instances), cannot be shared: an error names what was found.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::value::{ScriptValue, MAX_DEPTH};

/// `value` as JSON appended to `out`.
pub fn write_json(value: &ScriptValue, out: &mut String) {
    match value {
        ScriptValue::Nil => out.push_str("null"),
        ScriptValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ScriptValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        ScriptValue::Float(f) => write_float(*f, out),
        ScriptValue::String(s) => write_string(s, out),
        ScriptValue::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        ScriptValue::Map(map) => {
            out.push('{');
            for (k, (key, item)) in map.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

pub fn to_json(value: &ScriptValue) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_float(f: f64, out: &mut String) {
    if f.is_nan() {
        // `json.loads` has no NaN; the prelude turns this marker into `float("nan")`.
        out.push_str("{\"__kry_nan\":0}");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "1e999" } else { "-1e999" });
    } else {
        // `{:?}` always writes a point or an exponent (`1.0`, `1e300`).
        let _ = write!(out, "{f:?}");
    }
}

pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A value `json.dumps` wrote.
pub fn from_json(text: &str) -> Result<ScriptValue, String> {
    let mut p = Parser { s: text.as_bytes(), at: 0, text };
    let value = p.value(1)?;
    p.space();
    if p.at != p.s.len() {
        return Err(p.unshareable());
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn space(&mut self) {
        while self.s.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.s[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    /// The error for text that is not a value the runtime shares (`json.dumps` wrote an
    /// object's `repr`).
    fn unshareable(&self) -> String {
        let mut shown: String = self.text.chars().take(60).collect();
        if shown.len() < self.text.len() {
            shown.push('…');
        }
        format!(
            "only None, bool, int, float, str, list, tuple and dict values can be shared, \
             not `{shown}`"
        )
    }

    fn value(&mut self, depth: usize) -> Result<ScriptValue, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "a value nests more than {MAX_DEPTH} levels deep (or contains itself)"
            ));
        }
        self.space();
        let Some(&b) = self.s.get(self.at) else { return Err(self.unshareable()) };
        match b {
            b'n' if self.eat("null") => Ok(ScriptValue::Nil),
            b'n' if self.eat("nan") => Ok(ScriptValue::Float(f64::NAN)),
            b't' if self.eat("true") => Ok(ScriptValue::Bool(true)),
            b'f' if self.eat("false") => Ok(ScriptValue::Bool(false)),
            b'i' if self.eat("inf") => Ok(ScriptValue::Float(f64::INFINITY)),
            b'"' => self.string().map(ScriptValue::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat("]") {
                    return Ok(ScriptValue::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat("]") {
                        return Ok(ScriptValue::Array(items));
                    }
                    if !self.eat(",") {
                        return Err(self.unshareable());
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut map = BTreeMap::new();
                self.space();
                if self.eat("}") {
                    return Ok(ScriptValue::Map(map));
                }
                loop {
                    self.space();
                    let key = match self.s.get(self.at) {
                        Some(b'"') => self.string()?,
                        _ => match self.number()? {
                            ScriptValue::Int(i) => i.to_string(),
                            other => {
                                return Err(format!("a dict key cannot be a {}", other.kind_name()))
                            }
                        },
                    };
                    self.space();
                    if !self.eat(":") {
                        return Err(self.unshareable());
                    }
                    let value = self.value(depth + 1)?;
                    map.insert(key, value);
                    self.space();
                    if self.eat("}") {
                        return Ok(ScriptValue::Map(map));
                    }
                    if !self.eat(",") {
                        return Err(self.unshareable());
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.unshareable()),
        }
    }

    fn number(&mut self) -> Result<ScriptValue, String> {
        let start = self.at;
        if self.eat("-inf") {
            return Ok(ScriptValue::Float(f64::NEG_INFINITY));
        }
        let mut float = false;
        while let Some(&b) = self.s.get(self.at) {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.at += 1;
        }
        let digits = &self.text[start..self.at];
        if float {
            digits.parse().map(ScriptValue::Float).map_err(|_| self.unshareable())
        } else if digits.bytes().any(|b| b.is_ascii_digit()) {
            digits
                .parse()
                .map(ScriptValue::Int)
                .map_err(|_| "an int beyond 64 bits cannot be shared".to_string())
        } else {
            Err(self.unshareable())
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(stop) = rest.find(['"', '\\']) else { return Err(self.unshareable()) };
            out.push_str(&rest[..stop]);
            self.at += stop;
            if self.s[self.at] == b'"' {
                self.at += 1;
                return Ok(out);
            }
            self.at += 1;
            let Some(&e) = self.s.get(self.at) else { return Err(self.unshareable()) };
            self.at += 1;
            match e {
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'/' => out.push('/'),
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'u' => {
                    let unit = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&unit) && self.eat("\\u") {
                        let low = self.hex4()?;
                        char::from_u32(
                            0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00)),
                        )
                    } else {
                        char::from_u32(unit)
                    };
                    out.push(c.unwrap_or('\u{FFFD}'));
                }
                _ => return Err(self.unshareable()),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.at..self.at + 4).ok_or_else(|| self.unshareable())?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.unshareable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_micropython_writes() {
        let v =
            from_json(r#"{"a": [1, 2.5, "é\u00e9\ud83d\ude00", null, true], 3: -inf, "n": nan}"#)
                .unwrap();
        let ScriptValue::Map(m) = v else { panic!("a map") };
        assert_eq!(
            m["a"],
            ScriptValue::Array(vec![
                1.into(),
                2.5.into(),
                "éé😀".into(),
                ScriptValue::Nil,
                true.into()
            ])
        );
        assert_eq!(m["3"], ScriptValue::Float(f64::NEG_INFINITY));
        assert!(matches!(m["n"], ScriptValue::Float(f) if f.is_nan()));
        assert!(from_json("<function f at 0x1>").unwrap_err().contains("<function f"));
        assert!(from_json("123456789012345678901234567890").unwrap_err().contains("64 bits"));
        assert_eq!(from_json("-9223372036854775808").unwrap(), ScriptValue::Int(i64::MIN));
    }

    #[test]
    fn writes_floats_as_floats() {
        assert_eq!(to_json(&ScriptValue::Float(1.0)), "1.0");
        assert_eq!(to_json(&ScriptValue::Float(f64::INFINITY)), "1e999");
        assert_eq!(to_json(&"a\"\n\u{1}".into()), r#""a\"\n\u0001""#);
    }
}
