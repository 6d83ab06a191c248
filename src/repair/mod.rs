//! Repairs: pure functions `&str -> Cow<str>` that borrow when nothing changes.
//!
//! - [`mojibake`]: UTF-8 decoded with the wrong codec (one or more layers), and
//!   the damaged forms scrapers leave behind.
//! - [`entities`]: HTML entities in text that is not HTML.

pub mod entities;
mod memo;
pub mod mojibake;

pub use entities::decode_entities;
pub use mojibake::{Repair, Step, fix_mojibake, fix_mojibake_plan};
