//! Generates the property reference, `docs/properties.md`.

use std::fmt::Write;

use super::elements::ELEMENTS;
use super::properties::PROPERTIES;

pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Elements and properties\n\n<!-- Generated from the registry crate (registry/) by the test `property_reference_is_up_to_date`; do not edit. -->\n\nNames are snake_case; a hyphenated spelling (`flex-direction`) means the same property. Properties marked *inherited* pass from an element to its children unless they set their own. An unknown property is a warning (K0351) and is kept as a custom property.\n\n## Elements\n\n| id | element | children | text | description |\n|---|---|---|---|---|\n",
    );
    for e in ELEMENTS {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            e.id,
            e.name,
            yes(e.children),
            yes(e.shows_text),
            e.doc
        );
    }
    let mut categories: Vec<&str> = Vec::new();
    for p in PROPERTIES {
        if !categories.contains(&p.category) {
            categories.push(p.category);
        }
    }
    for category in categories {
        let _ = write!(out, "\n## {}\n\n| id | property | type | aliases | applies to | inherited | default | description |\n|---|---|---|---|---|---|---|---|\n", title(category));
        for p in PROPERTIES.iter().filter(|p| p.category == category) {
            let aliases: Vec<String> = p
                .aliases
                .iter()
                .map(|a| {
                    if a.only.is_empty() {
                        format!("`{}`", a.name)
                    } else {
                        format!("`{}` (on {})", a.name, a.only.join(", "))
                    }
                })
                .collect();
            let applies =
                if p.applies_to.is_empty() { "all".to_string() } else { p.applies_to.join(", ") };
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} | {} | {} |",
                p.id,
                p.name,
                p.ty.short_name().replace('|', "\\|"),
                aliases.join(", "),
                applies,
                yes(p.inherited),
                p.default.map(|d| format!("`{d}`")).unwrap_or_default(),
                p.doc.replace('|', "\\|")
            );
        }
    }
    out
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        ""
    }
}

fn title(category: &str) -> String {
    let mut c = category.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
