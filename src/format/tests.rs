use super::{format_text, FormatError};

fn fmt(text: &str) -> String {
    match format_text("t.kry", text) {
        Ok(out) => out,
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn one_member_per_line_and_blank_lines_between_items() {
    let src = "@variables { counter: 0 }\nApp {\n  Text   { id: \"label\" text: \"Count: $counter\" }\n    Button{text:\"+\";onClick:\"increment\"}\n}\n@function \"lua\" increment() { counter = counter + 1 }\n";
    assert_eq!(
        fmt(src),
        "@variables { counter: 0 }\n\nApp {\n    Text {\n        id: \"label\"\n        text: \"Count: $counter\"\n    }\n    Button {\n        text: \"+\"\n        onClick: \"increment\"\n    }\n}\n\n@function \"lua\" increment() { counter = counter + 1 }\n"
    );
}

#[test]
fn comments_stay_where_they_were() {
    let src = "# header\n@include \"a.kry\" # why\n@include \"b.kry\"\n# the app\nApp {\n    # first\n    width: 10 # px\n\n\n    # last\n}\n";
    assert_eq!(
        fmt(src),
        "# header\n@include \"a.kry\" # why\n@include \"b.kry\"\n\n# the app\nApp {\n    # first\n    width: 10 # px\n\n    # last\n}\n"
    );
}

#[test]
fn script_bodies_are_kept_byte_for_byte() {
    let src = "App {\n        Button { onClick: \"f\" }\n  @function \"python\" f() {\n\tglobal x\n\tx = \"}\"   \n  }\n}\n";
    let out = fmt(src);
    assert!(out.contains("@function \"python\" f() {\n\tglobal x\n\tx = \"}\"   \n  }"), "{out}");
    assert_eq!(fmt(&out), out);
}

#[test]
fn multi_line_values_keep_their_lines() {
    let src = "@variables {\n  items: [\n  \"a\",\n      \"b\"\n  ]\n}\n";
    assert_eq!(fmt(src), "@variables {\n    items: [\n        \"a\",\n        \"b\"\n    ]\n}\n");
}

#[test]
fn control_flow_and_empty_blocks() {
    let src = "App { @for x, i in $list\nText { text: $x }\n@end\n@if $a == 1\nContainer { }\n@else\nText{}\n@end }";
    assert_eq!(
        fmt(src),
        "App {\n    @for x, i in $list\n        Text { text: $x }\n    @end\n    @if $a == 1\n        Container {}\n    @else\n        Text {}\n    @end\n}\n"
    );
}

#[test]
fn files_with_syntax_errors_are_not_formatted() {
    assert!(matches!(format_text("t.kry", "App { Text { }"), Err(FormatError::Syntax(_))));
}

#[test]
fn crlf_files_stay_crlf() {
    assert_eq!(fmt("App {\r\n  width: 1\r\n}\r\n"), "App {\r\n    width: 1\r\n}\r\n");
}
