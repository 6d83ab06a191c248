//! The whole-line pattern table: every literal/regex boilerplate line, tagged
//! with the rule it belongs to and where in a document it may be dropped.
//!
//! Each body is matched case-insensitively against the *core* of a line (see
//! [`super::text::core`]) and must cover the whole core. A plain space in a body
//! stands for `\s+`. All bodies are compiled into one multi-pattern matcher; the
//! pattern id indexes this table.

/// Where a pattern may drop a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Anywhere in the document: the phrase is unambiguous.
    Any,
    /// In the top or bottom block (no prose on one side), or next to other
    /// boilerplate; kept between two prose paragraphs.
    Edge,
    /// Only before the first prose line of the document.
    Top,
}

/// One pattern of the table.
#[derive(Debug)]
pub struct Pat {
    /// Rule id (one of [`super::RULES`]).
    pub rule: &'static str,
    /// Where the pattern may drop a line.
    pub place: Place,
    /// Regex body; a plain space means `\s+`.
    pub body: &'static str,
}

const fn p(rule: &'static str, place: Place, body: &'static str) -> Pat {
    Pat { rule, place, body }
}

use Place::{Any, Edge, Top};

/// Lines longer than this (in bytes, after trimming) are never whole-line boilerplate.
pub const MAX_LINE_BYTES: usize = 480;

/// The pattern table. Order matters only in that, when several patterns match,
/// the first one wins; `Any` patterns of a rule come before its `Edge` ones.
pub static PATS: &[Pat] = &[
    // ---- ad-marker
    p("ad-marker", Any, r"\[ ?ad[_ -]?\d{1,2} ?\]"),
    p(
        "ad-marker",
        Any,
        r"[\[(]?(advertisements?|advertising|advertorial|sponsored( content| post| links?)?|paid (content|post|partnership)|promoted( content)?|anzeigen?|werbung|publicit[ée]s?|publicidad|pubblicit[àa]|publicidade|реклама|广告|広告|광고)[\])]?",
    ),
    p(
        "ad-marker",
        Any,
        r"(the )?(story|article|content|text) continues (below|after)( (this|the))?( (advertisement|ad|advert))?",
    ),
    p(
        "ad-marker",
        Any,
        r"(advertisement )?[-–—]? ?(scroll|continue reading) (down )?(to continue|below)( with content| reading)?",
    ),
    p(
        "ad-marker",
        Any,
        r"(skip|close|remove|hide) (this )?(ad|ads|advert|advertisement)",
    ),
    // ---- ticker
    p(
        "ticker",
        Any,
        r"(?-i:(date \d{4}-\d{2}-\d{2} )?([A-Z][A-Z0-9.&]{0,11} [\d,]*\.?\d+ ((Increased|Decreased|Unchanged|Up|Down) By )?[▲▼△▽↑↓⬆⬇]? ?[+-]?[\d,]*\.?\d+ ?\( ?[+-]?\d+(\.\d+)? ?% ?\) ?)+)",
    ),
    p(
        "ticker",
        Edge,
        r"(?-i:(([A-Z][A-Za-z0-9.&/^-]{0,11}|\^[A-Z]{2,8})( [A-Z0-9][A-Za-z0-9.&/-]{0,11}){0,2} [\d,]*\.?\d+ ([▲▼△▽↑↓⬆⬇] ?[\d,]*\.?\d+ ?\( ?[+−-]?\d+(\.\d+)? ?% ?\)|[▲▼△▽↑↓⬆⬇] ?\d+(\.\d+)? ?%|[+−-][\d,]*\.?\d+ \( ?[+−-]?\d+(\.\d+)? ?% ?\)|[+−-]\d+(\.\d+)? ?%) ?)+)",
    ),
    // ---- weather widgets
    p(
        "weather",
        Edge,
        r"(?-i:(\p{Lu}[\p{L}.'-]*( \p{Lu}[\p{L}.'-]*){0,2},? )?[+−-]?\d{1,3} ?°[CF]?( ?/ ?[+−-]?\d{1,3} ?°[CF]?)?( (?i:sunny|clear|cloudy|partly cloudy|mostly cloudy|mostly sunny|overcast|rain|light rain|showers|drizzle|snow|fog|mist|haze|windy|thunderstorms?|storms?))?)",
    ),
    // ---- signup-notice (membership / paywall prompts)
    p(
        "signup-notice",
        Any,
        r"\(?(note|nb|n\.b\.|please note): .{0,160}(sign up|signing up|subscribe|subscription|subscriber|member|membership|log in|register).{0,100}",
    ),
    p(
        "signup-notice",
        Any,
        r"\(?you can (view|read) (every|each|all) articles? as (one|a single) (long )?page.{0,120}",
    ),
    p(
        "signup-notice",
        Any,
        r"(subscribe|sign up|register|log ?in|sign in|become a (paid )?(member|subscriber)|join) (now |today |for free )?(to|and) (continue reading|keep reading|read (the|this) (full |whole |entire )?(article|story|post)|unlock.{0,60}|access (this|the full|all|premium).{0,60}|get (full|unlimited) access.{0,60})( and .{1,80})?",
    ),
    p(
        "signup-notice",
        Any,
        r"(this|the) (article|story|content|post|page|feature) is (only )?(available|reserved|exclusive|free) (only )?(to|for) (paid |premium |our )?(subscribers|members|registered users).{0,80}",
    ),
    p(
        "signup-notice",
        Any,
        r"already (a|an) (paid )?(subscriber|member|account holder|user)\??( (log|sign) ?in( here| now)?)?",
    ),
    p(
        "signup-notice",
        Any,
        r"you (have|['’]ve) (read|reached|used) (your|all|the) .{0,40}(free|limit).{0,100}",
    ),
    p("signup-notice", Any, r"create a free account to .{1,100}"),
    // ---- source-link
    p(
        "source-link",
        Any,
        r"(source link|source url|original source|view (the )?source|read (the )?original( article| story| post)?( here)?|see (the )?original (article|post)|quelllink|enlace (de )?origen|link (alla |da )?fonte|ссылка на источник)",
    ),
    p("source-link", Edge, r"(source|quelle|fuente|fonte|источник)"),
    // ---- breadcrumb
    p(
        "breadcrumb",
        Any,
        r"(home|homepage|startseite|accueil|inicio|início|pagina iniziale|главная|首页|主页|ホーム|トップ|trang chủ|ana sayfa|strona główna) ?[>/»›|→:▸►] ?.{1,160}",
    ),
    p(
        "breadcrumb",
        Any,
        r"(you are here|vous êtes ici|sie sind hier|usted está aquí|ti trovi in|você está aqui|вы здесь): ?.{0,160}",
    ),
    p("breadcrumb", Any, r"breadcrumbs?( navigation)?"),
    p(
        "breadcrumb",
        Edge,
        r"[^ :]{1,30}( [^ :]{1,30}){0,3} [»›>] [^ :]{1,30}( [^ :]{1,30}){0,3} [»›>] [^:.!?]{1,80}",
    ),
    // Trails with triangle separators: a pattern of their own keeps both
    // byte gates small.
    p(
        "breadcrumb",
        Edge,
        r"[^ :]{1,30}( [^ :]{1,30}){0,3} [▸►] [^ :]{1,30}( [^ :]{1,30}){0,3} [▸►] [^:.!?]{1,80}",
    ),
    p(
        "breadcrumb",
        Top,
        r"(?-i:(Home|Startseite|Accueil|Inicio|Início|Главная)( \p{Lu}[\p{L}\p{N}'’.&-]*){1,4})",
    ),
    // ---- image-caption-file
    p(
        "image-caption-file",
        Any,
        r"(file|image|datei|fichier|archivo|bild|immagine|imagem|arquivo|файл|изображение): ?.{1,160}\.(jpe?g|png|gif|svg|webp|tiff?|bmp|avif|heic)",
    ),
    p(
        "image-caption-file",
        Any,
        r"[^ ]+\.(jpe?g|png|gif|webp|svg|avif|bmp|heic)",
    ),
    p(
        "image-caption-file",
        Any,
        r"(https?:)?//[^ ]+\.(jpe?g|png|gif|webp|svg|avif)(\?[^ ]*)?",
    ),
    // ---- share-follow
    p(
        "share-follow",
        Any,
        r"(share|share (this|the) (article|post|story|page|video|recipe|guide|link|entry)|share (it|this|article|story|post|now|page)|share (on|via|to|with) (facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|e-?mail|friends|messenger|bluesky|threads)|tweet( this)?|pin( it| this)?( for later| now)?|save to pinterest|copy (the )?link|link copied|(click )?to share on .{1,30}|share this:? .{0,120}|sharing is caring)",
    ),
    p(
        "share-follow",
        Any,
        r"(share:? ?|shares? )?((facebook|twitter|x|linkedin|instagram|youtube|pinterest|whatsapp|telegram|reddit|tiktok|bluesky|threads|mastodon|flipboard|tumblr|snapchat|email|e-mail|print|copy link|messenger|sms|vk|weibo|wechat|xing|rss|pocket)[,|/ ]{0,3}){2,12}",
    ),
    p(
        "share-follow",
        Any,
        r"(follow (us|me)( on .{1,40})?|follow .{1,50} on (google( news)?|twitter|x|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|telegram|whatsapp|social media)|like us on facebook|find us on .{1,30}|connect with us( on .{1,30})?|join us on .{1,30}|(subscribe to|follow) (our|us on) (youtube|channel|telegram|whatsapp).{0,30})",
    ),
    p(
        "share-follow",
        Any,
        r"(teilen|artikel teilen|partager( cet article| sur .{1,20})?|compartir( en .{1,20})?|condividi( su .{1,20})?|compartilhe?( no .{1,20})?|поделиться|分享(到)?|シェア(する)?|공유(하기)?|folge uns|folgen sie uns( auf .{1,30})?|suivez-nous( sur .{1,30})?|síguenos( en .{1,30})?|seguici( su .{1,30})?|siga-nos( no .{1,30})?|подписывайтесь на нас.{0,30}|関注我们|关注我们)",
    ),
    p(
        "share-follow",
        Any,
        r"(click to )?(share|email|e-mail|print|post|pin|tweet)( a link| this)?( to a friend)?( on| to| via)? ?.{0,40}\(opens in (a )?new (window|tab)\).{0,40}",
    ),
    p(
        "share-follow",
        Edge,
        r"(facebook|twitter|x|linkedin|instagram|youtube|pinterest|whatsapp|telegram|reddit|tiktok|bluesky|threads|mastodon|flipboard|tumblr|snapchat|vk|weibo|wechat|xing|rss( feed)?|messenger|discord|follow|stay connected|google news)",
    ),
    // ---- author-box
    p(
        "author-box",
        Any,
        r"(author['’]?s? (profile|bio|page|archive)|view (all |more )?(posts|articles|stories) by .{0,50}|view (author|profile)|more (articles|posts|stories) (by|from) .{1,50}|more from this author|latest posts by .{1,50}|see all posts by .{1,50}|all (posts|articles|stories) by .{1,50}|see author['’]?s posts|meet the author|über (den autor|die autorin)|à propos de l['’]auteur|sobre (el|la|o|a) autora?|sull['’]autore|об авторе|作者简介|著者について)",
    ),
    // A byline: "Written by" and a name of up to four capitalised words
    // (Latin letters: Unicode letter classes cost milliseconds to compile).
    p(
        "author-box",
        Any,
        r"(written|posted|reviewed|edited|fact[- ]checked|medically reviewed|article (written|reviewed)|verfasst|geschrieben|rédigé|escrito|scritto) (by|von|par|por|da):? (?-i:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ.'’-]*)( (?-i:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ.'’-]*|de|da|van|von|der|del|la|le|di)){0,3}",
    ),
    p(
        "author-box",
        Edge,
        r"(about (the|this) (author|writer|contributor)s?|authors?|written by|posted by|by|contributors?|editor|reviewed by|fact checked by)",
    ),
    // ---- exit-mobile
    p(
        "exit-mobile",
        Any,
        r"(exit mobile version|(switch|go) to (the )?(desktop|full|mobile|classic|standard) (version|site|view)|view (the )?(desktop|full|mobile|classic|non-amp) (version|site)|(desktop|mobile|amp) version)",
    ),
    // ---- read-more
    p(
        "read-more",
        Any,
        r"((read|learn|see|view|show|load|discover|find out|explore|watch|get) (more|all)( (here|now|news|articles|posts|stories|details|info|information|about (this|us|it)|→|»|>>))?|(show|see|view|read) less|continue reading( →)?|keep reading|read next|read on|click here( to (read|learn|see|find out) more)?|read (the )?(full|whole|entire|complete) (article|story|post|report|review|interview|text)( here)?|read (article|story|post)|see details|more details|view details)",
    ),
    p(
        "read-more",
        Any,
        r"(mehr lesen|weiterlesen|mehr erfahren|mehr anzeigen|alle anzeigen|lire la suite|lire plus|en savoir plus|voir plus|voir tout|leer más|leer mas|ver más|ver mas|seguir leyendo|ver todo|leggi (di più|tutto|altro)|continua a leggere|scopri di più|vedi tutti|leia mais|saiba mais|ver mais|continuar lendo|ver tudo|читать (далее|дальше|полностью)|подробнее|показать (ещё|еще|все)|阅读更多|阅读全文|查看更多|了解更多|查看全部|続きを読む|もっと見る|詳しくはこちら|더 보기|더보기)",
    ),
    p(
        "read-more",
        Edge,
        r"(more|more info|details|view|expand|collapse)",
    ),
    // ---- cookie-notice
    p(
        "cookie-notice",
        Any,
        r"((this|our) (web ?site|site|website) (uses|is using|stores|employs) cookies.{0,460}|we (and our (partners|vendors) )?(use|store|are using) (technologies like |first[- ]party and third[- ]party |)cookies.{0,460}|we use (cookies|tracking technologies).{0,460}|by (continuing to (use|browse|visit)|using|browsing) (this|our) (web ?site|site|website).{0,400}|by clicking [“”\x22'‘’]?(accept|agree|ok|allow|i agree|got it).{0,400}|cookies (help|enable|allow) us.{0,400}|this website stores (cookies|data).{0,400}|we value your privacy.{0,400}|(functional|performance|analytics|analytical|advertisement|advertising|necessary|marketing|targeting|preference|statistics) cookies (are|help|allow|is used|collect|enable|track|ensure).{0,400}|we care about your privacy.{0,400})",
    ),
    p(
        "cookie-notice",
        Any,
        r"((wir|diese (web)?seite) (verwenden|verwendet|nutzen|nutzt) cookies.{0,460}|(nous utilisons|ce site utilise) (des )?(cookies|traceurs).{0,460}|(utilizamos|usamos|este (sitio|sitio web|site) (utiliza|usa)) (cookies|galletas).{0,460}|(utilizziamo|usiamo|questo sito (web )?(utilizza|usa)) (i )?cookies?.{0,460}|(utilizamos|usamos|este site (utiliza|usa)) cookies.{0,460}|(мы используем|этот сайт использует) (файлы )?cookies?.{0,460}|本网站使用.{0,10}cookie.{0,300}|当サイトでは.{0,10}(cookie|クッキー).{0,300})",
    ),
    p(
        "cookie-notice",
        Any,
        r"((accept|allow|reject|decline|refuse|deny|disable|enable) (all|all cookies|cookies|necessary( cookies)?|selection|optional cookies)|(accept|agree) (and|&) (close|continue|proceed)|cookie (settings|preferences|policy|consent|notice|banner|declaration|statement)|(manage|customi[sz]e|change|update) (cookies|(cookie |privacy )?preferences|consent|(cookie |privacy )?settings|options|choices)|(strictly )?necessary cookies|always (enabled|active)|save (&|and) (accept|exit|close)|save (my )?(preferences|settings|choices)|privacy (preferences|settings|overview|preference center)|(functional|performance|analytics|analytical|marketing|targeting|statistics|advertising|preference|tracking|essential|third[- ]party) cookies|(alle )?cookies akzeptieren|alle akzeptieren|alle ablehnen|cookie-einstellungen|tout accepter|tout refuser|aceptar (todo|todas|cookies)|rechazar (todo|todas)|accetta (tutti|tutto)|rifiuta (tutti|tutto)|aceitar (todos|tudo|cookies)|принять (все|cookies?))",
    ),
    p(
        "cookie-notice",
        Any,
        r"(we and our (\d+ )?(partners|vendors) (use|store|process|access|collect).{0,460}|store and/or access information on a device.{0,460}|(use limited data to select|create profiles for personali[sz]ed|use profiles to select personali[sz]ed|measure advertising performance|understand audiences through statistics|use precise geolocation data|actively scan device characteristics).{0,460}|the technical storage or access .{0,460}|(other )?uncategori[sz]ed cookies .{0,300}|(this|the) cookie (is|was) (set|installed) by .{0,300})",
    ),
    p(
        "cookie-notice",
        Edge,
        r"(cookies|accept|reject|decline|agree|i agree|i accept|ok|okay|got it|necessary|functional|performance|analytics|preferences|statistics|always enabled|allow|dismiss|akzeptieren|accepter|aceptar|accetta|aceitar|принять|同意)",
    ),
    // ---- skip-link
    p(
        "skip-link",
        Any,
        r"((skip|jump|go) to (the )?(main |primary )?(content|navigation|nav|menu|search|footer|sidebar|main|article|toolbar|page content|site navigation)|jump to (the )?(review|recipe|comments|faqs?|video|product)|skip (navigation|links|nav)|zum inhalt springen|(direkt )?zum (haupt)?inhalt|aller au contenu( principal)?|passer au contenu( principal)?|(saltar|ir) al contenido( principal)?|(vai|salta|passa) al contenuto( principale)?|(pular|ir|saltar) para o conteúdo( principal)?|перейти к (содержанию|содержимому|контенту|основному содержанию)|跳到主要内容|跳转到(主要)?内容|跳至主要內容|本文へ(移動|スキップ)|メインコンテンツへスキップ|본문 바로가기)",
    ),
    // ---- copyright
    p(
        "copyright",
        Any,
        r"(copyright ?)?(©|\(c\)|&copy;|℗) ?(copyright )?\d{4}.{0,220}",
    ),
    p(
        "copyright",
        Any,
        r"copyright( ©| \(c\))? \d{4}([-–]\d{2,4})?.{0,200}",
    ),
    p("copyright", Edge, r"copyright( notice| by .{1,60})?"),
    p(
        "copyright",
        Any,
        r".{0,180}(all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|все права защищены|版权所有|版權所有|著作権|無断転載.{0,20}|저작권).{0,100}",
    ),
    p(
        "copyright",
        Edge,
        r"((proudly )?powered by .{1,40}|(wordpress )?theme by .{1,40}|(web ?)?(site|design) by .{1,40}|designed (and developed |& developed )?by .{1,40}|built with .{1,30})",
    ),
    // ---- comments
    p(
        "comments",
        Any,
        r"(your email address will not be published.{0,160}|required fields are marked.{0,20}|save my name,? e-?mail,? and website in this browser.{0,100}|this site uses akismet to reduce spam.{0,120}|(leave|post|add|write|submit|make) (a|your) (reply|comment|response)( to .{1,100})?|cancel reply|(\d+|no|one|two) (comments?|responses?|replies|thoughts? on .{1,160})|be the first to (comment|reply|review|leave a comment).{0,60}|join the (discussion|conversation)|discussion about this (post|article|story)|comments? (are|is) (closed|disabled|now closed).{0,40}|(log|sign) ?in to (comment|reply|leave a comment|post a comment).{0,40}|you must be (logged in|signed in|a registered user) to post a comment.{0,40}|(show|view|load|hide|read|see) (all )?(\d+ )?comments|comments? \(\d+\)|(kommentar|kommentare|kommentieren|kommentar schreiben|commentaires?|laisser un commentaire|ajouter un commentaire|comentarios|deja un comentario|dejar un comentario|commenti|lascia un commento|comentários|deixe um comentário|deixe seu comentário|комментарии|оставить комментарий|добавить комментарий|评论|发表评论|コメント(する|を書く)?|댓글))",
    ),
    p(
        "comments",
        Any,
        r"(reply|reply to (this )?comment|report (this )?comment|(show|hide|view|load) (\d+ )?(more )?repl(y|ies)|\d+ repl(y|ies))",
    ),
    // A broad-led shape in a pattern of its own, so that its byte gate (the
    // ':' of the time) keeps it off most lines.
    p(
        "comments",
        Edge,
        r"((\d+\. )?.{1,40} \d{1,2}/\d{1,2}/\d{2,4},? at |(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2},? \d{4},? at )\d{1,2}:\d{2} ?([ap]\.?m\.?)?",
    ),
    p(
        "comments",
        Edge,
        r"(comments?|reply|replies|\d+ ?(comments?|replies)|report( comment| abuse)?|like|likes|upvote|downvote)",
    ),
    // ---- read-time
    p(
        "read-time",
        Any,
        r"((est\.? |estimated |approx\.? |about |~)?(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten) ?[-–]?(min|mins|minute|minutes)\.? (read|reading( time)?|lesezeit|de lecture|de lectura|di lettura|de leitura|чтения)|(estimated )?(reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|время чтения|阅读时间|阅读时长|読了時間): ?(~|about |approx\.? |ca\.? )?\d{1,3}( ?[-–] ?\d{1,3})? ?(min|mins|minutes?|minuten|minutos|minuti|мин\.?|минут[ыа]?|分钟|分)( read)?|\d{1,3} ?(分で読めます|分钟阅读))",
    ),
    // ---- photo-credit
    p(
        "photo-credit",
        Any,
        r"(photo|photos|photograph|photography|image|images|picture|pic|illustration|foto|fotos|bild|bilder|imagen|immagine|imagem|фото|图片|写真)( credits?| courtesy)?: ?[^.!?]{1,80}",
    ),
    p(
        "photo-credit",
        Any,
        r"\(?(photo|image|picture|illustration|photograph|foto)s? (by|courtesy( of)?|credit|©) [^.!?]{1,80}\)?|(photo|image) credits?:? .{1,80}|credits?: .{1,80}|(getty images|shutterstock|istock(photo)?|alamy|unsplash|pexels|pixabay|dreamstime|adobe stock)( ?(/|via|for) ?.{1,60})?",
    ),
    // ---- related
    p(
        "related",
        Any,
        r"((related|similar|recommended|more|latest|recent|popular|trending|featured|top|other|further|editor['’]?s?|most (read|popular|viewed|shared|commented)) (articles|posts|stories|news|content|reads|reading|topics|coverage|links|videos|guides|resources|pieces|items|picks|headlines)( for you| on .{1,40}| from .{1,40})?|you (may|might|will|could) (also )?(like|enjoy|love|be interested in)|(also|further|recommended|suggested) read(ing)?|read also|must read|don['’]t miss|more from .{1,50}|more on (this|that)( story| topic| subject)?|recommended for you|popular (now|today|this week)|trending now|what to read next|up next|next up|in case you missed it|lesen sie auch|auch interessant|mehr zum thema|das könnte (sie|dich) auch interessieren|à lire aussi|lire aussi|a lire aussi|sur le même sujet|vous aimerez aussi|lee también|te puede interesar|también te puede interesar|leggi anche|potrebbe interessarti|ti potrebbe interessare|leia também|veja também|você também pode gostar|читайте также|смотрите также|похожие статьи|相关阅读|相关文章|推荐阅读|猜你喜欢|関連記事|あわせて読みたい|おすすめ記事|관련 기사)",
    ),
    p(
        "related",
        Any,
        r"(related|also read|read also|also see|related (article|story|post|reading|coverage|link|content|news)|must read|recommended|suggested reading|more on (this|that)( story| topic)?|lesen sie auch|mehr zum thema|à lire aussi|lire aussi|voir aussi|lee también|leggi anche|leia também|veja também|читайте также|相关阅读|関連記事): [^ ]+( [^ ]+){0,4}",
    ),
    p(
        "related",
        Edge,
        r"(related|see also|trending|popular|recent|latest|most read|featured|recommended|you may also like|more stories|more news|next|previous|up next)",
    ),
    // ---- app-store
    p(
        "app-store",
        Any,
        r"((download|get|install) (it |the app |our app )?(on|from|at) (the )?(apple )?(app store|google play|play store|microsoft store)|available (on|in) the (app store|google play|play store)|(download|get|install|try) (the|our) (free |new |mobile |official )?([^ ]{1,20} )?(app|apps|mobile app)|get the app|open (in|the) app|open app|app store|google play|play store|download (now|app|our app|free)|scan (the )?qr code( to download.{0,40})?)",
    ),
    // ---- newsletter
    p(
        "newsletter",
        Any,
        r"(subscribe( now| today| here| for free| free)?|(subscribe|sign up|signup|register|join|opt in|opt-in) (to|for) (our|the|my|a) (free |weekly |daily |monthly |email )?([^ ]{1,20} )?(newsletters?|mailing list|email list|e-?mails?|updates|digest|briefing|alerts).{0,100}|(get|receive) (the latest|our|exclusive|weekly|daily|the best|more).{0,80} (in|to|straight to|delivered to|in to) your inbox.{0,60}|(enter|type|add) your (e-?mail|email address)( address)?( here)?.{0,40}|thank(s| you) for (subscribing|signing up)( to .{1,60})?.{0,60}|(join|subscribe to) our (mailing list|newsletter|community|list).{0,80}|newsletter (sign ?up|signup|subscription)|sign up (now|today|for free|here)|never miss (a|an) (story|post|update|thing|deal|article).{0,80}|(newsletter abonnieren|jetzt abonnieren|abonnieren|s['’]abonner|abonnez-vous( à .{1,40})?|inscrivez-vous( à .{1,40})?|s['’]inscrire à la newsletter|suscr[ií]bete( a .{1,40})?|suscribirse|iscriviti( alla newsletter)?|inscreva-se( na .{1,40})?|assine( já| a newsletter)?|подписаться( на рассылку)?|подпишитесь( на .{1,40})?|订阅|購読する|ニュースレター(登録)?|구독하기))",
    ),
    p(
        "newsletter",
        Any,
        r"(by (entering|submitting|providing|sharing) your (e-?mail|email address|information|details|phone number)( address)?,? (you|i) (agree|consent|acknowledge|accept|confirm).{0,300}|by (signing up|subscribing|registering|submitting this form|clicking [^,]{1,40}),? (you|i) (agree|consent|acknowledge|accept|confirm).{0,300})",
    ),
    p(
        "newsletter",
        Edge,
        r"(newsletters?|stay (informed|updated|in the loop|up to date|tuned)|sign up|join|join now|join us|ready for more|get updates|get started)",
    ),
    // ---- login
    p(
        "login",
        Any,
        r"((log|sign) ?(in|out)( here| now)?|(log ?in|sign ?in|login)( ?(/|or|\||and) ?(register|sign ?up|join|create (an )?account|subscribe))|(register|sign ?up|subscribe) ?(/|or|\|) ?(log ?in|sign ?in)|subscribe ?sign ?in|create (an |your |a free |new )?account|my (account|profile|dashboard)|(forgot|lost|reset)( your)? password|remember me|keep me (logged|signed) in|don['’]t have an account.{0,40}|(anmelden|abmelden|einloggen|registrieren|mein konto|se connecter|se déconnecter|connexion|s['’]inscrire|mon compte|iniciar sesión|cerrar sesión|registrarse|mi cuenta|accedi|esci|registrati|il mio account|entrar|sair|cadastre-se|minha conta|войти|выйти|вход|регистрация|личный кабинет|登录|注册|登入|ログイン|ログアウト|新規登録|로그인|회원가입))",
    ),
    p("login", Edge, r"(register|sign ?up|account|profile|login|logout)"),
    // ---- print-email
    p(
        "print-email",
        Any,
        r"((print|e-?mail|send|save|download) (this|the) (article|page|story|post|recipe)|print (article|page|story|recipe|friendly|version)|printer[- ]friendly( version)?|send (by|via) e-?mail|e-?mail (to a friend|article|story)|(save|download) (as )?pdf|(artikel )?drucken|imprimer( cet article)?|imprimir|stampa|печать|打印|印刷する)",
    ),
    p("print-email", Edge, r"(print|e-?mail|mail|save|bookmark|pdf)"),
    // ---- nav-words
    p(
        "nav-words",
        Any,
        r"((main |primary |open |close |mobile |toggle |site |global )(menu|navigation|nav)( (open|close|toggle))?|(open|close) (menu|search)( (open|close) (menu|search))?|toggle (navigation|menu|search)|back to (top|the top|home|homepage|blog|news|articles|all (posts|articles|news)|search results|list)|scroll to top|top of page|go to top|(type|enter) (here|your search|search terms?|keywords?)( to search)?.{0,30}|press enter to search.{0,30}|search (for|this site|our site|the site|articles|the blog|…|\.\.\.|search|here)|what are you looking for|no results found|loading\.{0,3}|(show|hide) (the )?caption|(expand|collapse) all|\[ ?loading ?\]|loading (paragraph|content|comments|video|more|results)\.{0,3}|please wait|(previous|next|prev|older|newer) (post|article|story|page|entry|posts|entries|articles|stories|chapter)|table of contents( show| hide| toggle)?|(previous|next) (article|post|story): .{1,150}|in this (article|post|guide|page)|on this page|jump to( section)?|(site )?footer|header|sidebar|primary sidebar|main content|quick links|useful links|explore (more|topics)|post navigation|(previous|prev) next|\d+ ?/ ?\d+|inhaltsverzeichnis|sommaire|índice|indice|содержание|目录|目次|메뉴)",
    ),
    p(
        "nav-words",
        Edge,
        r"(menu|search|close|home|homepage|back|top|go|submit|send|ok|cancel|apply|reset|x|δ|%d|categories|archives|tags|topics|sections|browse|explore|links|resources|contents|toc|more|all|view all|see all|next|previous|prev|skip|open|toggle|show|hide|en|english|español|deutsch|français|italiano|português|русский|中文|日本語|language|languages|select language|blog|news|company|products|solutions|platform|industries|learn|events|articles|videos|podcasts?|webinars?|guides|insights|reviews|shop|store|cart|checkout|wishlist|deals)",
    ),
    // ---- legal-links
    p(
        "legal-links",
        Any,
        r"(privacy (policy|notice|statement|center|centre|and cookies)|privacy (&|and) cookie policy|terms( of (use|service|sale))?( (and|&) conditions)?|terms (and|&) conditions|cookie (policy|statement|notice)|site ?map|accessibility statement|legal (notice|information|disclaimer|terms)|(do not|don['’]t) sell( or share)? my (personal )?(info|information|data)|your (privacy|california privacy) (choices|rights)|(california )?privacy rights|ad ?choices|editorial (guidelines|policy|standards)|contact us|about us|careers|advertise( with us)?|work (with|for) us|our (team|story|mission)|who we are|press room|newsroom|help (center|centre)|imprint|impressum|datenschutz(erklärung)?|agb|nutzungsbedingungen|mentions légales|politique de confidentialité|conditions générales( d['’]utilisation| de vente)?|aviso legal|política de privacidad|política de cookies|condiciones de uso|note legali|informativa (sulla )?privacy|termos de uso|política de privacidade|политика конфиденциальности|пользовательское соглашение|隐私政策|隱私權政策|プライバシーポリシー|利用規約|개인정보처리방침|이용약관)",
    ),
    p(
        "legal-links",
        Edge,
        r"(accessibility|privacy|legal|disclaimer|terms|contact|about|press|jobs|partners|affiliates?|investors|sustainability|leadership|careers)",
    ),
    // ---- form-field
    p(
        "form-field",
        Any,
        r"(this field is (required|for validation purposes and should be left unchanged)|oops!? something went wrong( while submitting the form)?|thank you!? your submission has been received|(please )?(enter|provide) a valid (e-?mail|email address|phone number|url)|(i['’]m )?not a robot|(this (site|page|form) is )?(protected by )?recaptcha.{0,200}|if you are (a )?human,? (leave|do not (fill|change)) this field( blank| empty)?|this field is hidden when viewing the form|i (have read|agree to|accept|consent to) .{0,60}(privacy policy|privacy notice|terms|data protection).{0,100}|(full |first |last |your |company )name( \(required\))?|e-?mail( address)?( \(required\))?|phone( number)?( \(required\))?)",
    ),
    p(
        "form-field",
        Edge,
        r"(name|website|comment|message|subject|company|required|password|username)",
    ),
    // ---- js-notice
    p(
        "js-notice",
        Any,
        r"((this (site|website|page|app) requires|you need to enable|please (turn on|enable)|enable) javascript.{0,220}|javascript (is )?(required|disabled|must be enabled).{0,160}|your browser (does not|doesn['’]t) support.{0,160}|(please )?(upgrade|update) your browser.{0,120}|you are using an (outdated|unsupported) browser.{0,120}|there was an error while loading.{0,80})",
    ),
    // ---- pagination
    p(
        "pagination",
        Any,
        r"(page \d+ of \d+|showing \d+ ?[-–] ?\d+ of \d+( results)?|(« |‹ )?(\d{1,3} ){2,}(next|…|\.\.\.|»|›).{0,20}|load more( posts| articles| stories)?|older posts|newer posts)",
    ),
    // ---- meta-label
    p(
        "meta-label",
        Edge,
        r"((\d{1,3}|a|an|one) (seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago|posted|published|updated|last updated|modified|date|tags?|topics?|categor(y|ies)|labels?|share|filed under|posted in|views?|\d+ (views|shares|likes|reads))",
    ),
    p(
        "meta-label",
        Any,
        r"((tags?|tagged( with)?|topics?|categor(y|ies)|filed under|posted in|labels?|schlagwörter|schlagworte|étiquettes|mots-clés|etiquetas|argomenti|тэги|теги|标签|タグ): .{1,200}|[\d.,]+[km]? (views|shares|likes|reads|reactions|claps|votes))",
    ),
    // ---- site-notice (site-wide banners and disclosures)
    p(
        "site-notice",
        Any,
        r"(an official website of the .{1,60}(government|state of .{1,30})|(a )?\.gov website belongs to an official government organization.{0,120}|secure \.gov websites use https.{0,200})",
    ),
    p(
        "site-notice",
        Edge,
        r"(here['’]s how you know|(please )?(reload|refresh) (this|the) page( to try again)?|uh oh|sorry,? something went wrong)",
    ),
    // ---- cta (shop and sign-up buttons)
    p(
        "cta",
        Any,
        r"((buy|shop|order|book|reserve|donate|apply|enroll|enrol|register|download|call|start|join) (it )?now|add to (cart|basket|bag|wishlist)|(check|see|view|compare) (the )?(latest )?(price|prices|pricing|deal|deals|offer|offers)( (at|on) [^ ]+( [^ ]+)?)?|(buy|shop) (it )?(at|on|from) [^ ]+( [^ ]+)?|view (the )?(deal|offer|product)|get (a |your |the )?(free )?(demo|quote|estimate|trial|consultation|started)( (now|today|for free))?|(start|begin|try) (your |a )?(free )?(trial|demo)( today| now)?|(request|book|schedule|get) (a |your )?(free )?(demo|call|consultation|quote|meeting)( today| now)?|(contact|talk to|speak (to|with)) (sales|an expert|our team|us)( today)?|try (it )?(for )?free( today| now)?|try [^ ]+ (for )?free|see (all )?(plans|pricing)|free shipping( on .{1,60})?|shop (all|the (collection|look|sale))|(jetzt )?kaufen|in den warenkorb|acheter( maintenant)?|ajouter au panier|comprar( ahora)?|añadir al carrito|acquista( ora)?|aggiungi al carrello|comprar agora|adicionar ao carrinho|купить|в корзину|立即购买|加入购物车|今すぐ購入|カートに入れる)",
    ),
    p(
        "cta",
        Edge,
        r"(get in touch|learn how|discover|book|buy|shop now|start now|play|play slideshow|watch now|watch video|listen now|try now|see review|read review)",
    ),
    // ---- feedback prompts
    p(
        "feedback",
        Any,
        r"((was|is|did you find) (this|the) (article|page|post|answer|information|guide|content)? ?(helpful|useful)|thanks for (your feedback|reading|the feedback)|rate this (article|post|page|recipe)|how (useful|helpful) was this (post|article|page).{0,20}|(click|tap) (on )?a star to rate it.{0,40})",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_the_table_is_listed() {
        for pat in PATS {
            assert!(
                super::super::RULES.iter().any(|r| r.id == pat.rule),
                "unlisted rule {}",
                pat.rule
            );
        }
    }
}
