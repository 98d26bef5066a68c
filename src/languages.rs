//! The script languages KRY functions can be written in: tags, aliases, KRB ids, the runtime
//! cargo feature that enables each VM. One table drives the parser, the build manifest, the
//! KRB script section and `kryc vms`.

/// A script language a `@function` or `@script` body can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScriptLanguage {
    Lua,
    JavaScript,
    Python,
    Wren,
    MicroPython,
}

/// Static facts about one [`ScriptLanguage`].
#[derive(Debug)]
pub struct LanguageInfo {
    pub language: ScriptLanguage,
    /// The canonical tag written in `@function "tag"`.
    pub tag: &'static str,
    /// Other accepted tags.
    pub aliases: &'static [&'static str],
    /// Human name used in messages.
    pub display_name: &'static str,
    /// Language id in the KRB script section.
    pub krb_id: u8,
    /// The VM that runs it, as KRB names it.
    pub vm: &'static str,
    /// The `kryon-runtime` cargo feature that provides a VM for it (`None`: always present).
    pub runtime_feature: Option<&'static str>,
}

pub const LANGUAGES: &[LanguageInfo] = &[
    LanguageInfo {
        language: ScriptLanguage::Lua,
        tag: "lua",
        vm: "lua",
        aliases: &[],
        display_name: "Lua",
        krb_id: 1,
        runtime_feature: None,
    },
    LanguageInfo {
        language: ScriptLanguage::JavaScript,
        tag: "javascript",
        vm: "quickjs",
        aliases: &["js"],
        display_name: "JavaScript",
        krb_id: 2,
        runtime_feature: Some("javascript-vm"),
    },
    LanguageInfo {
        language: ScriptLanguage::Python,
        tag: "python",
        vm: "rustpython",
        aliases: &["py"],
        display_name: "Python",
        krb_id: 3,
        runtime_feature: Some("python-vm"),
    },
    LanguageInfo {
        language: ScriptLanguage::Wren,
        tag: "wren",
        vm: "wren",
        aliases: &[],
        display_name: "Wren",
        krb_id: 4,
        runtime_feature: Some("wren-vm"),
    },
    LanguageInfo {
        language: ScriptLanguage::MicroPython,
        tag: "micropython",
        vm: "micropython",
        aliases: &[],
        display_name: "MicroPython",
        krb_id: 5,
        runtime_feature: Some("micropython-vm"),
    },
];

impl ScriptLanguage {
    pub const ALL: [ScriptLanguage; 5] = [
        ScriptLanguage::Lua,
        ScriptLanguage::JavaScript,
        ScriptLanguage::Python,
        ScriptLanguage::Wren,
        ScriptLanguage::MicroPython,
    ];

    pub fn info(self) -> &'static LanguageInfo {
        LANGUAGES.iter().find(|l| l.language == self).expect("every language has an entry")
    }

    pub fn tag(self) -> &'static str {
        self.info().tag
    }

    pub fn display_name(self) -> &'static str {
        self.info().display_name
    }

    /// Looks a tag or alias up, ignoring ASCII case.
    pub fn from_tag(tag: &str) -> Option<ScriptLanguage> {
        LANGUAGES
            .iter()
            .find(|l| {
                l.tag.eq_ignore_ascii_case(tag)
                    || l.aliases.iter().any(|a| a.eq_ignore_ascii_case(tag))
            })
            .map(|l| l.language)
    }

    /// Every accepted tag, canonical ones first.
    pub fn all_tags() -> impl Iterator<Item = &'static str> {
        LANGUAGES
            .iter()
            .map(|l| l.tag)
            .chain(LANGUAGES.iter().flat_map(|l| l.aliases.iter().copied()))
    }

    /// The language whose script syntax decides where a body ends (MicroPython is Python).
    pub fn lexical_family(self) -> ScriptLanguage {
        match self {
            ScriptLanguage::MicroPython => ScriptLanguage::Python,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_aliases_resolve() {
        assert_eq!(ScriptLanguage::from_tag("js"), Some(ScriptLanguage::JavaScript));
        assert_eq!(ScriptLanguage::from_tag("Python"), Some(ScriptLanguage::Python));
        assert_eq!(ScriptLanguage::from_tag("ruby"), None);
        for l in ScriptLanguage::ALL {
            assert_eq!(ScriptLanguage::from_tag(l.tag()), Some(l));
        }
    }
}
