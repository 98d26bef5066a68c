//! `string.find`, `string.match`, `string.gmatch` and `string.gsub` over the budgeted
//! matcher (`patterns.rs`) instead of Lua's native one, installed in every state (also as
//! the string methods: `s:find(...)` goes through the `string` table). Results the functions
//! build outside Lua's allocator (`gsub`'s result) are held to the VM's memory limit.

use mlua::{Error, Function, Lua, LuaString, MultiValue, Table, Value, Variadic};

use super::patterns::{no_specials, Capture, Matcher};
use crate::vm::CallClock;

/// Lua's `posrelatI`: a 1-based start position (negative: from the end) as an offset.
fn start_offset(init: Option<i64>, len: usize) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let pos = match init.unwrap_or(1) {
        p if p > 0 => p,
        0 => 1,
        p if p < -len_i => 1,
        p => len_i + p + 1,
    };
    usize::try_from(pos - 1).unwrap_or(usize::MAX)
}

fn capture_value(lua: &Lua, m: &Matcher<'_>, i: usize, s: usize, e: usize) -> mlua::Result<Value> {
    if i >= m.level {
        if i != 0 {
            return Err(Error::runtime(format!("invalid capture index %{}", i + 1)));
        }
        return lua.create_string(&m.src[s..e]).map(Value::String);
    }
    match m.captures[i] {
        (_, Capture::Unfinished) => Err(Error::runtime("unfinished capture")),
        (at, Capture::Position) => Ok(Value::Integer(at as i64 + 1)),
        (at, Capture::Len(len)) => lua.create_string(&m.src[at..at + len]).map(Value::String),
    }
}

/// The captures of a match (or the whole match when the pattern has none; `whole` false:
/// nothing then, as `find` wants).
fn captures(
    lua: &Lua,
    m: &Matcher<'_>,
    s: usize,
    e: usize,
    whole: bool,
) -> mlua::Result<Vec<Value>> {
    let n = if m.level == 0 && whole { 1 } else { m.level };
    (0..n).map(|i| capture_value(lua, m, i, s, e)).collect()
}

/// Plain-text search, counting its steps like the matcher does.
fn find_plain(m: &mut Matcher<'_>, needle: &[u8], from: usize) -> mlua::Result<Option<usize>> {
    if needle.is_empty() {
        return Ok(Some(from));
    }
    let hay = m.src;
    let Some(last) = hay.len().checked_sub(needle.len()) else { return Ok(None) };
    for at in from..=last {
        for _ in 0..=needle.len() / 256 {
            m.step()?;
        }
        if hay[at] == needle[0] && &hay[at..at + needle.len()] == needle {
            return Ok(Some(at));
        }
    }
    Ok(None)
}

fn find_or_match(
    lua: &Lua,
    clock: &CallClock,
    (subject, pattern, init, plain): (LuaString, LuaString, Option<i64>, Option<Value>),
    find: bool,
) -> mlua::Result<MultiValue> {
    let (s, p) = (subject.as_bytes(), pattern.as_bytes());
    let (s, p): (&[u8], &[u8]) = (&s, &p);
    let from = start_offset(init, s.len());
    if from > s.len() {
        return Ok(MultiValue::from_iter([Value::Nil]));
    }
    let plain = plain.is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
    let mut m = Matcher::new(s, p, clock);
    if find && (plain || no_specials(p)) {
        return Ok(match find_plain(&mut m, p, from)? {
            Some(at) => MultiValue::from_iter([
                Value::Integer(at as i64 + 1),
                Value::Integer((at + p.len()) as i64),
            ]),
            None => MultiValue::from_iter([Value::Nil]),
        });
    }
    let anchor = p.first() == Some(&b'^');
    let mut m = Matcher::new(s, if anchor { &p[1..] } else { p }, clock);
    let mut at = from;
    loop {
        m.reset();
        if let Some(end) = m.do_match(at, 0)? {
            let mut out = Vec::new();
            if find {
                out.push(Value::Integer(at as i64 + 1));
                out.push(Value::Integer(end as i64));
            }
            out.extend(captures(lua, &m, at, end, !find)?);
            return Ok(MultiValue::from_iter(out));
        }
        at += 1;
        if anchor || at > s.len() {
            return Ok(MultiValue::from_iter([Value::Nil]));
        }
    }
}

fn gmatch(
    lua: &Lua,
    clock: &CallClock,
    (subject, pattern, init): (LuaString, LuaString, Option<i64>),
) -> mlua::Result<Function> {
    let len = subject.as_bytes().len();
    let mut at = start_offset(init, len);
    if at > len {
        at = len + 1;
    }
    let mut last: Option<usize> = None;
    let clock = clock.clone();
    lua.create_function_mut(move |lua, ()| {
        let (s, p) = (subject.as_bytes(), pattern.as_bytes());
        let (s, p): (&[u8], &[u8]) = (&s, &p);
        let mut m = Matcher::new(s, p, &clock);
        while at <= s.len() {
            m.reset();
            let start = at;
            match m.do_match(start, 0)? {
                Some(end) if Some(end) != last => {
                    at = end;
                    last = Some(end);
                    return Ok(MultiValue::from_iter(captures(lua, &m, start, end, true)?));
                }
                _ => at += 1,
            }
        }
        Ok(MultiValue::from_iter([Value::Nil]))
    })
}

/// Appends to `gsub`'s result, which Lua's allocator does not see: it may not outgrow
/// what the VM has left under its memory limit.
fn push(out: &mut Vec<u8>, bytes: &[u8], lua: &Lua, memory_limit: usize) -> mlua::Result<()> {
    if memory_limit > 0 && lua.used_memory().saturating_add(out.len() + bytes.len()) > memory_limit
    {
        return Err(Error::MemoryError("not enough memory".into()));
    }
    out.extend_from_slice(bytes);
    Ok(())
}

/// How deep `gsub` calls may nest through replacement functions and `__index` metamethods
/// (each level is a Lua call from Rust, whose native frames are larger than Lua's own).
const MAX_NESTING: u32 = 40;

thread_local! {
    static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of `gsub` calling back into Lua; refused past [`MAX_NESTING`].
struct Nested;

impl Nested {
    fn enter() -> mlua::Result<Nested> {
        NESTING.with(|n| {
            if n.get() >= MAX_NESTING {
                return Err(Error::runtime("string.gsub: C stack overflow"));
            }
            n.set(n.get() + 1);
            Ok(Nested)
        })
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// `gsub`'s replacement of one match from `s` to `e`.
fn replace(
    lua: &Lua,
    m: &Matcher<'_>,
    (s, e): (usize, usize),
    repl: &Value,
    out: &mut Vec<u8>,
    memory_limit: usize,
) -> mlua::Result<()> {
    let value = match repl {
        Value::String(_) | Value::Integer(_) | Value::Number(_) => {
            let text = lua.coerce_string(repl.clone())?.map(|t| t.as_bytes().to_vec());
            let text = text.unwrap_or_default();
            let mut i = 0;
            while i < text.len() {
                let Some(offset) = text[i..].iter().position(|&c| c == b'%') else {
                    push(out, &text[i..], lua, memory_limit)?;
                    break;
                };
                push(out, &text[i..i + offset], lua, memory_limit)?;
                let c = text.get(i + offset + 1).copied().unwrap_or(0);
                match c {
                    b'%' => push(out, b"%", lua, memory_limit)?,
                    b'0' => push(out, &m.src[s..e], lua, memory_limit)?,
                    b'1'..=b'9' => {
                        let value = capture_value(lua, m, usize::from(c - b'1'), s, e)?;
                        let text = lua.coerce_string(value)?;
                        let bytes = text.map(|t| t.as_bytes().to_vec()).unwrap_or_default();
                        push(out, &bytes, lua, memory_limit)?;
                    }
                    _ => return Err(Error::runtime("invalid use of '%' in replacement string")),
                }
                i += offset + 2;
            }
            return Ok(());
        }
        Value::Table(t) => {
            let _nested = Nested::enter()?;
            t.get::<Value>(capture_value(lua, m, 0, s, e)?)?
        }
        Value::Function(f) => {
            let _nested = Nested::enter()?;
            f.call::<Value>(Variadic::from_iter(captures(lua, m, s, e, true)?))?
        }
        _ => Value::Nil,
    };
    match value {
        Value::Nil | Value::Boolean(false) => push(out, &m.src[s..e], lua, memory_limit),
        Value::String(_) | Value::Integer(_) | Value::Number(_) => {
            let text = lua.coerce_string(value)?;
            let bytes = text.map(|t| t.as_bytes().to_vec()).unwrap_or_default();
            push(out, &bytes, lua, memory_limit)
        }
        other => {
            Err(Error::runtime(format!("invalid replacement value (a {})", other.type_name())))
        }
    }
}

fn gsub(
    lua: &Lua,
    clock: &CallClock,
    memory_limit: usize,
    (subject, pattern, repl, max): (LuaString, LuaString, Value, Option<i64>),
) -> mlua::Result<(LuaString, i64)> {
    if !matches!(
        repl,
        Value::String(_)
            | Value::Integer(_)
            | Value::Number(_)
            | Value::Table(_)
            | Value::Function(_)
    ) {
        return Err(Error::runtime(format!(
            "bad argument #3 to 'gsub' (string/function/table expected, got {})",
            repl.type_name()
        )));
    }
    let (src, pat) = (subject.as_bytes(), pattern.as_bytes());
    let (src, pat): (&[u8], &[u8]) = (&src, &pat);
    let anchor = pat.first() == Some(&b'^');
    let mut m = Matcher::new(src, if anchor { &pat[1..] } else { pat }, clock);
    let max = max.unwrap_or(i64::MAX);
    let (mut at, mut count, mut last) = (0usize, 0i64, None);
    let mut out = Vec::new();
    while count < max {
        m.reset();
        match m.do_match(at, 0)? {
            Some(end) if Some(end) != last => {
                count += 1;
                replace(lua, &m, (at, end), &repl, &mut out, memory_limit)?;
                at = end;
                last = Some(end);
            }
            _ if at < src.len() => {
                push(&mut out, &src[at..at + 1], lua, memory_limit)?;
                at += 1;
                m.step()?;
            }
            _ => break,
        }
        if anchor {
            break;
        }
    }
    if at < src.len() {
        push(&mut out, &src[at..], lua, memory_limit)?;
    }
    Ok((lua.create_string(&out)?, count))
}

/// Replaces the four pattern functions of the state's `string` table.
pub(super) fn install(lua: &Lua, clock: &CallClock, memory_limit: usize) -> mlua::Result<()> {
    let string: Table = lua.globals().raw_get("string")?;
    let c = clock.clone();
    let find = lua.create_function(move |lua, args| find_or_match(lua, &c, args, true))?;
    let c = clock.clone();
    let matches =
        lua.create_function(move |lua, (s, p, init): (LuaString, LuaString, Option<i64>)| {
            find_or_match(lua, &c, (s, p, init, None), false)
        })?;
    let c = clock.clone();
    let gmatch_ = lua.create_function(move |lua, args| gmatch(lua, &c, args))?;
    let c = clock.clone();
    let gsub_ = lua.create_function(move |lua, args| gsub(lua, &c, memory_limit, args))?;
    string.raw_set("find", find)?;
    string.raw_set("match", matches)?;
    string.raw_set("gmatch", gmatch_)?;
    string.raw_set("gsub", gsub_)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use mlua::Lua;

    use crate::vm::CallClock;

    /// Runs every case with Lua's own functions and with these, and compares the results.
    const CASES: &str = r##"
        local out = {}
        local function show(...)
            local n = select("#", ...)
            local parts = {}
            for i = 1, n do parts[i] = tostring((select(i, ...))) end
            out[#out + 1] = table.concat(parts, ",")
        end
        local function try(f, ...)
            local r = table.pack(pcall(f, ...))
            if not r[1] then
                local e = tostring(r[2])
                local cause = e:match("caused by: (.*)$")
                e = (cause or e):gsub("^runtime error: ", ""):gsub("\nstack traceback:.*$", "")
                out[#out + 1] = "error:" .. e:gsub("^.-:%d+: ", ""):gsub("^bad argument #%d to '[%w%.]+' ", "")
            else
                show(table.unpack(r, 2, r.n))
            end
        end
        local subjects = { "", "hello world", "  key = value  ", "a,b,,c", "THE (quick) fox",
            "f(a(b)c)d", "aaa", "x=1, y=22, z=333", "\0a\0", "día über" }
        local patterns = { "o", "l+", "l*", "l-", "l?", "^h", "d$", "^$", "(o)(r)", "()o()",
            "%w+", "%a+", "%s*(%S+)%s*=%s*(%S+)", "[^,]*", "[a-c]+", "[%a_][%w_]*", "%b()",
            "%f[%w]%w+", "(a)%1", "(%w+)=(%w+)", ".-", ".*", "[]]", "[^%s]+", "%d+", "%u+",
            "(h)(e)(l)", "%.", "[%]]", "x", "(", "%", "[a", "%b", "%1", "(()", "%f", "%g+",
            "%p", "%c", "%x+", "[A-Z%d]+" }
        for _, s in ipairs(subjects) do
            for _, p in ipairs(patterns) do
                try(string.find, s, p)
                try(string.find, s, p, 3)
                try(string.find, s, p, -4, true)
                try(string.match, s, p)
                try(string.match, s, p, 2)
                try(string.gsub, s, p, "<%0>")
                try(string.gsub, s, p, "%1", 2)
                try(string.gsub, s, p, { o = "0", hello = 1 })
                try(string.gsub, s, p, function(a, b) return b end)
                try(function()
                    local words = {}
                    for a, b in string.gmatch(s, p) do words[#words + 1] = tostring(a) .. "/" .. tostring(b) end
                    return table.concat(words, ";")
                end)
            end
        end
        try(string.gsub, "abc", "%w", "%2")
        try(string.gsub, "abc", "%w", "%x")
        try(string.gsub, "abc", "", "-")
        try(string.gsub, "abc", "b*", "-")
        try(string.find, "abc", "b", 10)
        try(string.find, "abc", "", 4)
        try(string.find, "abc", "", 5)
        try(string.find, 12345, 3)
        try(string.gsub, "abc", "%w", false)
        return table.concat(out, "\n")
    "##;

    #[test]
    fn the_budgeted_functions_match_lua_s_own() {
        let run = |lua: &Lua| -> String {
            let text = lua.load(CASES).eval::<mlua::LuaString>().expect("runs");
            String::from_utf8_lossy(&text.as_bytes()).into_owned()
        };
        let native = run(&Lua::new());
        let lua = Lua::new();
        let clock = CallClock::new(Duration::from_secs(5));
        super::install(&lua, &clock, 0).expect("install");
        clock.begin();
        let ported = run(&lua);
        for (i, (a, b)) in native.lines().zip(ported.lines()).enumerate() {
            assert_eq!(a, b, "case {i}");
        }
        assert_eq!(native.lines().count(), ported.lines().count());
    }

    #[test]
    fn a_backtracking_pattern_is_stopped_by_the_clock() {
        let lua = Lua::new();
        let clock = CallClock::new(Duration::from_millis(50));
        super::install(&lua, &clock, 0).expect("install");
        clock.begin();
        let started = std::time::Instant::now();
        let result = lua
            .load(r#"return string.find(string.rep("a", 5000), string.rep("a*", 12) .. "b")"#)
            .exec();
        assert!(result.is_err_and(|e| e.to_string().contains("time limit")));
        assert!(started.elapsed() < Duration::from_millis(500));
    }
}
