//! Lua 5.4 through full_moon. A function body is checked as `function f(params) body end`;
//! an inline handler as `local f = <expression>`; a module as it is.

use full_moon::LuaVersion;

use super::{params, BodyKind, ScriptError, Wrapped};

pub fn check(kind: BodyKind<'_>, body: &str) -> Vec<ScriptError> {
    let wrapped = match kind {
        BodyKind::Function { .. } => {
            Wrapped::new(&format!("local function f({})", params(kind)), body, "\nend")
        }
        BodyKind::Expression => Wrapped::new("local f = ", body, "\n"),
        BodyKind::Module => Wrapped::new("", body, ""),
    };
    let result = full_moon::parse_fallible(&wrapped.text, LuaVersion::lua54());
    // After its first error full_moon's recovery reports follow-on errors of the same
    // mistake (a missing `end` after a broken statement): report the first only.
    result
        .errors()
        .first()
        .map(|e| {
            let (start, end) = e.range();
            wrapped.error(body, start.bytes(), end.bytes(), without_position(&e.error_message()))
        })
        .into_iter()
        .collect()
}

/// full_moon's tokenizer messages end with the position in the text it parsed (`unclosed
/// string (2:11 to 3:1)`), which is the wrapped text's, not the user's: drop it.
fn without_position(message: &str) -> String {
    if let Some(open) = message.rfind(" (") {
        let tail = &message[open + 2..];
        if tail.ends_with(')')
            && tail.contains(" to ")
            && tail[..tail.len() - 1].chars().all(|c| c.is_ascii_digit() || " :to".contains(c))
        {
            return message[..open].to_string();
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: BodyKind<'static> = BodyKind::Function { params: &["a", "b"] };

    #[test]
    fn valid_lua() {
        for body in [
            "\n    return a + b\n",
            "\n    local t <const> = {1, 2, x = 3}\n    for i, v in ipairs(t) do print(i // 2, v ~ 1) end\n",
            "\n    goto done\n    ::done::\n",
            " counter = counter + 1 ",
            "",
        ] {
            assert_eq!(check(F, body), vec![], "{body}");
        }
        assert_eq!(check(BodyKind::Expression, "function() inputNumber(7) end"), vec![]);
        assert_eq!(check(BodyKind::Module, "x = 1\nfunction g() return x end\n"), vec![]);
    }

    #[test]
    fn errors_point_into_the_body() {
        let body = "\n    local x = = 2\n";
        let errors = check(F, body);
        assert_eq!(errors.len(), 1, "one mistake, one error: {errors:?}");
        assert_eq!(errors[0].start, body.find('=').expect("found"), "{errors:?}");
        assert_eq!(errors[0].message, "expected an expression");
        let body = "\n    if a then\n        return b\n";
        let errors = check(F, body);
        assert!(!errors.is_empty());
        assert!(errors[0].start <= body.len());
        let errors = check(BodyKind::Expression, "function() inputNumber(7) ed");
        assert!(!errors.is_empty());
        assert_eq!(check(F, " print(\"abc) ")[0].message, "unclosed string");
    }
}
