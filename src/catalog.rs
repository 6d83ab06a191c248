//! The catalog of every rule textwash applies, with stable ids.
//!
//! Ids are part of the interface: users select rules by id (`--only`, `--skip`),
//! reports count by id, and `--explain` names the id behind every change.

use std::fmt;

/// The family a rule belongs to; a group name selects all its rules at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Repairs damaged text (mojibake, HTML entities).
    Repair,
    /// Drops boilerplate lines.
    Strip,
    /// Normalizes Unicode and whitespace.
    Normalize,
}

impl Group {
    /// The group's name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Group::Repair => "repair",
            Group::Strip => "strip",
            Group::Normalize => "normalize",
        }
    }

    /// Parses a group name.
    pub fn from_name(name: &str) -> Option<Group> {
        match name {
            "repair" => Some(Group::Repair),
            "strip" => Some(Group::Strip),
            "normalize" => Some(Group::Normalize),
            _ => None,
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Static description of one rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// The family the rule belongs to.
    pub group: Group,
    /// One line saying what the rule does.
    pub description: &'static str,
    /// An example of what the rule changes or drops.
    pub example: &'static str,
    /// Whether the rule runs unless deselected (off-by-default rules must be asked for).
    pub default_on: bool,
}

/// Rule ids of the repair and normalize stages (the strip rules live in [`crate::rules`]).
pub mod ids {
    /// Mojibake repair (double-encoded UTF-8 and its damaged forms).
    pub const MOJIBAKE: &str = "mojibake";
    /// HTML entity decoding in text that is not HTML.
    pub const ENTITIES: &str = "html-entities";
    /// Control characters removed.
    pub const CONTROLS: &str = "controls";
    /// Zero-width and invisible formatting characters removed.
    pub const ZERO_WIDTH: &str = "zero-width";
    /// Unicode NFC.
    pub const NFC: &str = "nfc";
    /// Trailing whitespace removed.
    pub const TRAILING_SPACE: &str = "trailing-space";
    /// `\r\n` and `\r` to `\n`.
    pub const LINE_ENDINGS: &str = "line-endings";
    /// Runs of blank lines to one, none at the start or end.
    pub const BLANK_LINES: &str = "blank-lines";
    /// Exactly one final newline.
    pub const FINAL_NEWLINE: &str = "final-newline";
    /// Curly quotes to straight ones (off by default).
    pub const UNCURL_QUOTES: &str = "uncurl-quotes";
    /// Latin ligatures spelled out (off by default).
    pub const LIGATURES: &str = "ligatures";
    /// Fullwidth/halfwidth forms to normal width (off by default).
    pub const FULLWIDTH: &str = "fullwidth";
    /// NFKC instead of NFC (off by default).
    pub const NFKC: &str = "nfkc";
}

const STAGE_RULES: &[RuleInfo] = &[
    RuleInfo {
        id: ids::MOJIBAKE,
        group: Group::Repair,
        description: "repair UTF-8 that was decoded with the wrong codec, one or more times",
        example: "MevlÃ¼t Ã‡avuÅŸoÄŸlu → Mevlüt Çavuşoğlu",
        default_on: true,
    },
    RuleInfo {
        id: ids::ENTITIES,
        group: Group::Repair,
        description: "decode HTML entities in lines that are not HTML markup",
        example: "Tom &amp; Jerry&#8217;s → Tom & Jerry’s",
        default_on: true,
    },
    RuleInfo {
        id: ids::CONTROLS,
        group: Group::Normalize,
        description: "remove control characters other than tab and newline",
        example: "a\\u{0}b\\u{7f} → ab",
        default_on: true,
    },
    RuleInfo {
        id: ids::ZERO_WIDTH,
        group: Group::Normalize,
        description: "remove zero-width spaces, word joiners and stray byte-order marks (ZWJ/ZWNJ are kept: emoji and scripts need them)",
        example: "pass\\u{200b}word → password",
        default_on: true,
    },
    RuleInfo {
        id: ids::NFC,
        group: Group::Normalize,
        description: "normalize to Unicode NFC",
        example: "e\\u{301} → é",
        default_on: true,
    },
    RuleInfo {
        id: ids::TRAILING_SPACE,
        group: Group::Normalize,
        description: "remove whitespace at the end of lines",
        example: "text   → text",
        default_on: true,
    },
    RuleInfo {
        id: ids::LINE_ENDINGS,
        group: Group::Normalize,
        description: "turn \\r\\n and \\r line endings into \\n",
        example: "a\\r\\nb\\r → a\\nb\\n",
        default_on: true,
    },
    RuleInfo {
        id: ids::BLANK_LINES,
        group: Group::Normalize,
        description: "collapse runs of blank lines to one; no blank lines at the start or end",
        example: "a\\n\\n\\n\\nb → a\\n\\nb",
        default_on: true,
    },
    RuleInfo {
        id: ids::FINAL_NEWLINE,
        group: Group::Normalize,
        description: "end non-empty output with exactly one newline",
        example: "text<EOF> → text\\n",
        default_on: true,
    },
    RuleInfo {
        id: ids::UNCURL_QUOTES,
        group: Group::Normalize,
        description: "(off by default) straight quotes for curly ones, as ftfy's uncurl_quotes",
        example: "“it’s” → \"it's\"",
        default_on: false,
    },
    RuleInfo {
        id: ids::LIGATURES,
        group: Group::Normalize,
        description: "(off by default) spell out Latin ligatures",
        example: "ﬁnal → final",
        default_on: false,
    },
    RuleInfo {
        id: ids::FULLWIDTH,
        group: Group::Normalize,
        description: "(off by default) fullwidth and halfwidth forms to normal width",
        example: "ＡＢＣ１２３ → ABC123",
        default_on: false,
    },
    RuleInfo {
        id: ids::NFKC,
        group: Group::Normalize,
        description: "(off by default) normalize to NFKC (folds compatibility forms: x² → x2)",
        example: "ﬁ² → fi2",
        default_on: false,
    },
];

/// Every rule in a stable order: repair, strip, normalize.
pub fn all_rules() -> impl Iterator<Item = RuleInfo> {
    let repair = STAGE_RULES.iter().filter(|r| r.group == Group::Repair).copied();
    let strip = crate::rules::RULES.iter().map(|r| RuleInfo {
        id: r.id,
        group: Group::Strip,
        description: r.description,
        example: r.example,
        default_on: true,
    });
    let normalize = STAGE_RULES
        .iter()
        .filter(|r| r.group == Group::Normalize)
        .copied();
    repair.chain(strip).chain(normalize)
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<RuleInfo> {
    all_rules().find(|r| r.id == id)
}
