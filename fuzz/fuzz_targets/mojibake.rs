//! The repair engine on any text: no panic, idempotent, the plan's spans
//! lie on char boundaries of the input, and the memo of repaired runs (warm
//! with the fuzzer's earlier, similar inputs) answers as a cold one does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textwash::repair::{fix_mojibake, fix_mojibake_plan, mojibake::forget_memo};

fuzz_target!(|text: &str| {
    let (fixed, plan) = fix_mojibake_plan(text);
    for r in &plan {
        assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
    }
    assert_eq!(fix_mojibake(&fixed), fixed, "not idempotent on {text:?}");
    forget_memo();
    assert_eq!(fix_mojibake_plan(text), (fixed, plan), "the memo changed the answer on {text:?}");
});
