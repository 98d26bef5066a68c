//! Native library calls whose cost grows faster than their input: backtracking patterns and
//! regular expressions, big-integer arithmetic and conversion, long loops inside one library
//! function, huge repetition products.

use super::{lua, Stop};

#[test]
fn lua_backtracking_find() {
    lua(r#" string.find(string.rep("a", 5000), string.rep("a*", 12) .. "b") "#, Stop::Time);
}

#[test]
fn lua_backtracking_match_with_lazy_items() {
    lua(r#" local s = ("a"):rep(4000) return s:match(".-.-.-.-.-.-x") "#, Stop::Time);
}

#[test]
fn lua_backtracking_gsub_and_gmatch() {
    lua(r#" return (string.gsub(("a"):rep(3000), "(a*)(a*)(a*)(a*)b", "")) "#, Stop::Time);
    lua(
        r#" for w in string.gmatch(("ab"):rep(3000), "[ab]*[ab]*[ab]*[ab]*c") do end "#,
        Stop::Time,
    );
}

#[test]
fn lua_table_move_over_a_huge_range() {
    lua(" table.move({}, 1, 2^40, 1, {}) ", Stop::Time);
}

#[test]
fn lua_huge_repetition_is_refused_by_the_memory_limit() {
    lua(r#" local s = string.rep("x", 2^30) "#, Stop::Memory);
    lua(r#" local s = string.rep("x", 2^40) "#, Stop::Refused("too large"));
    lua(r#" local s = string.rep("ab", 2^28, ",") "#, Stop::Memory);
}

#[cfg(feature = "javascript-vm")]
mod javascript {
    use super::super::{js, Stop};

    #[test]
    fn backtracking_regular_expressions() {
        js(r#" /(a+)+$/.test("a".repeat(40) + "b"); "#, Stop::Time);
        js(r#" /(x+x+)+y/.exec("x".repeat(60)); "#, Stop::Time);
        js(r#" "a".repeat(50).replace(/^(a|a)*$b/g, ""); "#, Stop::Time);
    }

    #[test]
    fn array_methods_over_huge_array_likes() {
        js(" Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1); ", Stop::Time);
        js(" Array.prototype.join.call({ length: 2 ** 40 }, ''); ", Stop::Time);
        js(" const a = []; a.length = 2 ** 32 - 1; a.lastIndexOf(1); ", Stop::Time);
        js(" Array.prototype.includes.call({ length: 2 ** 53 - 1 }, 1); ", Stop::Time);
        js(" const a = []; a.length = 2 ** 32 - 1; a.reverse(); ", Stop::Refused("refused"));
        js(
            " Array.prototype.forEach.call({ length: 2 ** 53 - 1 }, () => {}); ",
            Stop::Refused("refused"),
        );
    }

    #[test]
    fn big_integer_arithmetic() {
        js(" let x = 7n ** 4000000n; ", Stop::Refused("too large"));
        js(
            " let x = 3n ** 100000n; for (let i = 0; i < 3; i++) x.toString(); ",
            Stop::Refused("too large"),
        );
    }

    #[test]
    fn huge_repetition_is_refused_by_the_memory_limit() {
        js(" const s = 'x'.repeat(2 ** 29); ", Stop::Memory);
        js(" const s = 'ab'.padEnd(2 ** 29, 'cd'); ", Stop::Memory);
    }
}

#[cfg(feature = "python-vm")]
mod python {
    use super::super::{python, Stop};

    #[test]
    fn big_integer_power_and_shift() {
        python(&["x = 10 ** 10 ** 7"], Stop::Memory);
        python(&["x = 7 ** 40000000"], Stop::Memory);
        python(&["x = 3 ** 1000000", "while True: x = x * x"], Stop::Memory);
        python(&["x = 1 << 10 ** 12"], Stop::Memory);
    }

    #[test]
    fn big_integer_text_conversion() {
        // Both directions are quadratic: CPython's limit of 4300 digits holds for both.
        python(&["x = 3 ** 150000", "s = repr(x)"], Stop::Refused("limit"));
        // `str` of an exact int takes a fast path no guard sees: each conversion is bounded
        // by the integer size limit (tens of milliseconds; a smaller one here, so that one
        // conversion in a debug build on a loaded machine stays well inside the budget), and
        // the loop is stopped.
        python(&["x = 3 ** 20000", "while True: s = str(x)"], Stop::Time);
        python(&["x = int('9' * 1000000)"], Stop::Refused("limit"));
    }

    #[test]
    fn long_loops_inside_one_builtin() {
        python(&["x = sum(range(10 ** 13))"], Stop::Time);
        python(&["x = max(range(10 ** 13))"], Stop::Time);
        python(&["x = any(x > 10 ** 13 for x in range(10 ** 14))"], Stop::Time);
        python(&["x = sorted(range(10 ** 12))"], Stop::TimeOrMemory);
    }

    #[test]
    fn huge_repetition_is_refused_by_the_memory_limit() {
        python(&["s = 'x' * 10 ** 10"], Stop::Memory);
        python(&["s = [0] * 10 ** 10"], Stop::Memory);
        python(&["s = b'ab' * 2 ** 40"], Stop::Memory);
    }
}

#[test]
fn lua_table_functions_over_a_huge_length() {
    let t = "setmetatable({}, { __len = function() return 2^40 end })";
    lua(&format!(" table.insert({t}, 1, 'x') "), Stop::Time);
    lua(&format!(" table.remove({t}, 1) "), Stop::Time);
}
