//! Deterministic, labelled mojibake evaluation corpus, shared by
//! `tests/mojibake_accuracy.rs` and `examples/export_cases.rs`.
//!
//! Every case is built from a hand-written clean sentence by applying one
//! kind of damage with `encoding_rs`; negatives are clean lines that must come
//! back unchanged.
#![allow(dead_code)]

use encoding_rs::{
    Encoding, IBM866, MACINTOSH, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252, WINDOWS_1253, WINDOWS_1254,
    WINDOWS_1257,
};

/// IBM code page 437, bytes 0x80..=0xFF (encoding_rs lacks it); generated
/// with Python: `bytes(range(128, 256)).decode("cp437")`.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

/// UTF-8 text read as cp437.
pub fn garble_cp437(s: &str) -> String {
    let high: Vec<char> = CP437_HIGH.chars().collect();
    s.bytes()
        .map(|b| {
            if b < 0x80 {
                char::from(b)
            } else {
                high[usize::from(b - 0x80)]
            }
        })
        .collect()
}

/// One labelled case: `damaged` should repair to `clean`.
pub struct Case {
    pub category: &'static str,
    pub damaged: String,
    pub clean: String,
}

/// Clean sentences, tagged with a language code.
pub const SENTENCES: &[(&str, &str)] = &[
    // French
    ("fr", "Le café de la gare ouvre à sept heures."),
    ("fr", "Nous avons mangé une crème brûlée délicieuse."),
    ("fr", "L’été dernier, j’ai visité Montréal et Québec."),
    ("fr", "Ça dépend de la météo, répondit-elle."),
    ("fr", "Les élèves étudient la pièce de théâtre."),
    ("fr", "Où est la boîte aux lettres la plus proche ?"),
    ("fr", "Il a reçu un cadeau très généreux à Noël."),
    ("fr", "La forêt était silencieuse après l’orage."),
    ("fr", "Le garçon a oublié son goûter à l’école."),
    ("fr", "« Bonjour », dit le maître d’hôtel."),
    ("fr", "Cette année, le festival aura lieu en août."),
    ("fr", "Il faut être patient et déterminé."),
    // German
    ("de", "Die Straße führt direkt zum Bahnhof."),
    ("de", "Können Sie mir bitte das Salz reichen?"),
    ("de", "Wir fahren im Frühling nach Österreich."),
    ("de", "Der Bürgermeister eröffnete die Ausstellung."),
    ("de", "Schöne Grüße aus München!"),
    ("de", "Die Übersetzung war leider fehlerhaft."),
    ("de", "Mein Großvater wohnt in einem kleinen Dorf."),
    ("de", "Die Prüfung ist nächste Woche am Dienstag."),
    ("de", "Äpfel und Birnen schmecken süß."),
    ("de", "Er hat die Tür nicht geöffnet."),
    ("de", "Das Gemüse kommt vom Bauernmarkt."),
    ("de", "„Natürlich“, sagte sie und lächelte."),
    // Spanish
    ("es", "El niño pidió una canción más."),
    ("es", "¿Dónde está la estación de autobuses?"),
    ("es", "¡Qué día tan bonito hace hoy!"),
    ("es", "La educación pública es un derecho."),
    ("es", "Mañana iremos a la montaña con mis tíos."),
    ("es", "El corazón de la ciudad es la plaza mayor."),
    ("es", "Según el periódico, llegará más tarde."),
    ("es", "Compré jalapeños y piñas en el mercado."),
    ("es", "La película fue un éxito en taquilla."),
    ("es", "Él nunca había visto el océano."),
    ("es", "Los pingüinos viven en el hemisferio sur."),
    ("es", "Mi cumpleaños es en diciembre."),
    // Portuguese
    ("pt", "A reunião começa às três horas."),
    ("pt", "Não sei se ele vai à praia amanhã."),
    ("pt", "São Paulo é a maior cidade do Brasil."),
    ("pt", "As crianças comeram pão com manteiga."),
    ("pt", "A informação está disponível no site."),
    ("pt", "Ele é órfão desde os três anos."),
    ("pt", "Você já experimentou açaí com granola?"),
    ("pt", "A canção fala de saudade e coração."),
    ("pt", "O avô contou histórias da aldeia."),
    ("pt", "Há muitas opções de alimentação saudável."),
    ("pt", "A eleição será em outubro."),
    ("pt", "Minha irmã mora em Lisboa há dez anos."),
    // Turkish
    ("tr", "Çavuşoğlu bugün İstanbul’a gitti."),
    ("tr", "Öğretmen öğrencilere ödev verdi."),
    ("tr", "Güzel bir gün, değil mi?"),
    ("tr", "Şehir merkezinde yeni bir kütüphane açıldı."),
    ("tr", "Çocuklar bahçede oyun oynuyor."),
    ("tr", "Iğdır ve Muğla arasında uzun bir yol var."),
    ("tr", "Bu akşam yemekte balık yiyeceğiz."),
    ("tr", "Türkçe öğrenmek sabır ister."),
    ("tr", "Işıklar söndü ve film başladı."),
    ("tr", "Kahvaltıda peynir, zeytin ve çay vardı."),
    ("tr", "Üniversite sınavı haziranda yapılacak."),
    ("tr", "Ağaçların yaprakları sarardı."),
    // Polish
    ("pl", "Zażółć gęślą jaźń."),
    ("pl", "W Łodzi padał śnieg przez cały dzień."),
    ("pl", "Kraków jest pięknym miastem."),
    ("pl", "Dziękuję bardzo za pomoc."),
    ("pl", "Proszę zamknąć drzwi na klucz."),
    ("pl", "Gdańsk leży nad Morzem Bałtyckim."),
    ("pl", "Źródło rzeki znajduje się w górach."),
    ("pl", "Mój brat uczy się języka węgierskiego."),
    ("pl", "Wczoraj było bardzo gorąco."),
    ("pl", "Książka leży na półce obok łóżka."),
    ("pl", "Żółw powoli przeszedł przez ścieżkę."),
    ("pl", "Ćwiczenia zaczynają się o ósmej."),
    // Czech
    ("cs", "Příliš žluťoučký kůň úpěl ďábelské ódy."),
    ("cs", "Dvořák složil Novosvětskou symfonii."),
    ("cs", "Děkuji za vaši trpělivost."),
    ("cs", "Řeka Vltava teče přes Prahu."),
    ("cs", "Čeština má mnoho háčků a čárek."),
    ("cs", "Včera jsme byli v divadle."),
    ("cs", "Škoda vyrábí auta v Mladé Boleslavi."),
    ("cs", "Můžete mi říct, kolik je hodin?"),
    ("cs", "Dítě si hraje na zahradě."),
    ("cs", "Tento týden bude teplé počasí."),
    // Vietnamese
    ("vi", "Tiếng Việt có sáu thanh điệu."),
    ("vi", "Hà Nội là thủ đô của Việt Nam."),
    ("vi", "Tôi thích ăn phở vào buổi sáng."),
    ("vi", "Chúng tôi đi du lịch ở Đà Nẵng."),
    ("vi", "Cảm ơn bạn rất nhiều."),
    ("vi", "Thành phố Hồ Chí Minh rất đông người."),
    ("vi", "Trời hôm nay đẹp quá."),
    ("vi", "Người Việt thường uống trà đá."),
    ("vi", "Học sinh đang làm bài kiểm tra."),
    ("vi", "Vịnh Hạ Long có hàng nghìn hòn đảo."),
    // Russian
    ("ru", "Привет, мир!"),
    ("ru", "Москва — столица России."),
    ("ru", "Сегодня хорошая погода."),
    ("ru", "Я люблю читать книги по вечерам."),
    ("ru", "Спасибо за вашу помощь."),
    ("ru", "Мы поедем на дачу в субботу."),
    ("ru", "Где находится ближайшая аптека?"),
    ("ru", "Эта задача оказалась очень сложной."),
    ("ru", "Зимой в Сибири бывает очень холодно."),
    ("ru", "Он работает инженером на заводе."),
    ("ru", "«Война и мир» — роман Льва Толстого."),
    ("ru", "Объявление висело на двери подъезда."),
    ("ru", "Съешь ещё этих мягких французских булок."),
    ("ru", "Поезд отправляется в шесть часов утра."),
    // Greek
    ("el", "Καλημέρα σε όλους!"),
    ("el", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."),
    ("el", "Ευχαριστώ πολύ για τη βοήθεια."),
    ("el", "Το καλοκαίρι πηγαίνουμε στα νησιά."),
    ("el", "Πού είναι ο σταθμός του μετρό;"),
    ("el", "Η θάλασσα ήταν ήρεμη το πρωί."),
    ("el", "Μου αρέσει πολύ η ελληνική κουζίνα."),
    ("el", "Ο δάσκαλος εξήγησε το μάθημα."),
    ("el", "Αύριο θα βρέξει στη Θεσσαλονίκη."),
    ("el", "Τα παιδιά παίζουν στην αυλή."),
    ("el", "Γράψε μου ένα γράμμα σύντομα."),
    ("el", "Η βιβλιοθήκη κλείνει στις οκτώ."),
    // Icelandic
    ("is", "Við fórum í gönguferð í Þórsmörk."),
    ("is", "Ég tala smá íslensku."),
    ("is", "Reykjavík er höfuðborg Íslands."),
    ("is", "Það er kalt úti í dag."),
    ("is", "Hvað heitir þú?"),
    ("is", "Eyjafjallajökull gaus árið 2010."),
    ("is", "Börnin léku sér í snjónum."),
    ("is", "Góðan daginn, hvernig hefur þú það?"),
    ("is", "Ég drekk kaffi á morgnana."),
    ("is", "Fjöllin eru falleg á haustin."),
    // Danish
    ("da", "Vi spiste smørrebrød på Ærø."),
    ("da", "Hun bor i en lille by på Samsø."),
    ("da", "Københavns havn er smuk om sommeren."),
    ("da", "Børnene leger i gården."),
    ("da", "Jeg får æblekage til dessert."),
    ("da", "Det blæser meget på vestkysten."),
    ("da", "Søen var frossen hele vinteren."),
    ("da", "Må jeg låne din cykel i morgen?"),
    ("da", "Øl og rødgrød med fløde."),
    ("da", "Han kører til Aarhus på fredag."),
    // Punctuation and symbols
    ("sym", "She said, “It’s fine” — and left."),
    ("sym", "The price is €25 – or about £21."),
    ("sym", "Don’t forget: the meeting is at 10 o’clock."),
    ("sym", "Wait… what did you just say?"),
    ("sym", "The temperature dropped to −5 °C overnight."),
    ("sym", "Copyright © 2024 Example Corp™. All rights reserved."),
    ("sym", "Use the “Save as…” menu item."),
    ("sym", "He scored 98% — a personal best."),
    ("sym", "The ratio is 3 × 4 ± 0.5."),
    ("sym", "Chapter 3 • Section 2 • Page 17"),
    ("sym", "The ‘quick’ fix didn’t work."),
    ("sym", "Entry fee: €10 (students €5)."),
    // Emoji
    ("emoji", "Great job! 🎉"),
    ("emoji", "I love pizza 🍕 and coffee ☕."),
    ("emoji", "See you tomorrow 😀👍"),
    ("emoji", "Happy birthday 🎂🎈 to you!"),
    ("emoji", "The weather is ☀️ today."),
    ("emoji", "Our team 🚀 launched the product."),
    ("emoji", "Thanks ❤️ for everything."),
    ("emoji", "Watch out for the 🐍 in the grass."),
];

/// Extra clean lines that look like mojibake but are not.
pub const LOOKALIKES: &[&str] = &[
    "SÃO PAULO É A MAIOR CIDADE DO BRASIL",
    "IRMÃ, MAÇÃ E CORAÇÃO",
    "CHÂTEAU DE VERSAILLES",
    "L’ÂGE D’OR DU GÂTEAU",
    "ÎNVĂȚĂMÂNT ȘI CÂND",
    "Âu Lạc là nhà nước cổ.",
    "The Â symbol and the Ã symbol are letters.",
    "Temperature: 25 °C ± 2 °C",
    "© 2024 ACME® — all rights reserved",
    "Add ½ cup of sugar and ¼ tsp of salt.",
    "The particle is 5 µm wide.",
    "See § 3 ¶ 2 of the contract.",
    "¿Qué? ¡Hola!",
    "1 Å = 10⁻¹⁰ m",
    "Pièce montée",
    "Samsø",
    "Þórsmörk",
    "ÞÓRSMÖRK",
    "ÆØÅ æøå",
    "Ærø",
    "Señor Müller",
    "Crème brûlée à la française",
    "Ça va? Très bien, merci.",
    "Ölçü ve ışık",
    "Łódź, Gdańsk, Wrocław",
    "ÉTÉ À PARIS",
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ",
    "àáâãäåæçèéêëìíîï",
    "Ðð Þþ Ææ Øø",
    "Café Ñandú",
    "naïve résumé",
    "MÜNCHEN ÜBER ALLES",
    "Dürüm döner",
    "Øre",
    "Bjørn Ærøskøbing",
    "Đà Lạt, Việt Nam",
    "日本語のテキストです。",
    "我们今天去公园散步。",
    "한국어 문장입니다.",
    "النص العربي جميل.",
    "עברית היא שפה יפה.",
    "हिन्दी एक भाषा है।",
    "ภาษาไทยสวยงาม",
    "Ελληνικά και русский",
    "→ ← ↑ ↓ ✓ ✗ ★ ☆",
    "┌──┐ │  │ └──┘",
    "x² + y² = z²",
    "½ ⅓ ¼ ⅔ ¾",
    "£5, ¥300, €20, $10",
    "«Ça alors», dit-il.",
    "Müller–Lyer illusion",
    "Ésta es la última vez.",
    "ÓRGÃOS PÚBLICOS",
    "AÇÃO E REAÇÃO",
    "DÉJÀ VU",
    "Ångström",
    "Ú Ý Þ ß",
    "àà ÿÿ ññ",
    // symbols and capitals next to letters (mac-roman, cp866, weak pairs)
    "∆°C is the change in temperature.",
    "√2 ≈ 1.414 and √ab = √a·√b",
    "Åland, Ängel and Ísland",
    "ȘTIINȚĂ’s ROLE",
    "IRMÃ” e IRMÃ\u{a0}",
    "«été» à Paris, «Ça» aussi",
    "ЁЛКА и ЁЖ",
    "Ñ— Ó— Ú”",
];

fn decode(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let (s, had_errors) = enc.decode_without_bom_handling(bytes);
    (!had_errors).then(|| s.into_owned())
}

/// UTF-8 text decoded with `enc`, `layers` times (None if a byte is undefined).
pub fn garble(s: &str, enc: &'static Encoding, layers: usize) -> Option<String> {
    let mut cur = s.to_owned();
    for _ in 0..layers {
        cur = decode(enc, cur.as_bytes())?;
    }
    Some(cur)
}

/// UTF-8 text read as latin-1 (C1 controls kept).
pub fn garble_latin1(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

/// Text in a legacy code page, read as windows-1252 (None if not encodable).
pub fn legacy(s: &str, enc: &'static Encoding) -> Option<String> {
    let (bytes, _, unmappable) = enc.encode(s);
    if unmappable {
        return None;
    }
    decode(WINDOWS_1252, &bytes)
}

/// The damage scrapers leave: C1 controls dropped, NBSP made a space, `…` spelled `...`.
pub fn lossy(s: &str) -> String {
    s.chars()
        .filter(|&c| !('\u{80}'..='\u{9f}').contains(&c))
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect::<String>()
        .replace('…', "...")
}

/// Damage only the first non-ASCII word of the line (windows-1252, one layer).
fn partial(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut done = false;
    for (k, w) in s.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if !done && !w.is_ascii() {
            out.push_str(&garble(w, WINDOWS_1252, 1)?);
            done = true;
        } else {
            out.push_str(w);
        }
    }
    done.then_some(out)
}

/// All positive cases, in a fixed order.
pub fn positive_cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut push = |category: &'static str, damaged: Option<String>, clean: &str| {
        if let Some(d) = damaged
            && d != clean
        {
            out.push(Case {
                category,
                damaged: d,
                clean: clean.to_owned(),
            });
        }
    };
    for &(lang, s) in SENTENCES {
        push("cp1252 x1", garble(s, WINDOWS_1252, 1), s);
        push("cp1252 x2", garble(s, WINDOWS_1252, 2), s);
        push("cp1252 x3", garble(s, WINDOWS_1252, 3), s);
        push("latin-1 (C1)", Some(garble_latin1(s)), s);
        push("cp1250", garble(s, WINDOWS_1250, 1), s);
        push("cp1251", garble(s, WINDOWS_1251, 1), s);
        push("mac-roman", garble(s, MACINTOSH, 1), s);
        push("cp866", garble(s, IBM866, 1), s);
        push("cp437", Some(garble_cp437(s)), s);
        // only readings that differ from the windows-1252 one (most Latin
        // text reads the same in windows-1254)
        for (cat, enc) in [
            ("cp1253", WINDOWS_1253),
            ("cp1254", WINDOWS_1254),
            ("cp1257", WINDOWS_1257),
        ] {
            let d = garble(s, enc, 1);
            if d != garble(s, WINDOWS_1252, 1) {
                push(cat, d, s);
            }
        }
        push("partial word", partial(s), s);
        push("lossy", garble(s, WINDOWS_1252, 1).map(|d| lossy(&d)), s);
        let legacy_enc = match lang {
            "ru" => Some(("legacy 1251", WINDOWS_1251)),
            "el" => Some(("legacy 1253", WINDOWS_1253)),
            "tr" => Some(("legacy 1254", WINDOWS_1254)),
            "pl" | "cs" => Some(("legacy 1250", WINDOWS_1250)),
            _ => None,
        };
        if let Some((cat, enc)) = legacy_enc {
            push(cat, legacy(s, enc), s);
        }
    }
    out
}

/// Clean lines that must come back unchanged (several thousand).
pub fn negative_cases() -> Vec<String> {
    let n = SENTENCES.len();
    let mut out: Vec<String> = Vec::new();
    for &(_, s) in SENTENCES {
        out.push(s.to_owned());
        out.push(s.to_uppercase());
        out.push(format!("“{s}”"));
    }
    for (i, &(_, a)) in SENTENCES.iter().enumerate() {
        for k in 1..=20 {
            let j = (i * 7 + k * 13) % n;
            out.push(format!("{a} {}", SENTENCES[j].1));
        }
    }
    for (i, l) in LOOKALIKES.iter().enumerate() {
        out.push((*l).to_owned());
        out.push(format!("{l} {}", SENTENCES[i % n].1));
    }
    out
}
