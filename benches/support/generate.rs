//! Generates large, valid KRY apps for benchmarks and scaling tests: styles, components,
//! thousands of elements, and functions in Lua, JavaScript and Python.

use std::fmt::Write;

/// An app of roughly `target_bytes` bytes (never less).
pub fn generate_app(target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 4096);
    out.push_str("# Generated benchmark app\n@variables {\n    counter: 0\n    title: \"Bench\"\n    accent: #3366FF\n    items: [\"a\", \"b\", \"c\"]\n}\n\n");
    for i in 0..20 {
        let _ = write!(
            out,
            "style \"style_{i}\" {{\n    background_color: \"#1E1E1EFF\"\n    text_color: #FFFFFF\n    padding: 10 20\n    border_radius: 4\n    &:hover {{\n        background_color: \"#2E2E2EFF\"\n    }}\n}}\n\n"
        );
    }
    out.push_str("Define Card {\n    Properties {\n        title: String = \"Card\"\n        accent: Color = #FF0000\n    }\n    Container {\n        id: \"children_host\"\n        Text { text: $title }\n    }\n}\n\nApp {\n    window_width: 1024\n    window_height: 768\n    window_title: \"Generated\"\n");
    let mut i = 0usize;
    let mut functions = String::new();
    while out.len() + functions.len() < target_bytes {
        let _ = write!(
            out,
            "    Container {{\n        id: \"row_{i}\"\n        style: \"style_{s}\"\n        layout: row center\n        Text {{ text: \"Item {i}: $counter\" font_size: 14 }}\n        Button {{\n            id: \"button_{i}\"\n            text: \"Press\"\n            onClick: \"handler_{i}\"\n            &:hover {{ opacity: 0.8 }}\n        }}\n        Card {{ title: \"Card {i}\" }}\n    }}\n",
            s = i % 20
        );
        let _ = match i % 3 {
            0 => write!(
                functions,
                "@function \"lua\" handler_{i}(event) {{\n    counter = counter + 1\n    local el = getElementById(\"row_{i}\")\n    if el then el:setText(\"clicked {{}} \" .. tostring(counter)) end\n}}\n\n"
            ),
            1 => write!(
                functions,
                "@function \"javascript\" handler_{i}(event) {{\n    counter = counter - 1;\n    const el = getElementById(\"row_{i}\");\n    if (el) {{ el.setText(`clicked ${{counter}} }}`); }}\n}}\n\n"
            ),
            _ => write!(
                functions,
                "@function \"python\" handler_{i}(event) {{\n    global counter\n    counter = 0\n    d = {{\"key\": \"}}\"}}\n}}\n\n"
            ),
        };
        i += 1;
    }
    out.push_str("}\n\n");
    out.push_str(&functions);
    out
}
