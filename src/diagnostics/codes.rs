//! Every diagnostic code the toolchain can emit, with its name, default severity and the long
//! explanation printed by `kryc explain`. Codes are stable: a code is never reused for another
//! problem. Ranges: K00xx driver, input and configuration, K01xx lexing and parsing, K02xx includes, K03xx
//! semantics (K030x variables, K031x styles, K032x components, K033x control flow, K034x
//! elements, K035x properties, K036x scripts), K04xx output.

use super::Severity;

/// Static facts about one [`Code`].
#[derive(Debug)]
pub struct CodeInfo {
    pub code: Code,
    /// `K0104`
    pub id: &'static str,
    /// `unclosed-delimiter`
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the problem is.
    pub summary: &'static str,
    /// Markdown: why it is a problem, an example, how to fix it.
    pub explanation: &'static str,
}

macro_rules! codes {
    ($( $variant:ident = $id:literal, $name:literal, $sev:ident, $summary:literal, $expl:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $variant, )* }

        /// Every code, in numeric order.
        pub const ALL: &[CodeInfo] = &[
            $( CodeInfo {
                code: Code::$variant,
                id: $id,
                name: $name,
                severity: Severity::$sev,
                summary: $summary,
                explanation: $expl,
            }, )*
        ];
    };
}

impl Code {
    pub fn info(self) -> &'static CodeInfo {
        &ALL[self as usize]
    }
    pub fn id(self) -> &'static str {
        self.info().id
    }
    pub fn name(self) -> &'static str {
        self.info().name
    }
    /// Finds a code by id (`K0104`, `k0104`, `0104`) or by name (`unclosed-delimiter`).
    pub fn lookup(text: &str) -> Option<Code> {
        let t = text.trim();
        ALL.iter()
            .find(|c| {
                c.id.eq_ignore_ascii_case(t) || c.id[1..] == *t || c.name.eq_ignore_ascii_case(t)
            })
            .map(|c| c.code)
    }
}

codes! {
    InternalError = "K0001", "internal-error", Error,
        "the compiler hit a bug",
        "kryc stopped because of a bug in kryc itself, not because of your input.\n\nPlease report it with the input file and the command line; the message printed with this code names the place in kryc that failed. The exit status is 101.";
    Io = "K0002", "io-error", Error,
        "a file could not be read or written",
        "A file named on the command line, or an output path, could not be opened, read or written. The message gives the operating system's reason (missing file, permission denied, ...).\n\nCheck the path and its permissions. Missing *included* files are reported as K0201 instead.";
    InvalidUtf8 = "K0003", "invalid-utf8", Error,
        "a source file is not valid UTF-8",
        "KRY source files are UTF-8. The file contains a byte sequence that is not UTF-8; the span points at the first such byte.\n\nRe-save the file as UTF-8 (most editors have an \"encoding\" menu).";
    InvalidConfig = "K0004", "invalid-config", Error,
        "a `kryon.toml` that cannot be used",
        "`kryon.toml` beside the root `.kry` file configures the build: `[build] vms = [\"lua\", \"javascript\"]` or `[build] preset = \"desktop\"` (not both), and `[host] functions = [...]` for functions the host application provides. The diagnostic points at the value that is wrong: a TOML syntax error, an unknown VM or preset (with the closest name), or an unknown key.";
    UnexpectedCharacter = "K0101", "unexpected-character", Error,
        "a character that cannot start any KRY token",
        "The lexer found a character that is not part of the KRY syntax outside a string or comment, for example a stray `%` or a backtick.\n\n```kry,error\nText { text: `hello` }   # error: use double quotes\nText { text: \"hello\" }   # ok\n```";
    UnterminatedString = "K0102", "unterminated-string", Error,
        "a string has no closing quote",
        "A `\"` opened a string that is not closed before the end of the file. kryc reports the opening quote and resumes at the next line.\n\n```kry,error\nText { text: \"Hello }   # error\nText { text: \"Hello\" }  # ok\n```";
    InvalidEscape = "K0103", "invalid-escape", Error,
        "an unknown escape sequence in a string",
        "Strings accept the escapes `\\n`, `\\t`, `\\r`, `\\\\`, `\\\"`, `\\'` and `\\$` (a literal dollar sign that does not start a variable reference). Any other backslash sequence is an error; write `\\\\` for a literal backslash.";
    UnclosedDelimiter = "K0104", "unclosed-delimiter", Error,
        "a `{`, `[` or `(` is never closed",
        "A block opened with `{` (or a `[`/`(` in a value) is never closed. kryc reports this once, at the opening delimiter that the indentation suggests is unclosed, and lists the other openers that are still open at the end of the file.\n\n```kry,error\nContainer {\n    Text {\n        text: \"a\"\n    # a `}` is missing here\n    Button { text: \"b\" }\n}\n```\n\nAdd the missing `}` where the block should end.";
    UnexpectedClosingDelimiter = "K0105", "unexpected-closing-delimiter", Error,
        "a `}`, `]` or `)` closes nothing",
        "A closing delimiter does not match any open one, or does not match the kind of the innermost open one (`{ ]`). Remove it, or add the opener it was meant to close.";
    UnexpectedToken = "K0106", "syntax-error", Error,
        "the parser found something it did not expect",
        "The text does not follow the KRY grammar at this point. The message says what was found and what could appear there instead. kryc recovers at the next property, element or top-level item and keeps reporting independent errors.\n\nThe full grammar is in `grammar/kry.ebnf` and the language reference in `docs/language.md`.";
    UnterminatedScriptBody = "K0107", "unterminated-script-body", Error,
        "a function or script body never ends",
        "The body of an `@function` or `@script` block is scanned with the string and comment rules of its language, so a `}` inside a Lua, JavaScript or Python string or comment does not end the body. This body reaches the end of the file without its closing `}`; often a string or block comment inside it is not closed. The labels point at the body and, when there is one, at the unclosed string or comment.";
    ForeignDialect = "K0108", "foreign-dialect", Error,
        "the file is written in another KRY dialect",
        "kryc compiles KRY 1.x (the 2025 KRY UI language, spec v1.2 and later additions). Two other languages share the `.kry` extension and are rejected with this single error instead of a cascade of syntax errors:\n\n- the 2025 \"smart hybrid\" dialect: `prop = value` with camelCase names, `function \"lua\" f()` without `@`, `component Name(...)`;\n- the 2026 \"Kry 0.1\" language: `#import`, `screen`, `state`.\n\nTo port a smart-hybrid file: write `prop: value` with snake_case names (`backgroundColor = \"#fff\"` becomes `background_color: \"#fff\"`), `@function \"lua\" f() { ... }`, and `Define Name { Properties { ... } ... }` for components.";
    InvalidNumber = "K0109", "invalid-number", Error,
        "a malformed number or unknown unit",
        "Numbers are integers or decimals, optionally followed directly by a unit: `px`, `%`, `em`, `rem`, `vw`, `vh`, `deg`, `rad`, `turn`. Anything else glued to a number (`12pt`, `1.2.3`) is an error.";
    UnterminatedBlock = "K0110", "unterminated-block", Error,
        "an `@for` or `@if` block has no `@end`",
        "Control-flow blocks run until a matching `@end`:\n\n```kry,fragment\n@for item in $items\n    Text { text: $item }\n@end\n```\n\nThe block reported here reaches the end of its enclosing element (or the file) without one.";
    MisplacedDirective = "K0111", "misplaced-directive", Error,
        "a directive appears where it is not allowed",
        "Some directives only make sense in certain places: `@include`, `@variables`, `@var`, `style`, `font` and `Define` at the top level of a file; `@elif`, `@else` and `@end` only inside an `@if` or `@for` block. Move the directive, or remove it.";
    UnknownDirective = "K0112", "unknown-directive", Error,
        "an `@` word that is not a KRY directive",
        "The directives are `@include`, `@variables`, `@var`, `@script`, `@function` (also `@func` and `@method`), `@for`, `@if`, `@elif`, `@else` and `@end`.";
    LegacyTemplate = "K0113", "legacy-template", Warning,
        "`{{name}}` templates are deprecated",
        "Early KRY used `{{name}}` inside strings to bind a variable. It still works, but the current form is `$name` (or `${name}` when letters follow directly):\n\n```kry,fragment\ntext: \"Count: {{counter}}\"   # deprecated\ntext: \"Count: $counter\"      # current\n```";
    MissingScriptLanguage = "K0114", "missing-script-language", Warning,
        "a function or script without a language tag",
        "`@function name() { ... }` without a language runs in the build's default VM, Lua. Write the language explicitly so that the file means the same thing under every build configuration: `@function \"lua\" name() { ... }`.";
    InvalidScriptHeader = "K0115", "invalid-script-header", Error,
        "a malformed `@script` or `@function` header",
        "A script header has an attribute or parameter list kryc does not understand. The forms are:\n\n```kry,fragment\n@function \"lua\" name(a, b) { ... }\n@script \"javascript\" { ... }\n@script \"python\" name \"setup\" mode embed { ... }\n@script \"lua\" from \"scripts/app.lua\"\n```\n\nAttributes are `name` and `mode` (`embed`, `external`, `auto`), written `name \"x\"`, `name = \"x\"` or `name=\"x\"`.";
    InvalidInterpolation = "K0116", "invalid-interpolation", Error,
        "a malformed `${...}` or `{{...}}` inside a string",
        "Inside strings, `$name` and `${name}` insert the value of a variable. `${` must be followed by a variable name and `}`; write `\\$` for a literal dollar sign.";
    UnknownScriptLanguage = "K0117", "unknown-script-language", Error,
        "a script language tag names no known language",
        "The language of an `@function` or `@script` is one of `\"lua\"`, `\"javascript\"` (alias `\"js\"`), `\"python\"` (alias `\"py\"`), `\"wren\"` and `\"micropython\"`. Tags are case-insensitive.\n\n```kry,fragment\n@function \"javascript\" decrement() { counter--; }\n```";
    NestingTooDeep = "K0118", "nesting-too-deep", Error,
        "blocks or values nest too deeply",
        "Elements, arrays, objects and parentheses may nest at most 200 levels deep. kryc reports the first group past that limit and leaves it out, so that no later pass has to recurse without bound. Real UIs nest a few dozen levels at most; deeper nesting usually comes from a generator gone wrong.";
    IncludeNotFound = "K0201", "include-not-found", Error,
        "an included file cannot be found",
        "`@include \"path\"` is resolved relative to the including file first, then in each `-I DIR` search directory in order. None of them has the file. The message lists the places that were tried.";
    IncludeCycle = "K0202", "include-cycle", Error,
        "files include each other in a cycle",
        "A file includes itself, directly or through other files. The notes show the chain of includes. Move what both files need into a third file that both include.";
    IncludeDepth = "K0203", "include-depth-exceeded", Error,
        "includes are nested too deeply",
        "Includes may nest at most 64 levels deep. Deeper nesting almost always comes from generated files gone wrong; flatten the include structure.";
    ScriptFileNotFound = "K0204", "script-file-not-found", Error,
        "the file of an `@script ... from` cannot be read",
        "`@script \"lua\" from \"path\"` reads its code from a file, resolved relative to the `.kry` file that names it, then in each `-I DIR` search directory. The code is checked by the language's parser like inline code and embedded in the KRB. The message lists the places that were tried.";
    UndefinedVariable = "K0301", "undefined-variable", Error,
        "a `$name` reference names no variable",
        "`$name` and `${name}` refer to a variable declared in an `@variables` block or with `@var` (in this file or an included one), to a component property inside a `Define`, or to a loop variable inside `@for`. The help line suggests the closest name when there is one.";
    VariableRedefined = "K0302", "variable-redefined", Warning,
        "a variable is declared twice",
        "Two `@variables` blocks (possibly in different files) declare the same variable. The later declaration wins; the label shows the earlier one. Remove one of them, or give them different names.";
    InvalidDefine = "K0303", "invalid-define", Error,
        "a `-D NAME=VALUE` option is malformed",
        "`-D` overrides a variable from the command line: `-D counter=5`, `-D title=\"Hello\"`, `-D dark=true`. The value is written as it would be in an `@variables` block.";
    VariableCycle = "K0304", "variable-cycle", Error,
        "a variable's value refers to itself",
        "A variable's value uses the variable itself, directly (`a: \"x $a\"`) or through other variables (`a: $b`, `b: $a`), so it has no value. Give one of them a value that does not depend on the others.";
    UndefinedStyle = "K0310", "undefined-style", Error,
        "a style name refers to no style",
        "`style: \"name\"` and `extends: \"name\"` refer to a `style \"name\" { ... }` block in this file or an included one. The help line suggests the closest style name.";
    StyleCycle = "K0311", "style-cycle", Error,
        "styles extend each other in a cycle",
        "A style extends itself, directly or through other styles. The message shows the chain. Break the cycle by moving the shared properties into a base style that extends nothing.";
    StyleRedefined = "K0312", "style-redefined", Warning,
        "a style is defined twice",
        "Two `style` blocks have the same name. The later one wins; the label shows the earlier one.";
    UnusedStyle = "K0313", "unused-style", Warning,
        "a style is never used",
        "No element, component default, script and no other style's `extends` refers to this style (a script counts when it writes the name as a whole quoted string, as in `setStyle(\"name\")`; a name it builds at run time does not). Remove it, or use it with `style: \"name\"`. Styles in library files (files that define no `App`) are not reported.";
    DynamicStyleName = "K0314", "dynamic-style-name", Error,
        "a style name depends on a value known only at run time",
        "`style: \"theme_$theme\"` is resolved at compile time, so every variable in it must be known then: a variable that scripts change cannot pick a style. Use a fixed name, or switch styles from a script with `setStyle`.";
    MissingRequiredProp = "K0320", "missing-required-property", Error,
        "a component is used without a required property",
        "A property declared in a component's `Properties` block without a default value (`source: Resource`) must be given at every use of the component.";
    PrivateProp = "K0321", "private-property", Error,
        "a private component property is set from outside",
        "Component properties whose names start with `_` are private to the `Define`; a use of the component cannot set them.";
    ComponentRecursion = "K0322", "component-recursion", Error,
        "a component contains itself",
        "A component's body uses the component itself, directly or through other components, so expanding it would never end. The message shows the chain.";
    ComponentRedefined = "K0323", "component-redefined", Error,
        "two components have the same name",
        "Two `Define` blocks (possibly in different files) define the same component name. Rename one of them.";
    UnknownPropType = "K0324", "unknown-property-type", Error,
        "a component property has an unknown type",
        "Component property types are `String`, `Int`, `Float`, `Bool` (or `Boolean`), `Color`, `StyleID`, `Resource` and `Enum(a, b, ...)`.";
    PropTypeMismatch = "K0325", "property-type-mismatch", Error,
        "a component property value does not match its declared type",
        "The value given for a component property (or its default) must match the type declared in `Properties`: an `Int` needs a whole number, a `Color` a colour, an `Enum(a, b)` one of its words, and so on.";
    ComponentRoot = "K0326", "component-root", Error,
        "a component does not have exactly one root element",
        "A `Define` body describes one element tree: exactly one root element (plus `Properties`, functions and scripts). Wrap several elements in a `Container`.";
    NotIterable = "K0330", "not-iterable", Error,
        "`@for` iterates over something that is not an array",
        "`@for item in $list` needs an array known at compile time: an array literal or a variable holding one. Loops are expanded when the app is built, so a variable that scripts assign cannot be looped over: its items are only known at run time. Write a fixed number of elements whose `text` and `visible` the scripts set, or keep the array constant.";
    DynamicCondition = "K0331", "unsupported-condition", Error,
        "an `@if` condition cannot be evaluated",
        "`@if` conditions compare values (`$theme == \"dark\"`, `$count > 3`, `&&`, `||`, `!`). A condition on values known at compile time picks its branch when the app is built; a condition on a variable that scripts change is a run-time conditional: the elements of every branch are built and each shows while its branch holds. This error means the condition uses something that is neither, or a run-time branch sets a property (which cannot follow the condition: write `prop: $cond ? a : b`).";
    UnknownElement = "K0340", "unknown-element", Error,
        "an element name is neither a built-in element nor a component",
        "Element names are the built-in elements (`App`, `Container`, `Text`, `Button`, `Input`, `Image`, ...; see `docs/properties.md`) or components defined with `Define` in this file or an included one.";
    ChildrenNotAllowed = "K0341", "children-not-allowed", Error,
        "an element that cannot have children has some",
        "`Text`, `Image` and `Input` (and a few other leaf elements) cannot contain other elements. Move the children into a `Container` next to it.";
    DuplicateId = "K0342", "duplicate-id", Error,
        "two elements have the same id",
        "Element ids must be unique in an app: scripts find elements with `getElementById`. The label shows the first element with this id.";
    ImplicitApp = "K0343", "implicit-app", Warning,
        "elements at the top level without an `App`",
        "A file whose top-level elements are not wrapped in `App { ... }` gets an implicit App around them. Write the `App` explicitly to set window properties.";
    MultipleRoots = "K0344", "multiple-roots", Error,
        "more than one `App`, or elements beside the `App`",
        "An app has one root `App` element; everything else goes inside it.";
    MisplacedText = "K0345", "misplaced-text", Error,
        "a bare string in an element that shows no text",
        "`Text { \"Hello\" }` is shorthand for `text: \"Hello\"` in elements that show text (Text, Button, Link, ...). Elsewhere a bare string has no meaning; write it as a property.";
    InvalidPropertyValue = "K0350", "invalid-property-value", Error,
        "a property value has the wrong type",
        "Each built-in property takes values of one type (see `docs/properties.md`). The message names the expected type and the value found.";
    UnknownProperty = "K0351", "unknown-property", Warning,
        "a property that is not a built-in property",
        "The property is not in the property registry. It is still written to the KRB file as a custom property (so a runtime extension can read it), but it is probably a typo: the help line suggests the closest known property.";
    PropertyNotApplicable = "K0352", "property-not-applicable", Warning,
        "a property that does not apply to this element",
        "The property exists, but not on this kind of element (for example `placeholder` on a `Button`). It is kept as a custom property.";
    DuplicateProperty = "K0353", "duplicate-property", Warning,
        "a property is set twice on one element",
        "The same property (or two spellings of it, such as `bg` and `background_color`) is set twice in one element or style. The later value wins.";
    SuspiciousValue = "K0354", "suspicious-value", Warning,
        "a valid but probably unintended value",
        "The value has the right type but is almost certainly a mistake, such as a font size of 0.";
    UnknownPseudoState = "K0355", "unknown-pseudo-state", Error,
        "an unknown `&:state` block",
        "Pseudo-state blocks are `&:hover`, `&:active`, `&:focus`, `&:disabled` and `&:checked`, alone or combined (`&:hover:disabled`).";
    VmNotEnabled = "K0360", "vm-not-enabled", Error,
        "a script in a language the build does not include",
        "The build manifest lists the script VMs the target runtime has: `--vms lua,javascript`, `--preset NAME`, or `[build]` in `kryon.toml` beside the app (the command line wins; without any, the build is Lua only). A function or `@script` in another language could not run. Add the language to the build, and build the runtime with its cargo feature (`javascript-vm`, `python-vm`, `micropython-vm`, `wren-vm`) or a preset feature that includes it. `kryc vms` lists languages, presets and features.";
    ScriptSyntax = "K0361", "script-syntax-error", Error,
        "a script body that its language's parser rejects",
        "Every `@function` body, `@script` block and inline handler is parsed by its language's own parser (full_moon for Lua 5.4, swc for JavaScript, rustpython-parser for Python and MicroPython), wrapped the way the VM runs it: a Lua `function ... end`, a JavaScript `function (...) { ... }`, a Python `def` with the body re-indented. The diagnostic points at the exact character in the `.kry` file and carries the parser's message; in JSON output, `origin` gives the language, the function and the line and column inside the script.";
    UnknownHandler = "K0362", "unknown-handler", Error,
        "an event handler names a function no script defines",
        "`onClick: \"increment\"` calls the function `increment`, which must be defined by a `@function` (in any language) or by an `@script` block. The help suggests the closest defined name. In an app with no scripts at all this is a warning instead: 2025 apps bound such names to functions of the host application; list those under `[host] functions` in kryon.toml to say so.";
    HandlerArity = "K0363", "handler-arity", Error,
        "a handler passes more arguments than the function takes",
        "`onClick: select($index, $item)` passes two arguments; the function must declare at least as many parameters (for Python, exactly as many, since it has no defaults here).";
    UnusedFunction = "K0364", "unused-function", Warning,
        "a function nothing calls",
        "No event handler names the function and no script mentions it. Remove it, or call it from a handler.";
    DuplicateFunction = "K0365", "duplicate-function", Error,
        "two functions with one name",
        "Handlers find functions by name across every language, so two `@function`s with the same name (in one language or two) are ambiguous. Rename one.";
    UndeclaredGlobal = "K0366", "undeclared-global", Error,
        "a script assigns a global that nothing declares",
        "Globals are where every VM keeps the app's shared variables, so a function that assigns a name no one declared is almost always a typo of a shared variable, or a temporary that should be local. A name counts as declared when it is a shared variable (`@variables`, `@var`), or when scripts of the same language define it (a function, a top-level assignment or declaration in an `@script` block) or another function of that language reads it. Fix the name (the help names the closest shared variable), declare it in `@variables` to share it, or make it local (`local` in Lua, `let` in JavaScript, `var` in Wren).";
    MissingGlobal = "K0367", "missing-global", Error,
        "a Python function assigns a shared variable without `global`",
        "In Python, assigning a name inside a function makes it local to that function unless a `global` statement names it, so `counter = 0` creates a local `counter` and the shared variable does not change (and `counter += 1` fails with UnboundLocalError). Add `global counter` at the top of the function; the fix inserts it.";
    SharedTypeMismatch = "K0368", "shared-type-mismatch", Warning,
        "a script assigns a value of another type to a shared variable",
        "Each shared variable has the type of its initial value (`counter: 0` is an integer). A script that assigns a literal of another type (`counter = \"none\"`), or an expression whose form shows its type is another (`counter = \"x\" .. counter` and `count = title:upper()` are strings, `flag = count - 1` a number, `count = not done` a boolean), changes the type under every binding and every other script that reads it, which is rarely intended. Assign a value of the variable's type, or change its declaration. Expressions whose type depends on values (a call of the app's own function, `a or b`) are not judged.";
    UnavailableModule = "K0369", "unavailable-module", Warning,
        "a MicroPython script imports a module MicroPython does not ship",
        "MicroPython's standard library is a small subset of CPython's (`time`, `json`, `math`, `re`, `collections`, `asyncio`, ... and port modules such as `machine`). An import of another module (`dataclasses`, `itertools`, `typing_extensions`) fails on most boards. Use a MicroPython module, or write the function in Python if the app targets the `python-vm`.";
    DollarInScript = "K0370", "dollar-in-script", Warning,
        "a script writes a shared variable as `$name`",
        "Some 2025 apps wrote shared variables with a `$` inside scripts (`$is_open = not $is_open`), as in KRY text; the 2025 compiler turned `$name` into the variable. kryc does the same: the `$` is dropped before the script's own parser and the VM see the code. Inside scripts, write the plain name; the fix removes the `$`. A `$` in a string or comment of the script is left alone.";
    UnknownElementId = "K0371", "unknown-element-id", Warning,
        "a script looks up an element id no element has",
        "`getElementById(\"total\")` (also `kryon.getElementById`, `document.getElementById` and `get_element`) with a literal id finds the element with `id: \"total\"` in the app's tree, after components and `@for`/`@if` are expanded. No element has this id, so the lookup gives `nil` (`null`, `None`) at run time and the next method call on it fails. The help names the closest id. Fix the id in the script or in the element, or give the element the id.\n\n```kry,fragment\nText { id: \"total\" text: \"0\" }\n@function \"lua\" show() {\n    getElementById(\"totl\"):setText(\"1\")   -- warning: did you mean `total`?\n}\n```";
    ScriptTypeMismatch = "K0372", "script-type-mismatch", Warning,
        "a script uses a value of the wrong type where its type can be seen",
        "The types of shared variables (declared in `@variables`, from the initial value) flow into every script. Where a call can be judged from the code alone, a wrong type is reported:\n\n- a DOM method that takes text (`setStyle`, `querySelector`, `querySelectorAll`, `getElementsByTag`, `getElementsByType`, `getElementsByClass`, `addEventListener`, `removeEventListener`, `getComponentProperty`'s name) given a number, a bool, `nil` or a table, or a shared variable of such a type, or nothing: the runtime refuses the call with an error;\n- a string method called on a shared variable that holds a number or a bool (`count:upper()` in Lua, `count.toUpperCase()` in JavaScript, `count.upper()` in Python), or a JavaScript number method (`toFixed`) on a string: the call fails at run time.\n\nThe labels point at the script expression and at the variable's declaration. Convert the value first (`tostring(count)`, `String(count)`, `str(count)`), or change the declaration.";
    ScriptArithmeticType = "K0373", "script-arithmetic-type", Warning,
        "a script does arithmetic on a shared variable whose type cannot take it",
        "The types of shared variables (from their declaration) flow into every script, so arithmetic on one whose type cannot take it is seen where it is written. What is reported is what fails in that language:\n\n- Lua: a string (unless its initial value spells a number, which Lua converts), a boolean or a table in `+`, `-`, `*`, `/`, `//`, `%`, `^` or unary `-` stops the function with \"attempt to perform arithmetic\" (`..` concatenates and takes numbers);\n- JavaScript: a string (unless it spells a number) or an object in `-`, `*`, `/`, `%`, `**` gives `NaN`, which every binding then shows (`+` concatenates and is never reported);\n- Python: a string or a list in `-`, `/`, `//`, `**`, a string plus a number literal, or a number plus a string literal raises `TypeError` (`*` and `%` on strings are repetition and formatting).\n\nThe labels point at the operand in the script and at the variable's declaration. Convert the value first (`tonumber(label)`, `Number(label)`, `float(label)`), or declare the variable with a number.\n\n```kry,fragment\n@variables { label: \"none\" }\n@function \"lua\" next() {\n    label = label - 1   -- warning: `label` is a string variable\n}\n```";
    DomArgumentCount = "K0374", "dom-argument-count", Warning,
        "a DOM method or function is called with too many or too few arguments",
        "The DOM API every VM offers has fixed argument counts (`el:setText(text)`, `el:setProperty(name, value)`, `kryon.setProperty(target, name, value)`, `getElementById(id)`; `alert` takes any number). The runtime passes a missing argument as nothing (`nil`, `null`, `None`), so `el:setText()` empties the text and `el:setVisible()` hides the element, and it drops extra arguments, so `el:setVisible(true, 200)` has no duration: neither fails where it is written, which is why it is reported here. A missing text argument (`setStyle()`) is K0372. Functions the app's own scripts define under these names are theirs and are not checked.";
    HandlerArgumentType = "K0375", "handler-argument-type", Warning,
        "a handler binds an argument the function uses as another type",
        "`onClick: select($index)` passes a number (inside `@for`, `$index` is the item's position), a string or a bool to the function's parameter at the same place. Where the function's code shows it uses the parameter as another type, the call goes wrong at run time: a string method on a number (`name:upper()`, `name.toUpperCase()`, `name.upper()`) fails, and arithmetic on text fails in Lua (unless the text spells a number) and Python, and gives `NaN` in JavaScript. The labels point at the parameter's use in the script and at the handler that binds the argument. Convert the parameter in the function (`tostring(name)`, `String(name)`, `str(name)`), or pass a value of the type it expects. The number of arguments is K0363.\n\n```kry,fragment\nButton { text: \"One\" onClick: select(1) }\n@function \"lua\" select(name) {\n    print(name:upper())   -- warning: `select` uses `name` as a string\n}\n```";
    KrbLimit = "K0401", "krb-limit", Error,
        "the app exceeds a limit of the KRB format",
        "KRB files are at most 4 GiB and values nest at most 128 levels (see `krb-format/SPEC.md`, section 13). Nothing a hand-written app does comes close; generated sources can. Split the app or flatten the deepest value.";
}

/// The diagnostics reference (`docs/diagnostics.md`), generated from [`ALL`].
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Diagnostics reference\n\n<!-- Generated from src/diagnostics/codes.rs by the test `diagnostics_reference_is_up_to_date`; do not edit. -->\n\nEvery diagnostic kryc reports has a stable code and a kebab-case name. `kryc explain CODE` prints the same text.\n\n| code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for c in ALL {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            c.id,
            c.id.to_lowercase(),
            c.name,
            c.severity.as_str(),
            c.summary
        ));
    }
    for c in ALL {
        out.push_str(&format!(
            "\n## {}\n\n`{}` ({}): {}\n\n{}\n",
            c.id,
            c.name,
            c.severity.as_str(),
            c.summary,
            c.explanation
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_ordered_and_unique() {
        for (i, info) in ALL.iter().enumerate() {
            assert_eq!(info.code as usize, i, "{} is out of order", info.id);
            assert!(info.id.len() == 5 && info.id.starts_with('K'), "{}", info.id);
            assert!(
                info.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                info.name
            );
            assert!(!info.explanation.is_empty());
        }
        for w in ALL.windows(2) {
            assert!(w[0].id < w[1].id, "{} then {}", w[0].id, w[1].id);
        }
        let mut names: Vec<_> = ALL.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn lookup_by_id_and_name() {
        assert_eq!(Code::lookup("K0104"), Some(Code::UnclosedDelimiter));
        assert_eq!(Code::lookup("k0104"), Some(Code::UnclosedDelimiter));
        assert_eq!(Code::lookup("0104"), Some(Code::UnclosedDelimiter));
        assert_eq!(Code::lookup("unclosed-delimiter"), Some(Code::UnclosedDelimiter));
        assert_eq!(Code::lookup("K9999"), None);
    }
}
