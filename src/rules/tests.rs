//! Cross-rule tests: positive and negative lines per rule, and idempotence.

use super::*;
use regex_automata::PatternID;
use regex_automata::nfa::thompson::NFA;
use regex_automata::util::primitives::StateID;

#[test]
#[ignore]
fn pattern_sizes() {
    for (k, p) in PATS.iter().enumerate() {
        let (src, max) = compile_body(p.body);
        let r = meta::Regex::builder()
            .configure(meta::Config::new().utf8_empty(false).nfa_size_limit(None))
            .build(&src)
            .unwrap();
        println!(
            "{k:3} {:>9} {max:4} {} {}",
            r.memory_usage(),
            p.rule,
            &p.body[..p.body.len().min(60)]
        );
    }
}

fn all() -> Rules {
    Rules::new(&|_| true)
}

/// Judge a whole document (like the driver) and return the verdicts.
fn run(rules: &Rules, doc: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = doc.lines().map(|l| rules.line(l.trim_end().to_owned())).collect();
    let mut state = DocState::default();
    for i in 0..lines.len() {
        if lines[i].text.is_empty() {
            continue;
        }
        let start = i.saturating_sub(LOOKBEHIND);
        let end = (i + 1 + LOOKAHEAD).min(lines.len());
        let v = rules.judge(&Ctx {
            lines: &lines[start..end],
            i: i - start,
            doc_index: i as u64,
            at_end: end == lines.len(),
            doc: &state,
        });
        lines[i].verdict = v;
        state.observe(&lines[i]);
    }
    lines
}

/// The kept text, blank runs collapsed.
fn clean(rules: &Rules, doc: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for l in run(rules, doc) {
        if l.verdict.is_some() {
            continue;
        }
        if l.text.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(&l.text);
        out.push('\n');
    }
    out
}

const PROSE_A: &str = "The ministers met on Tuesday in the resort city and said that their talks had covered trade, energy and the regional ceasefire.";
const PROSE_C: &str = "Diplomats expect the next round of talks to take place in the spring, once the technical committees have finished their work.";
const PROSE_D: &str = "The agreement still has to be approved by both parliaments before it can enter into force later this year.";
const PROSE_B: &str = "Officials on both sides described the meeting as constructive, although several disagreements remain unresolved for now.";

/// Verdict for `line` placed between two prose paragraphs (the middle of a text).
fn mid(rules: &Rules, line: &str) -> Option<&'static str> {
    let doc = format!("{PROSE_A}\n\n{PROSE_C}\n\n{line}\n\n{PROSE_B}\n\n{PROSE_D}\n");
    run(rules, &doc)[4].verdict
}

/// Verdict for `line` as the first line of a document (top block).
fn top(rules: &Rules, line: &str) -> Option<&'static str> {
    let doc = format!("{line}\n\n{PROSE_A}\n\n{PROSE_B}\n");
    run(rules, &doc)[0].verdict
}

#[test]
fn seed_junk_is_dropped() {
    let r = all();
    let cases = [
        ("[ad_1]", "ad-marker"),
        ("[ad_2]", "ad-marker"),
        ("Advertisement", "ad-marker"),
        (
            " date 2020-12-30 AVN 90.90 Decreased By ▼ -0.95 (-1.03%)",
            "ticker",
        ),
        ("KSE100 43,900.12 Increased By ▲ 120.5 (0.27%)", "ticker"),
        (
            "(Note: You can view every article as one long page if you sign up as an Advocate Member, or higher).",
            "signup-notice",
        ),
        ("Source link", "source-link"),
        ("File:S-400 Triumf.jpg", "image-caption-file"),
        ("DSC_0042.JPG", "image-caption-file"),
        ("Follow EurAsian Times on Google", "share-follow"),
        ("Share this article", "share-follow"),
        ("Facebook Twitter LinkedIn Email", "share-follow"),
        ("Author’s Profile", "author-box"),
        ("Exit mobile version", "exit-mobile"),
        ("Read more »", "read-more"),
        ("Weiterlesen", "read-more"),
        ("Lire la suite", "read-more"),
        (
            "We use cookies to give you the best experience on our website. By continuing you agree to our use of cookies.",
            "cookie-notice",
        ),
        ("Accept all cookies", "cookie-notice"),
        ("Skip to main content", "skip-link"),
        ("Zum Inhalt springen", "skip-link"),
        ("© 2024 Example Media Ltd. All rights reserved.", "copyright"),
        ("Todos los derechos reservados", "copyright"),
        ("Leave a Reply", "comments"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comments",
        ),
        ("12 Comments", "comments"),
        ("5 min read", "read-time"),
        ("Lesezeit: 4 Minuten", "read-time"),
        ("Photo: Getty Images", "photo-credit"),
        ("You may also like", "related"),
        ("Related: Turkey buys drones", "related"),
        ("Читайте также", "related"),
        ("Get it on Google Play", "app-store"),
        ("Subscribe to our newsletter", "newsletter"),
        ("Sign in", "login"),
        ("ログイン", "login"),
        ("Print this article", "print-email"),
        ("Back to top", "nav-words"),
        ("Privacy Policy", "legal-links"),
        ("Política de privacidad", "legal-links"),
        ("Please enable JavaScript to view this page.", "js-notice"),
        ("Page 2 of 5", "pagination"),
        ("Tags: Russia, Turkey, S-400", "meta-label"),
        ("Was this article helpful?", "feedback"),
        ("Start your free trial", "cta"),
        ("跳到主要内容", "skip-link"),
    ];
    for (line, rule) in cases {
        assert_eq!(mid(&r, line), Some(rule), "mid: {line}");
        assert_eq!(top(&r, line), Some(rule), "top: {line}");
    }
}

#[test]
fn edge_rules_fire_only_off_prose() {
    let r = all();
    for (line, rule) in [
        ("Facebook", "share-follow"),
        ("Print", "print-email"),
        ("About the Author", "author-box"),
        ("Search", "nav-words"),
        ("Comments", "comments"),
    ] {
        assert_eq!(top(&r, line), Some(rule), "top: {line}");
        assert_eq!(mid(&r, line), None, "mid: {line}");
    }
    // Bottom block.
    let doc = format!("{PROSE_A}\n\n{PROSE_B}\n\nAbout the Author\n");
    assert_eq!(run(&r, &doc)[4].verdict, Some("author-box"));
    // Next to certain junk, even in the middle.
    let doc = format!("{PROSE_A}\n{PROSE_C}\nShare this article\nFacebook\nTwitter\n{PROSE_B}\n{PROSE_D}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(&v[2..5], &[Some("share-follow"); 3]);
}

#[test]
fn breadcrumbs() {
    let r = all();
    assert_eq!(top(&r, "Home EurAsian Region"), Some("breadcrumb"));
    assert_eq!(mid(&r, "Home > News > Europe"), Some("breadcrumb"));
    assert_eq!(top(&r, "Politics » Europe » Turkey"), Some("breadcrumb"));
    // Not breadcrumbs.
    assert_eq!(mid(&r, "Home Remedies For Colds"), None);
    assert_eq!(top(&r, "Home is where the heart is."), None);
    assert_eq!(mid(&r, "Working Directory → Staging Area → Git Repository"), None);
    assert_eq!(
        mid(&r, "In Settings, tap Business → Shopping → Catalogue, then Done."),
        None
    );
}

#[test]
fn content_is_kept() {
    let r = all();
    let keep = [
        "Subscribe to the idea that every reader deserves a clear, honest account of what happened, and you will understand our approach.",
        "Home is where the heart is.",
        "Source: Reuters",
        "Nagorno-Karabakh",
        "The US Sanctions",
        "Russia-Turkey Ties",
        "Turkey in Azerbaijan",
        "S-400 Missile System",
        "Russian President Vladimir Putin and his counterpart Recep Tayyip Erdogan.",
        "Dec 30, 2020",
        "AFP 30 Dec 2020",
        "By Sergei Ivanov",
        "| 2019 | 4.5 | 3.2 | 1.1 |",
        "2019 4.5 3.2 1.1",
        "- Two cups of flour",
        "* Preheat the oven to 180 °C.",
        "Copyright law protects original works of authorship.",
        "Read more about how the sanctions were designed in the annex below.",
        "Learn more about the two programmes in our guide.",
        "Privacy",
        "Accessibility",
        "Die Minister trafen sich am Dienstag in Sotschi und sprachen über den Waffenstillstand.",
        "Les ministres se sont rencontrés mardi à Sotchi.",
        "两国外长在索契举行会谈，讨论了地区局势。",
        "Министры встретились во вторник в Сочи.",
        "We use a simple rule: measure twice, cut once.",
        "Cookies",
    ];
    for line in keep {
        assert_eq!(mid(&r, line), None, "mid: {line}");
    }
    for line in [
        "Nagorno-Karabakh",
        "Dec 30, 2020",
        "AFP 30 Dec 2020",
        "By Sergei Ivanov",
        "Russia, Turkey to develop military ties",
        "Source: Reuters",
    ] {
        assert_eq!(top(&r, line), None, "top: {line}");
    }
}

#[test]
fn repeated_title_and_duplicates() {
    let r = all();
    let t = "Turkey, Russia continue cooperation on South Caucasus";
    let doc = format!("{t}\n\n{t}\n\n{t}\n\n{PROSE_A}\n\n{t}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[0], None);
    assert_eq!(v[2], Some("repeated-title"));
    assert_eq!(v[4], Some("repeated-title"));
    assert_eq!(v[8], None, "a later mention after the text starts is kept");
    let twice = "The same long line appears here twice";
    let doc = format!("{PROSE_A}\n{twice}\n{twice}\n{PROSE_B}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[1..3], [None, Some("duplicate-line")]);
    // Short repeats are content: lyrics, chants.
    let doc = format!("{PROSE_A}\nNa na na, hey hey\nNa na na, hey hey\n{PROSE_B}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[1..3], [None, None]);
}

#[test]
fn nav_runs() {
    let r = all();
    let doc = format!(
        "* Home\n* News\n* Sport\n* Weather\n* Contact us\n* Privacy Policy\n\n{PROSE_A}\n\n{PROSE_B}\n"
    );
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert!(v[..6].iter().all(Option::is_some), "{v:?}");
    // A content list without navigation labels stays.
    let doc = format!("{PROSE_A}\nIngredients\n- Flour\n- Sugar\n- Butter\n- Eggs\n- Milk\n{PROSE_B}\n");
    assert!(run(&r, &doc).iter().all(|l| l.verdict.is_none()));
}

#[test]
fn header_runs() {
    let r = all();
    // A menu above the article: short lines, two of them known labels.
    let doc = format!(
        "Subscribe\nHealth And Fitness Tips\nHome Garden Ideas And Decor\nParenting Advice\nSearch\n\nMeditation helps heal the brain\n\n{PROSE_A}\n\n{PROSE_B}\n"
    );
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[1], Some("header-run"), "{v:?}");
    assert!(v[..5].iter().all(Option::is_some), "{v:?}");
    assert_eq!(v[7], None, "the headline after the dropped menu is kept");
    // No known label: a list of short lines is content (a plain word list).
    let doc = format!("Apples\nPears\nPlums\nCherries\n\n{PROSE_A}\n");
    assert!(run(&r, &doc).iter().all(|l| l.verdict.is_none()));
    let doc = "Apples\nPears\nPlums\nSearch\n";
    assert_eq!(
        clean(&r, doc),
        "Apples\nPears\nPlums\n",
        "one label is not enough"
    );
    // Two short lines next to a dropped marker are not a run: dropped lines do not count.
    assert_eq!(clean(&r, "[ad_1]\nHello\n\nworld\n"), "Hello\n\nworld\n");
    // After the first paragraph the rule is off: lists inside articles stay.
    let doc = format!("{PROSE_A}\nTools needed\n- Hammer\n- Saw\n- Menu\n- Chisel\n{PROSE_B}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert!(!v.contains(&Some("header-run")), "{v:?}");
    // Dates, bylines, numbers and commas mark content, not menus.
    let doc = format!("Home\nBy Jane Smith\nDec 30, 2020\n5 things to know\n\n{PROSE_A}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert!(v[1..4].iter().all(Option::is_none), "{v:?}");
    let off = Rules::new(&|id| id != "header-run");
    let doc = format!("Sign In\nTOI\nLifestyle\nSoul Search\nSearch\n\n{PROSE_A}\n");
    assert!(!run(&off, &doc).iter().any(|l| l.verdict == Some("header-run")));
}

#[test]
fn context_reaches_past_the_window() {
    let r = all();
    // A title, more dropped lines than the lookbehind holds, then a copy of the title.
    let t = "Turkey, Russia continue cooperation on South Caucasus";
    let junk = "Advertisement\n".repeat(LOOKBEHIND + 20);
    let doc = format!("{t}\n{junk}{t}\n{PROSE_A}\n");
    assert_eq!(clean(&r, &doc), format!("{t}\n{PROSE_A}\n"));
    // The same for a consecutive duplicate separated by many dropped lines.
    let twice = "The same long line appears here twice";
    let doc = format!("{PROSE_A}\n{twice}\n{junk}{twice}\n{PROSE_B}\n");
    assert_eq!(clean(&r, &doc), format!("{PROSE_A}\n{twice}\n{PROSE_B}\n"));
}

#[test]
fn comment_metadata_next_to_comment_buttons() {
    let r = all();
    let doc = format!(
        "{PROSE_A}\n{PROSE_C}\n\n12 Comments\n\n2 years ago\n{PROSE_B}\nReply\n64. Ken McKinley 10/24/2023 at 11:29pm\n{PROSE_D}\nReply\n"
    );
    let kept = clean(&r, &doc);
    for gone in [
        "Jill Winger says",
        "2 years ago",
        "Ken McKinley",
        "Reply",
        "12 Comments",
    ] {
        assert!(!kept.contains(gone), "{gone} kept in {kept}");
    }
    // Between two paragraphs, away from other boilerplate, the same shapes are content.
    assert_eq!(mid(&r, "Simon says"), None);
    assert_eq!(mid(&r, "Three years ago"), None);
}

#[test]
fn market_strips_and_weather_widgets() {
    let r = all();
    for line in [
        "S&P 500 4,500.21 -0.45%",
        "BTC/USD 43,210.5 ▼ 2.1%",
        "Dow Jones 38,000 ▲0.5% Nasdaq 15,000 ▼0.2%",
        "EUR/USD 1.0923 +0.12%",
        "DJIA 34,567.89 ▲ 123.45 (0.36%)",
    ] {
        assert_eq!(top(&r, line), Some("ticker"), "top: {line}");
    }
    for line in ["London 12°C Partly cloudy", "Sunny 23°C", "Paris 8°/14°"] {
        assert_eq!(top(&r, line), Some("weather"), "top: {line}");
        assert_eq!(mid(&r, line), None, "mid: {line}");
    }
    // Table rows and sentences with numbers are content, wherever they are.
    for line in [
        "Model 3 2023 45%",
        "Chapter 12 3.5 10%",
        "Turnout 62%",
        "Preheat the oven to 180°C",
        "Oil fell 2% to $80.15 a barrel on Monday.",
        "KSE-100 index closed at 43,900 points, up 0.3%.",
    ] {
        assert_eq!(top(&r, line), None, "top: {line}");
        assert_eq!(mid(&r, line), None, "mid: {line}");
    }
}

#[test]
fn site_wide_notices() {
    let r = all();
    for (line, rule) in [
        (
            "An official website of the United States government",
            "site-notice",
        ),
        (
            "A .gov website belongs to an official government organization in the United States.",
            "site-notice",
        ),
        (
            "There was an error while loading. Please reload this page.",
            "js-notice",
        ),
        ("If you are human, leave this field blank.", "form-field"),
        (
            "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
            "form-field",
        ),
        ("I have read and understood the privacy policy.", "form-field"),
        ("Reply", "comments"),
        ("Read less", "read-more"),
        ("Jump to Review", "skip-link"),
        ("[ LOADING]", "nav-words"),
        (
            "* Click to email a link to a friend (Opens in new window) Email",
            "share-follow",
        ),
        (
            "Subscribe now to keep reading and get access to the full archive.",
            "signup-notice",
        ),
        (
            "We and our 100 partners store and/or access information on a device, such as unique IDs in cookies.",
            "cookie-notice",
        ),
        (
            "Store and/or access information on a device. Use limited data to select advertising.",
            "cookie-notice",
        ),
        (
            "The technical storage or access is necessary for the legitimate purpose of storing preferences.",
            "cookie-notice",
        ),
        (
            "By entering your email address you agree to our Terms of Use and Privacy Policy.",
            "newsletter",
        ),
        (
            "By signing up, you agree to receive emails from us.",
            "newsletter",
        ),
    ] {
        assert_eq!(mid(&r, line), Some(rule), "mid: {line}");
    }
    // Look-alikes that are content.
    for line in [
        "Cookies are used by websites to remember what is in your basket.",
        "The session cookie is deleted when you close your browser.",
        "By providing your information to scammers, you risk identity theft.",
        "Refresh the page",
        "Here's how you know",
        "Develop and improve services for older residents, the council said.",
        "This post contains affiliate links, which means we may earn a commission at no cost to you.",
        "Reply to the letter within 30 days, the agency advised.",
        "The government official website went live in 2019 after years of delays.",
    ] {
        assert_eq!(mid(&r, line), None, "mid: {line}");
    }
}

#[test]
fn injected_headline() {
    let r = all();
    let h = "Japan, Vietnam PM’ Meet In Hanoi; Vow To Collaborate On South China Sea";
    let doc = format!("{PROSE_A}\n\n{h}\n\n{PROSE_B}\n");
    assert_eq!(run(&r, &doc)[2].verdict, Some("related-headline"));
    let sub = "How The Two Countries Plan To Share The Pipeline Revenue";
    let doc = format!("{PROSE_A}\n\n{sub}\n\n{PROSE_B}\n");
    assert_eq!(run(&r, &doc)[2].verdict, None);
    let off = Rules::new(&|id| id != "related-headline");
    let doc = format!("{PROSE_A}\n\n{h}\n\n{PROSE_B}\n");
    assert_eq!(run(&off, &doc)[2].verdict, None);
    // Dropped junk next to the headline does not shield it: the verdict is the
    // same as on the output, where the junk is gone (idempotence; found by fuzzing).
    let doc = format!("{PROSE_A}\n[ad_1]\n{h}\nAdvertisement\n{PROSE_B}\n");
    assert_eq!(run(&r, &doc)[2].verdict, Some("related-headline"));
    // Nor does a line that an edge pattern drops only because of what comes
    // before it ("Menu" after "Skip to content"): found by fuzzing.
    let doc = format!("{PROSE_A}\n\n{h}\n\nSkip to content\nMenu\n{PROSE_B}\n");
    let once = clean(&r, &doc);
    assert_eq!(clean(&r, &once), once);
    assert!(!once.contains("Hanoi"), "{once}");
    // Nor does a menu that a run rule drops after the headline was judged
    // (found by fuzzing).
    let doc = format!("{PROSE_A}\n\n{h}\nApples\nPears\nPlums\nSearch\nHome\n{PROSE_B}\n");
    let once = clean(&r, &doc);
    assert!(!once.contains("Pears"), "the menu is dropped: {once}");
    assert_eq!(clean(&r, &once), once);
}

#[test]
fn disabled_rules_do_not_fire() {
    let none = Rules::new(&|_| false);
    assert_eq!(top(&none, "[ad_1]"), None);
    assert_eq!(top(&none, "Skip to content"), None);
}

/// Seed-like documents (written for this test): the junk goes, the content
/// stays, and a second pass drops nothing more.
const SEED_TOP: &str = " date 2021-03-02 XYZ 12.40 Increased By ▲ 0.30 (2.48%)
Mar 2, 2021
Ministers agree to extend the grain corridor

Ministers agree to extend the grain corridor

AFP 2 Mar 2021

[ad_1]
Home World Region

The foreign ministers agreed on Tuesday to extend the grain corridor for another four months, officials said after the talks.

File:Grain ship Odesa.jpg
A cargo ship leaves the port

Shipping Routes

Insurers had warned that the route would become too expensive without guarantees, and traders welcomed the decision.

Kyiv, Ankara Sign Rail Deal; Promise Faster Freight Through The Border Crossings

Analysts said the extension would steady wheat prices, at least until the summer harvest arrives in the region.

[ad_2]
Source link
Author’s Profile

Follow Example Times on Google

Exit mobile version
";

#[test]
fn seed_like_document() {
    let r = all();
    let out = clean(&r, SEED_TOP);
    for gone in [
        "date 2021-03-02",
        "[ad_1]",
        "[ad_2]",
        "Home World Region",
        "File:Grain",
        "Source link",
        "Author’s Profile",
        "Follow Example",
        "Exit mobile",
        "Kyiv, Ankara",
    ] {
        assert!(!out.contains(gone), "{gone} kept in\n{out}");
    }
    for kept in [
        "Mar 2, 2021",
        "AFP 2 Mar 2021",
        "A cargo ship leaves the port",
        "Shipping Routes",
        "Analysts said",
    ] {
        assert!(out.contains(kept), "{kept} lost in\n{out}");
    }
    assert_eq!(out.matches("Ministers agree to extend").count(), 1);
}

#[test]
fn idempotent_on_seed_like_documents() {
    let r = all();
    let nav = format!(
        "Skip to content\n* Home\n* World\n* Business\n\n* Sport\n* About us\n* Contact\nMenu\nSearch\n\n{PROSE_A}\n\nShare\nFacebook\nTwitter\n\n{PROSE_B}\n\n* Privacy Policy\n* Terms of Use\n* Careers\n* Blog\n© 2024 Example\n"
    );
    for doc in [SEED_TOP, nav.as_str()] {
        let once = clean(&r, doc);
        let twice = clean(&r, &once);
        assert_eq!(once, twice);
    }
}

#[test]
fn wildcard_first_entries_are_gated_by_their_literal_part() {
    assert_eq!(
        super::gate_body(".{0,180}(all rights reserved).{0,100}").as_deref(),
        Some("(all rights reserved)")
    );
    assert_eq!(super::gate_body("(home|start) .{0,20}"), None);
    let r = all();
    let doc = format!("{PROSE_A}\nFoo Inc, all rights reserved\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[1], Some("copyright"));
    let long = format!("{PROSE_A} {PROSE_B} The authors say all rights reserved is a phrase. {PROSE_A}");
    assert!(long.len() > 300);
    let doc = format!("{PROSE_A}\n{long}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[1], None, "a paragraph mentioning the phrase is prose");
    // The built-in gate words are few enough for the letter-pair scan.
    assert!(r.gate_words.as_ref().is_some_and(|g| g.scans_pairs()));
    for line in [
        "Foo GmbH 2024. Alle Rechte vorbehalten.",
        "Foo SpA, tutti i diritti riservati",
        "Foo S.A. Todos los derechos reservados.",
    ] {
        let doc = format!("{PROSE_A}\n{line}\n");
        let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
        assert_eq!(v[1], Some("copyright"), "{line}");
    }
}

#[test]
fn memo_gives_the_matcher_verdicts() {
    let rules = all();
    let mut memo = LineMemo::default();
    let lines = [
        "Source link",
        "Privacy Policy",
        "Home > News > World",
        "Read more",
        "",
        "  ",
        "Share this article",
        "A plain sentence that is prose.",
        "Sign in",
        "[ad_1]",
        "Follow us on Twitter",
        "Sign in",
        "Source link",
    ];
    for _ in 0..3 {
        for l in lines {
            let a = rules.line_memo(l.to_string(), &mut memo);
            let b = rules.line(l.to_string());
            assert_eq!(
                (a.facts.pat, a.facts.blank),
                (b.facts.pat, b.facts.blank),
                "{l:?}"
            );
        }
    }
    // Many distinct lines share slots: a collision must never return another line's verdict.
    for k in 0..5000 {
        let l = if k % 2 == 0 {
            format!("Page {k} of 9000")
        } else {
            format!("word{k}")
        };
        assert_eq!(
            rules.line_memo(l.clone(), &mut memo).facts.pat,
            rules.line(l).facts.pat
        );
    }
}

#[test]
#[ignore = "diagnostic: prints which table entries are broad-led and how they are gated"]
fn print_gates() {
    for (k, p) in PATS.iter().enumerate() {
        let (src, _) = compile_body(p.body);
        let g = gate::ByteGate::for_pattern(&src);
        let broad = super::gate_body(p.body).is_some();
        println!("{k:3} {:20} wildcard-first={broad} gate={g:?}", p.rule);
    }
}

#[test]
fn sessions_pass_their_automaton_caches_on() {
    let rules = all();
    let mut memo = rules.memo();
    assert!(memo.scratch.broad.is_none());
    let crumbs = "Home › World › Europe";
    let line = rules.line_memo(crumbs.to_string(), &mut memo);
    assert_eq!(line.pat().map(|p| p.rule), Some("breadcrumb"));
    rules.recycle(&mut memo);
    // The next session starts with the warm cache, and gets the same verdicts.
    let mut next = rules.memo();
    assert!(next.scratch.broad.is_some());
    let again = rules.line_memo(crumbs.to_string(), &mut next);
    assert_eq!(again.pat().map(|p| p.rule), Some("breadcrumb"));
    assert!(
        rules.memo().scratch.broad.is_none(),
        "a cache is handed to one session only"
    );
}

/// The main set of `r` as a lazy DFA put together at run time (what a run
/// uses when the build's DFA does not cover its sources).
fn lazy_main_set(r: &Rules) -> AnchoredSet {
    let (srcs, entries) = main_set_sources(r);
    let refs: Vec<&str> = srcs.iter().map(String::as_str).collect();
    AnchoredSet::new(&refs, &entries).unwrap()
}

/// The sources and table entries of `r`'s main set, in rank order.
fn main_set_sources(r: &Rules) -> (Vec<String>, Vec<usize>) {
    let MainSet::Table(t, rank) = &r.re else {
        panic!("the build's DFA covers the main set");
    };
    let mut by_rank: Vec<(u32, usize)> = rank
        .iter()
        .enumerate()
        .filter(|(_, g)| **g != u32::MAX)
        .map(|(pid, &g)| (g, pid))
        .collect();
    by_rank.sort_unstable();
    by_rank
        .iter()
        .map(|&(_, pid)| (t.patterns[pid].1.to_string(), t.patterns[pid].0))
        .unzip()
}

/// Lines for comparing matchers: the corpus, each table body's own words,
/// and both cut and joined at many points (prefixes of boilerplate walk deep
/// into the automaton).
fn probe_lines() -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut dirs = vec![root];
    let mut files = Vec::new();
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { dirs.push(p) } else { files.push(p) }
        }
    }
    files.sort();
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        lines.extend(String::from_utf8_lossy(&bytes).lines().map(str::to_string));
    }
    for p in PATS {
        // a body with its regex syntax dropped reads roughly as its phrases
        let words: String = p
            .body
            .chars()
            .map(|c| if "()[]?*+|\\^$.{}".contains(c) { ' ' } else { c })
            .collect();
        lines.push(words.split_whitespace().collect::<Vec<_>>().join(" "));
        for alt in p.body.split('|') {
            let alt: String = alt.chars().filter(|c| !"()[]?*+\\^$.{}".contains(*c)).collect();
            lines.push(alt.trim().to_string());
            lines.push(alt.trim().to_uppercase());
        }
    }
    let n = lines.len();
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..n.min(4000) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (a, b) = (&lines[i], &lines[(x % n as u64) as usize]);
        let cut = |s: &str, k: u64| {
            s.char_indices()
                .map(|(i, _)| i)
                .nth((k as usize) % (s.chars().count() + 1))
                .unwrap_or(s.len())
        };
        let (ca, cb) = (cut(a, x >> 8), cut(b, x >> 24));
        let (joined, head) = (format!("{}{}", &a[..ca], &b[cb..]), a[..ca].to_string());
        lines.push(joined);
        lines.push(head);
    }
    lines
}

#[test]
fn the_builds_dfa_answers_as_the_lazy_dfa_does() {
    let r = all();
    let lazy = lazy_main_set(&r);
    let (_, entries) = main_set_sources(&r);
    let MainSet::Table(..) = &r.re else { unreachable!() };
    let mut cache = None;
    let mut matched = 0;
    for line in probe_lines() {
        let core = text::core(&line);
        if core.is_empty() {
            continue;
        }
        let by_table = r.re.first(&mut None, core);
        let by_lazy = lazy.first(&mut cache, core).map(|m| {
            let k = entries[m];
            r.pats.iter().position(|&p| p == k).unwrap()
        });
        assert_eq!(by_table, by_lazy, "{core:?}");
        matched += usize::from(by_table.is_some());
    }
    assert!(
        matched > 300,
        "the probe lines reach the patterns ({matched} matched)"
    );
}

#[test]
fn with_rules_off_the_builds_dfa_takes_the_first_one_on() {
    // Switch off every other rule: the table still covers the set, and
    // answers as a lazy DFA of just the enabled entries does.
    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    let off: Vec<&str> = ids.iter().copied().step_by(2).collect();
    let r = Rules::new(&|id| !off.contains(&id));
    let MainSet::Table(..) = &r.re else {
        panic!("the build's DFA covers a subset of its entries");
    };
    let lazy = lazy_main_set(&r);
    let (_, entries) = main_set_sources(&r);
    let mut cache = None;
    for line in probe_lines() {
        let core = text::core(&line);
        if core.is_empty() {
            continue;
        }
        let by_lazy = lazy
            .first(&mut cache, core)
            .map(|m| r.pats.iter().position(|&p| p == entries[m]).unwrap());
        let by_table = r.re.first(&mut None, core);
        assert_eq!(by_table, by_lazy, "{core:?}");
        if let Some(g) = by_table {
            assert!(!off.contains(&PATS[r.pats[g]].rule));
        }
    }
}

#[test]
fn a_source_the_build_did_not_see_is_put_together_here() {
    let r = all();
    let (mut srcs, entries) = main_set_sources(&r);
    srcs[2] = r"(?i)^(?:something else entirely)$".to_string();
    let refs: Vec<&str> = srcs.iter().map(String::as_str).collect();
    let ids: Vec<usize> = (0..refs.len()).collect();
    let set = MainSet::new(&refs, &entries, &ids);
    assert!(matches!(set, MainSet::Lazy(..)));
    assert_eq!(set.first(&mut None, "Something else entirely"), Some(2));
    // A damaged table is no table.
    assert!(table::Table::read(b"twdfa\x00\x00\x01garbage").is_none());
    assert!(table::Table::read(b"").is_none());
    // One whose states are noise reads as dead ends or nonsense, never a
    // panic or an endless walk.
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut noise = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    };
    for _ in 0..20 {
        let states = noise(4096);
        let mut blob = b"twdfa\x00\x00\x01".to_vec();
        blob.extend_from_slice(&0u32.to_le_bytes());
        blob.extend_from_slice(&(states.len() as u32).to_le_bytes());
        blob.extend(noise(1024));
        blob.extend(states);
        let t = table::Table::read(&blob).expect("the layout is right");
        for line in [
            "Share this article",
            "Home",
            "zzzzzzzzzzzzzzzzzzzz",
            "\u{ff}\u{1}x",
        ] {
            let _ = table::pattern_ids(t.matches(line.as_bytes())).count();
        }
    }
}

/// Ten distinct paragraphs of running text.
fn article() -> Vec<String> {
    let base = [PROSE_A, PROSE_B, PROSE_C, PROSE_D];
    (0..10)
        .map(|k| format!("{} (Part {k} of the report.)", base[k % 4]))
        .collect()
}

#[test]
fn repeated_blocks() {
    let r = all();
    let paras = article();
    let copy = paras.join("\n\n");
    let doc = format!("Title of the story\n\n{copy}\n\nShare this article\n\n{copy}\n\n{copy}\n");
    let lines = run(&r, &doc);
    let body: Vec<_> = lines.iter().filter(|l| !l.text.is_empty()).collect();
    // The first copy is kept whole.
    assert!(body[1..11].iter().all(|l| l.verdict.is_none()));
    // The second copy: kept until enough of it was seen to be a copy, then dropped.
    let second: Vec<_> = body[12..22].iter().map(|l| l.verdict).collect();
    let kept = second.iter().take_while(|v| v.is_none()).count();
    assert!((3..=7).contains(&kept), "{second:?}");
    assert!(
        second[kept..].iter().all(|v| *v == Some("repeated-block")),
        "{second:?}"
    );
    // A third copy goes the same way.
    let third: Vec<_> = body[22..32].iter().map(|l| l.verdict).collect();
    assert!(third.iter().filter(|v| v.is_some()).count() >= 3, "{third:?}");
    let once = clean(&r, &doc);
    assert_eq!(clean(&r, &once), once, "a second pass drops nothing more");

    // A line dropped by another rule inside both copies does not end the copy.
    let mut with_ad = paras.clone();
    with_ad.insert(5, "[ad_1]".to_string());
    let copy = with_ad.join("\n");
    let doc = format!("{copy}\n{copy}\n");
    let v: Vec<_> = run(&r, &doc).into_iter().map(|l| l.verdict).collect();
    assert_eq!(v[11 + 9..], [Some("repeated-block"); 2]);
}

#[test]
fn repeats_that_are_content_are_kept() {
    let r = all();
    // A chorus sung three times.
    let chorus = "We will walk along the river\nWhen the morning light is breaking through\nAnd the city still is sleeping\nWe will sing the old songs that we knew";
    let verse = "The first verse of the song is about the small town where the singer grew up and the friends who left it.";
    let doc = format!("{verse}\n{chorus}\n{PROSE_A}\n{chorus}\n{PROSE_B}\n{chorus}\n{chorus}\n");
    assert!(run(&r, &doc).iter().all(|l| l.verdict.is_none()));
    // The same paragraphs again, but in another order: a summary, not a copy.
    let paras = article();
    let mut shuffled = paras.clone();
    shuffled.reverse();
    shuffled.swap(0, 9); // not a consecutive repeat where the two meet
    let doc = format!("{}\n{}\n", paras.join("\n"), shuffled.join("\n"));
    assert!(run(&r, &doc).iter().all(|l| l.verdict.is_none()));
    // Two sentences repeated (a pull quote, a recap) are too little to be a copy.
    let doc = format!(
        "{}\n{PROSE_D}\n{}\n{PROSE_C}\n",
        paras[..2].join("\n"),
        paras[..2].join("\n")
    );
    assert!(run(&r, &doc).iter().all(|l| l.verdict.is_none()));
    // A higher threshold keeps a copy that is shorter than it.
    let tunables = Tunables {
        block_min_bytes: 100_000,
        ..Tunables::default()
    };
    let strict = Rules::with_user(&|_| true, &UserRules::new(vec![], vec![], tunables).unwrap());
    let doc = format!("{}\n{}\n", paras.join("\n"), paras.join("\n"));
    assert!(run(&r, &doc).iter().any(|l| l.verdict == Some("repeated-block")));
    assert!(run(&strict, &doc).iter().all(|l| l.verdict.is_none()));
    // Switched off, nothing is dropped.
    let off = Rules::new(&|id| id != "repeated-block");
    let doc = format!("{}\n{}\n", paras.join("\n"), paras.join("\n"));
    assert!(run(&off, &doc).iter().all(|l| l.verdict.is_none()));
}

#[test]
fn bylines() {
    let r = all();
    for line in [
        "Written by Paulinho Giovannini",
        "Reviewed by Robert Tschudi",
        "Medically reviewed by Dr. Jane Smith",
        "Article written by: Alison Plaut",
        "Verfasst von Anna Müller",
    ] {
        assert_eq!(mid(&r, line), Some("author-box"), "mid: {line}");
    }
    // Not bylines: a phrase, a credit for a song, a line that goes on after
    // the name. A bare "By …" line and a dateline stay too: in a news
    // article they belong to the text (see `content_is_kept`).
    for line in [
        "Written by the people, for the people",
        "Written by Paul Simon in 1964, the song became a hit a year later.",
        "By Sergei Ivanov",
    ] {
        assert_eq!(top(&r, line), None, "top: {line}");
        assert_eq!(mid(&r, line), None, "mid: {line}");
    }
}

/// The NFA's states, starts and flags: all a DFA is built from.
fn nfa_facts(nfa: &NFA) -> String {
    format!(
        "{nfa:?} {:?} {} {} {:?} {:?} {} {} {}",
        starts(nfa),
        nfa.is_utf8(),
        nfa.is_reverse(),
        nfa.look_set_any(),
        nfa.look_set_prefix_any(),
        nfa.has_capture(),
        nfa.has_empty(),
        nfa.group_info().all_group_len(),
    )
}

/// The anchored and unanchored start states, then each pattern's.
fn starts(nfa: &NFA) -> Vec<StateID> {
    let pats = (0..nfa.pattern_len()).map(|p| nfa.start_pattern(PatternID::new(p).unwrap()).unwrap());
    [nfa.start_anchored(), nfa.start_unanchored()]
        .into_iter()
        .chain(pats)
        .collect()
}

/// `nfa` with identical states merged (repeatedly, until none are left), its
/// states numbered in the order a walk from the starts meets them: two NFAs
/// with the same canonical form match the same text with the same patterns.
fn canonical(nfa: &NFA) -> Vec<(u64, Vec<usize>)> {
    use regex_automata::nfa::thompson::State;
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    // Each state as what it is (kind, bytes, look, pattern) and where it goes.
    let (kinds, targets): (Vec<u64>, Vec<Vec<usize>>) = nfa
        .states()
        .iter()
        .map(|s| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            let t: Vec<StateID> = match s {
                State::ByteRange { trans } => {
                    (0, trans.start, trans.end).hash(&mut h);
                    vec![trans.next]
                }
                State::Sparse(sp) => {
                    1.hash(&mut h);
                    sp.transitions.iter().for_each(|t| (t.start, t.end).hash(&mut h));
                    sp.transitions.iter().map(|t| t.next).collect()
                }
                State::Dense(d) => {
                    2.hash(&mut h);
                    d.transitions.to_vec()
                }
                State::Look { look, next } => {
                    (3, look.as_repr()).hash(&mut h);
                    vec![*next]
                }
                State::Capture { next, .. } => {
                    4.hash(&mut h);
                    vec![*next]
                }
                State::Union { alternates } => {
                    5.hash(&mut h);
                    alternates.to_vec()
                }
                State::BinaryUnion { alt1, alt2 } => {
                    5.hash(&mut h);
                    vec![*alt1, *alt2]
                }
                State::Fail => {
                    6.hash(&mut h);
                    vec![]
                }
                State::Match { pattern_id } => {
                    (7, pattern_id.as_usize()).hash(&mut h);
                    vec![]
                }
            };
            (h.finish(), t.iter().map(|t| t.as_usize()).collect())
        })
        .unzip();
    let n = kinds.len();
    let mut class: Vec<usize> = (0..n).collect();
    let mut classes = n;
    loop {
        let mut ids: HashMap<(u64, Vec<usize>), usize> = HashMap::with_capacity(classes);
        let next: Vec<usize> = (0..n)
            .map(|i| {
                let key = (kinds[i], targets[i].iter().map(|&t| class[t]).collect());
                let k = ids.len();
                *ids.entry(key).or_insert(k)
            })
            .collect();
        class = next;
        if ids.len() == classes {
            break;
        }
        classes = ids.len();
    }
    // Number the classes in the order a walk from the starts meets them.
    let mut rep = vec![usize::MAX; classes];
    for i in (0..n).rev() {
        rep[class[i]] = i;
    }
    let mut order = vec![usize::MAX; classes];
    let mut walk = Vec::new();
    let mut queue: std::collections::VecDeque<usize> =
        starts(nfa).iter().map(|s| class[s.as_usize()]).collect();
    while let Some(c) = queue.pop_front() {
        if order[c] == usize::MAX {
            order[c] = walk.len();
            walk.push(c);
            queue.extend(targets[rep[c]].iter().map(|&t| class[t]));
        }
    }
    let mut out: Vec<(u64, Vec<usize>)> = walk
        .iter()
        .map(|&c| {
            (
                kinds[rep[c]],
                targets[rep[c]].iter().map(|&t| order[class[t]]).collect(),
            )
        })
        .collect();
    let start = starts(nfa).iter().map(|s| order[class[s.as_usize()]]).collect();
    out.push((
        u64::from(nfa.is_utf8()) + 2 * u64::from(nfa.look_set_any().bits),
        start,
    ));
    out
}

#[test]
fn the_pattern_automata_are_those_of_the_sources() {
    // Start-up puts the sets together from automata the build compiled. Each
    // is the one composed from the entries compiled here, state for state
    // (so the build's automata are used, and fresh), and matches as the
    // sources compiled together do.
    let compiled_together = |srcs: &[&str]| prebuilt::compile_nfa(&parse_all(srcs)).unwrap();
    let composed_fresh = |srcs: &[&str]| {
        let blobs: Vec<Vec<u8>> = srcs.iter().map(|s| prebuilt::compile_piece(s)).collect();
        let parts: Vec<_> = blobs.iter().map(|b| prebuilt::pieces(b).unwrap()[0]).collect();
        prebuilt::compose(&parts).unwrap()
    };
    let r = all();
    // (the main set is the build's DFA: put together here as a run with a
    // source the build did not see would)
    let main = lazy_main_set(&r);
    for set in [Some(&main), r.broad.get(), r.gated.get()] {
        let set = set.expect("every set has patterns");
        let srcs: Vec<&str> = set.srcs.iter().map(String::as_str).collect();
        let nfa = set.dfa.get_nfa();
        assert_eq!(nfa_facts(nfa), nfa_facts(&composed_fresh(&srcs)));
        assert_eq!(canonical(nfa), canonical(&compiled_together(&srcs)));
        assert_eq!(set.dfa.pattern_len(), set.srcs.len());
    }
    // Every entry is in the build's blob, with the source the library asks for.
    let srcs: Vec<String> = PATS.iter().map(|p| compile_body(p.body).0).collect();
    let refs: Vec<&str> = srcs.iter().map(String::as_str).collect();
    let blob = prebuilt::pieces(include_bytes!(concat!(env!("OUT_DIR"), "/patterns.nfa"))).unwrap();
    assert_eq!(blob.iter().map(|p| p.src).collect::<Vec<_>>(), refs);
    assert!(blob.iter().all(|p| p.present()));
    // And with the byte gate start-up would work out from the source.
    for p in &blob {
        let stored = gate::ByteGate::decode(p.facts.expect("every entry has its gate"));
        assert_eq!(
            format!("{stored:?}"),
            format!("{:?}", Some(gate::ByteGate::for_pattern(p.src))),
            "{}",
            p.src
        );
    }
    for g in [
        None,
        Some(gate::ByteGate::NoSpace),
        Some(gate::ByteGate::Any(b"%".to_vec())),
    ] {
        let bytes = gate::ByteGate::encode(g.as_ref());
        assert_eq!(
            format!("{:?}", gate::ByteGate::decode(&bytes)),
            format!("{:?}", Some(g))
        );
    }
    // Any subset, in any order, as the options select them.
    let entries: Vec<usize> = (0..PATS.len()).collect();
    for round in 0..7 {
        let mut pick: Vec<usize> = entries
            .iter()
            .copied()
            .filter(|k| (k * (round + 3) + round) % (2 + round % 4) == 0)
            .collect();
        if round % 2 == 1 {
            pick.reverse();
        }
        pick.truncate(1 + round % 7 * 12);
        let sub: Vec<&str> = pick.iter().map(|&k| refs[k]).collect();
        let nfa = AnchoredSet::composed(&sub, &pick).unwrap().0;
        assert_eq!(canonical(&nfa), canonical(&compiled_together(&sub)), "{pick:?}");
    }
    // A source the build did not compile is compiled here, and composed.
    let mut changed = refs[..5].to_vec();
    changed[3] = r"(?i)^(?:something else)$";
    let nfa = AnchoredSet::composed(&changed, &entries[..5]).unwrap().0;
    assert_eq!(nfa_facts(&nfa), nfa_facts(&composed_fresh(&changed)));
    assert_eq!(canonical(&nfa), canonical(&compiled_together(&changed)));
}

/// A line's navigation fact is the same whether it was worked out with the
/// matcher (from the core the matcher found, for a line no pattern matched)
/// or later on its own, with or without the memo, for indented, bulleted,
/// marked and long lines. Fails if the matcher's core is not the line's.
#[test]
fn nav_fact_from_the_matcher_is_the_lazy_one() {
    let rules = all();
    let mut memo = rules.memo();
    let lines = [
        "World",
        "   Sports  ",
        "• Politics",
        "- Business -",
        "o Opinion",
        "Home | World | Sports",
        "Tech »",
        "Kultur und Medien",
        "The minister said on Tuesday that talks would resume.",
        "By Jane Doe",
        "• By Jane Doe",
        "* by staff",
        "»",
        "2024 Elections",
        "Rome, Paris",
        "東京 ニュース",
        "   >>> Read this   ",
        "Share this article",
        "a b c d e",
    ];
    let long = "word ".repeat(40);
    for text in lines.iter().copied().chain([long.as_str()]) {
        for line in [
            rules.line(text.to_owned()),
            rules.line_memo(text.to_owned(), &mut memo),
        ] {
            let lazy = context::nav_member(line.trimmed());
            assert_eq!(line.nav(), lazy, "{text:?}");
            if line.facts.pat.is_none() {
                assert!(
                    line.facts.nav.get().is_some(),
                    "worked out with the matcher: {text:?}"
                );
            }
        }
    }
}

/// A damaged blob of compiled automata is "compile instead", never a panic:
/// cut short anywhere, or with a byte changed, it reads as no blob or as
/// entries that compose into an automaton or into nothing.
#[test]
fn a_damaged_pattern_blob_does_not_panic() {
    let blob = include_bytes!(concat!(env!("OUT_DIR"), "/patterns.nfa"));
    // The first entries' bytes, where a change lands in states that are composed.
    let head = prebuilt::pieces(blob).unwrap()[..3]
        .iter()
        .map(|p| p.src.len())
        .sum::<usize>()
        + 4000;
    let try_blob = |b: &[u8]| {
        if let Some(pieces) = prebuilt::pieces(b) {
            let _ = prebuilt::compose(&pieces[..pieces.len().min(3)]);
        }
    };
    for cut in (0..head).step_by(97) {
        try_blob(&blob[..cut]);
    }
    let mut damaged = blob.to_vec();
    for at in (8..head).step_by(13) {
        for flip in [0x01, 0x80, 0xff] {
            damaged[at] ^= flip;
            try_blob(&damaged);
            damaged[at] ^= flip;
        }
    }
}

#[test]
fn an_empty_line_is_made_as_line_makes_it() {
    let rules = all();
    let made = format!("{:?}", rules.line(String::new()));
    assert_eq!(format!("{:?}", rules.empty_line(String::new())), made);
    let mut memo = rules.memo();
    assert_eq!(
        format!("{:?}", rules.line_memo(String::with_capacity(64), &mut memo)),
        made
    );
    // (and a line that is not empty is not made blank)
    assert!(!rules.line_memo("x".to_string(), &mut memo).is_blank());
    assert!(rules.line_memo(" \t".to_string(), &mut memo).is_blank());
}

#[test]
fn broad_and_gated_matchers_are_built_only_when_a_line_needs_them() {
    let rules = all();
    let built = |r: &Rules| {
        (
            r.broad.made.get().is_some(),
            r.gated.made.get().is_some(),
            r.gate.made.get().is_some(),
        )
    };
    // Prose with no byte a broad gate asks for, and no gate word: neither is needed.
    let prose = rules.line("The council met on Tuesday and voted to keep the library open".to_owned());
    assert!(prose.pat().is_none());
    assert_eq!(built(&rules), (false, false, false));
    // A breadcrumb trail (broad, gated on `>`) builds the broad matcher, and matches.
    let trail = rules.line("Home > News > Local politics".to_owned());
    assert_eq!(trail.pat().map(|p| p.rule), Some("breadcrumb"));
    assert!(built(&rules).0);
    // A copyright line (gated) builds the gate search and the gated matcher.
    let copyright = rules.line("Example Media Group 2024, all rights reserved.".to_owned());
    assert_eq!(copyright.pat().map(|p| p.rule), Some("copyright"));
    assert_eq!(built(&rules), (true, true, true));
    assert!(!rules.prepare_next(), "nothing is left to build");

    // Built ahead, one call at a time, they answer the same.
    let ahead = all();
    let mut calls = 0;
    while ahead.prepare_next() {
        calls += 1;
        assert!(calls <= 3, "one matcher per call");
    }
    assert_eq!((calls, built(&ahead)), (3, (true, true, true)));
    for line in [&prose, &trail, &copyright] {
        assert_eq!(
            ahead.line(line.text.clone()).pat().map(|p| p.rule),
            line.pat().map(|p| p.rule)
        );
    }
}

/// Words of the table's bodies (their regex syntax dropped), for building
/// lines that walk deep into the main set's automaton.
fn body_words() -> Vec<String> {
    let mut words: Vec<String> = PATS
        .iter()
        .flat_map(|p| {
            p.body
                .split(|c: char| "()[]?*+|\\^$.{} ".contains(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]
    #[test]
    fn the_builds_dfa_answers_as_the_lazy_dfa_does_on_made_up_lines(
        picks in proptest::collection::vec((proptest::num::usize::ANY, 0u8..8), 1..9),
    ) {
        thread_local! {
            static SETUP: (Rules, AnchoredSet, Vec<usize>, Vec<String>) = {
                let r = all();
                let lazy = lazy_main_set(&r);
                let (_, entries) = main_set_sources(&r);
                (r, lazy, entries, body_words())
            };
        }
        SETUP.with(|(r, lazy, entries, words)| {
            // Words joined by a space, two, a no-break space or a tab, some
            // upper-cased, some followed by a stray character.
            let mut line = String::new();
            for (i, &(w, how)) in picks.iter().enumerate() {
                if i > 0 {
                    line.push_str(["", " ", "  ", "\u{a0}", "\t", " ", " ", " "][how as usize]);
                }
                let word = &words[w % words.len()];
                match how {
                    1 => line.push_str(&word.to_uppercase()),
                    2 => { line.push_str(word); line.push(':'); }
                    3 => { line.push_str(word); line.push('é'); }
                    _ => line.push_str(word),
                }
            }
            let core = text::core(&line);
            if !core.is_empty() {
                let by_lazy = lazy
                    .first(&mut None, core)
                    .map(|m| r.pats.iter().position(|&p| p == entries[m]).unwrap());
                proptest::prop_assert_eq!(r.re.first(&mut None, core), by_lazy, "{:?}", core);
            }
            Ok(())
        })?;
    }
}
