//! Word lists for the claims analysis: number words, counted nouns, qualifiers, event cues.
//! All keys are normalised at start-up with the same normaliser as the text.

use crate::claims::actors::{ar_find, key};
use crate::text::normalize::normalize_str;
use crate::text::Lang;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: short string keys, no DoS concern (keys are our own word lists).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumWord {
    /// Units, teens, tens, fixed hundreds.
    Val(f64),
    /// "hundred", "dozen": multiplies the current group.
    Mult(f64),
    /// thousand, million, billion.
    Scale(f64),
    /// Vague quantity: lower bound and upper bound ("عشرات", "dozens", "несколько").
    Vague(f64, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    Person,
    Materiel,
    Time,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Counted {
    pub lemma: String,
    pub cat: Cat,
}

const AR_NUMS: &str = "واحد:1 واحدة:1 اثنان:2 اثنين:2 اثنتان:2 اثنتين:2 اثنا:2 اثنتا:2 ثلاث:3 ثلاثة:3 أربع:4 أربعة:4 \
خمس:5 خمسة:5 ست:6 ستة:6 سبع:7 سبعة:7 ثمان:8 ثماني:8 ثمانية:8 تسع:9 تسعة:9 عشر:10 عشرة:10 أحد:1 إحدى:1 \
عشرون:20 عشرين:20 ثلاثون:30 ثلاثين:30 أربعون:40 أربعين:40 خمسون:50 خمسين:50 ستون:60 ستين:60 سبعون:70 سبعين:70 \
ثمانون:80 ثمانين:80 تسعون:90 تسعين:90 مئتان:200 مئتين:200 مائتان:200 مائتين:200 مئة:H مائة:H \
ألف:K ألفا:K آلاف:K مليون:M مليونا:M ملايين:M مليار:B مليارات:B \
بضع:V3-9 بضعة:V3-9 عشرات:V20-99 مئات:V100-999 عدة:V3-9";

const EN_NUMS: &str = "one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 twelve:12 \
thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17 eighteen:18 nineteen:19 twenty:20 thirty:30 forty:40 \
fifty:50 sixty:60 seventy:70 eighty:80 ninety:90 hundred:H thousand:K million:M billion:B dozen:D \
dozens:V24-99 several:V3-9 few:V2-5 scores:V40-99 hundreds:V200-999 thousands:V2000-9999";

const RU_NUMS: &str = "один:1 одна:1 одно:1 одного:1 одной:1 одному:1 одним:1 два:2 две:2 двух:2 двум:2 двумя:2 \
три:3 трех:3 трем:3 тремя:3 четыре:4 четырех:4 четырем:4 четырьмя:4 пять:5 пяти:5 пятью:5 шесть:6 шести:6 \
семь:7 семи:7 восемь:8 восьми:8 девять:9 девяти:9 десять:10 десяти:10 одиннадцать:11 одиннадцати:11 \
двенадцать:12 двенадцати:12 тринадцать:13 тринадцати:13 четырнадцать:14 четырнадцати:14 пятнадцать:15 \
пятнадцати:15 шестнадцать:16 семнадцать:17 восемнадцать:18 девятнадцать:19 двадцать:20 двадцати:20 \
тридцать:30 тридцати:30 сорок:40 сорока:40 пятьдесят:50 пятидесяти:50 шестьдесят:60 шестидесяти:60 \
семьдесят:70 семидесяти:70 восемьдесят:80 восьмидесяти:80 девяносто:90 девяноста:90 сто:100 ста:100 \
двести:200 двухсот:200 триста:300 трехсот:300 четыреста:400 пятьсот:500 тысяча:K тысячи:K тысяч:K тыс:K \
миллион:M миллиона:M миллионов:M млн:M миллиард:B миллиарда:B миллиардов:B млрд:B \
двое:2 двоих:2 трое:3 троих:3 четверо:4 четверых:4 пятеро:5 пятерых:5 шестеро:6 семеро:7 десятеро:10 \
несколько:V3-9 нескольких:V3-9 десятки:V20-99 десятков:V20-99 сотни:V200-999 сотен:V200-999";

const TR_NUMS: &str = "iki:2 üç:3 dört:4 beş:5 altı:6 yedi:7 sekiz:8 dokuz:9 on:10 yirmi:20 otuz:30 kırk:40 \
elli:50 altmış:60 yetmiş:70 seksen:80 doksan:90 yüz:H bin:K milyon:M milyar:B birkaç:V3-9 onlarca:V20-99 \
yüzlerce:V200-999 binlerce:V2000-9999 düzinelerce:V24-99";

const AR_COUNTED: &str = "جندي|p|d|جنود جنديا
مشاة|p||مشاة
طيار|p|d|طيارين طيارا
عسكري|p||عسكريين عسكريون عسكريا
قتيل|p|d|قتلى قتيلا
جريح|p|d|جرحى جريحا
مصاب|p||مصابين مصابا مصابون
عنصر|p|d|عناصر عنصرا
مسلح|p||مسلحين مسلحا مسلحون
مقاتل|p||مقاتلين مقاتلا مقاتلون
إرهابي|p||إرهابيين إرهابيا
ضابط|p|d|ضباط ضابطا
بحار|p||بحارة بحارا
مدني|p||مدنيين مدنيا مدنيون
شخص|p|d|أشخاص شخصا
لاجئ|p||لاجئين لاجئا
طفل|p|d|أطفال طفلا
شهيد|p|d|شهداء شهيدا
دبابة|m|d|دبابات
مدفع|m|d|مدافع مدفعا
مدرعة|m|d|مدرعات
عربة|m|d|عربات
آلية|m|d|آليات
مضاد|m|d|مضادات
طائرة|m|d|طائرات
مسيرة|m|d|مسيرات
صاروخ|m|d|صواريخ صاروخا
راجمة|m|d|راجمات
هدف|m|d|أهداف هدفا
موقع|m|d|مواقع موقعا
قذيفة|m|d|قذائف
سفينة|m|d|سفن
بارجة|m|d|بوارج
زورق|m|d|زوارق
نقطة|o|d|نقاط
قاعدة|o|d|قواعد
اعتداء|o||اعتداءات
هجوم|o|d|هجمات هجوما
غارة|o|d|غارات
دولة|o|d|دول
ساعة|t|d|ساعات
دقيقة|t|d|دقائق
يوم|t|d|أيام يوما
أسبوع|t|d|أسابيع أسبوعا
شهر|t|d|أشهر شهور شهرا
عام|t|d|أعوام عاما
سنة|t|d|سنوات سنين
دولار|o|d|دولارات دولارا
طن|o|d|أطنان طنا";

const RU_COUNTED: &str = "военный|p||военный военных военные военного военным
пехотинец|p||пехотинец пехотинца пехотинцев пехотинцы морпех морпеха морпехов
летчик|p||летчик летчика летчиков лётчик лётчика пилот пилота пилотов
моряк|p||моряк моряка моряков моряки
военнослужащий|p||военнослужащий военнослужащих военнослужащие
солдат|p||солдат солдата солдаты
человек|p||человек человека людей
боевик|p||боевик боевиков боевика
террорист|p||террористов террориста
житель|p||жителей жителя
погибший|p||погибших погибший
раненый|p||раненых раненый
танк|m||танк танков танка
бронемашина|m||бронемашин бронемашины
единица|m||единиц
орудие|m||орудий орудия
беспилотник|m||беспилотников беспилотника
цель|m||целей цели
корабль|m||корабль корабля кораблей корабли судно судна судов
объект|m||объектов объекта
час|t||час часа часов
день|t||день дня дней суток
неделя|t||недели недель
месяц|t||месяца месяцев
год|t||года лет
страна|o||стран страны
процент|o||процента процентов
атака|o||атак атаки
тонна|o||тонн тонны тонну
доллар|o||долларов доллара";

const TR_COUNTED: &str = "asker|p||asker askeri askerimiz askerler mehmetçik
piyade|p||piyade piyadesi
pilot|p||pilot pilotu
denizci|p||denizci denizciler denizciyi denizciden
şehit|p||şehit şehidimiz şehitler
yaralı|p||yaralı
kişi|p||kişi
sivil|p||sivil
terörist|p||terörist teröristi teröristin teröristler teröristlerin
militan|p||militan militanı militanlar militanların
unsur|p||unsur
tank|m||tank
araç|m||araç aracı
top|m||top
hedef|m||hedef
gemi|m||gemi gemisi gemiler gemileri
saat|t||saat
gün|t||gün
hafta|t||hafta
ay|t||ay
yıl|t||yıl
ülke|o||ülke
saldırı|o||saldırı
ton|o||ton tonluk
dolar|o||dolar dolarlık";

const EN_COUNTED: &str = "soldier|p||soldier soldiers
marine|p||marine marines
pilot|p||pilot pilots
sailor|p||sailor sailors seaman seamen
troop|p||troops
serviceman|p||serviceman servicemen
person|p||people person persons
civilian|p||civilians civilian
militant|p||militants militant
fighter|p||fighters
rebel|p||rebels
terrorist|p||terrorists
casualty|p||casualties
dead|p||dead
tank|m||tanks tank
vehicle|m||vehicles vehicle
target|m||targets target
drone|m||drones
ship|m||ship ships vessel vessels warship warships boat boats
position|m||positions
hour|t||hours hour
day|t||days day
week|t||weeks week
month|t||months month
year|t||years year
country|o||countries
attack|o||attacks
percent|o||percent
dollar|o||dollars
tonne|o||tonnes tons tonne ton";

pub(crate) struct Lexicon {
    nums: HashMap<Lang, FastMap<String, NumWord>>,
    counted: HashMap<Lang, FastMap<String, Counted>>,
    /// Arabic dual forms → counted.
    duals: FastMap<String, Counted>,
}

fn parse_num(v: &str) -> NumWord {
    match v {
        "H" => NumWord::Mult(100.0),
        "D" => NumWord::Mult(12.0),
        "K" => NumWord::Scale(1e3),
        "M" => NumWord::Scale(1e6),
        "B" => NumWord::Scale(1e9),
        _ if v.starts_with('V') => {
            let (a, b) = v[1..].split_once('-').unwrap();
            NumWord::Vague(a.parse().unwrap(), b.parse().unwrap())
        }
        _ => NumWord::Val(v.parse().unwrap()),
    }
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut nums: HashMap<Lang, FastMap<String, NumWord>> = HashMap::new();
        for (lang, list) in [(Lang::Ar, AR_NUMS), (Lang::En, EN_NUMS), (Lang::Ru, RU_NUMS), (Lang::Tr, TR_NUMS)] {
            for item in list.split_whitespace() {
                let (w, v) = item.split_once(':').unwrap();
                nums.entry(lang).or_default().insert(normalize_str(w, lang), parse_num(v));
            }
        }
        // Arabic compound hundreds.
        for (u, v) in [("ثلاث", 3.0), ("أربع", 4.0), ("خمس", 5.0), ("ست", 6.0), ("سبع", 7.0), ("ثمان", 8.0), ("تسع", 9.0)] {
            for h in ["مئة", "مائة"] {
                nums.entry(Lang::Ar).or_default().insert(normalize_str(&format!("{u}{h}"), Lang::Ar), NumWord::Val(v * 100.0));
            }
        }
        let mut counted: HashMap<Lang, FastMap<String, Counted>> = HashMap::new();
        let mut duals = FastMap::default();
        for (lang, list) in [(Lang::Ar, AR_COUNTED), (Lang::Ru, RU_COUNTED), (Lang::Tr, TR_COUNTED), (Lang::En, EN_COUNTED)] {
            for line in list.lines() {
                let mut parts = line.split('|');
                let lemma = normalize_str(parts.next().unwrap(), lang);
                let cat = match parts.next().unwrap() {
                    "p" => Cat::Person,
                    "m" => Cat::Materiel,
                    "t" => Cat::Time,
                    _ => Cat::Other,
                };
                let dual = parts.next().unwrap() == "d";
                let c = Counted { lemma: lemma.clone(), cat };
                let forms = parts.next().unwrap_or("");
                for f in std::iter::once(lemma.as_str()).chain(forms.split_whitespace()) {
                    let f = normalize_str(f, lang);
                    counted.entry(lang).or_default().insert(key(&f, lang), c.clone());
                }
                if lang == Lang::Ar && dual {
                    let stem = lemma.strip_suffix('ه');
                    let forms: Vec<String> = match stem {
                        Some(s) => ["تين", "تان", "تي", "تا"].iter().map(|e| format!("{s}{e}")).collect(),
                        None => ["ين", "ان"].iter().map(|e| format!("{lemma}{e}")).collect(),
                    };
                    for f in forms {
                        duals.insert(f, c.clone());
                    }
                }
            }
        }
        Lexicon { nums, counted, duals }
    })
}

impl Lexicon {
    pub fn num_word(&self, norm: &str, lang: Lang) -> Option<NumWord> {
        let m = self.nums.get(&lang)?;
        if lang == Lang::Ar {
            ar_find(norm, |v| m.get(v).copied())
        } else {
            m.get(norm).copied()
        }
    }

    /// Counted noun for a normalised word.
    pub fn counted(&self, norm: &str, lang: Lang) -> Option<&Counted> {
        let m = self.counted.get(&lang)?;
        if lang == Lang::Ar {
            ar_find(norm, |v| m.get(v).or_else(|| v.strip_prefix("ال").filter(|r| r.chars().nth(1).is_some()).and_then(|r| m.get(r))))
        } else {
            m.get(key(norm, lang).as_str())
        }
    }

    /// Arabic dual of a counted noun ("مدرعتين", "جنديين", "عربتي").
    pub fn dual(&self, norm: &str) -> Option<&Counted> {
        ar_find(norm, |v| self.duals.get(v.strip_prefix("ال").unwrap_or(v)))
    }
}

/// Counted nouns of the four languages that name one thing, so that "33 جنديا", "33 военных",
/// "33 asker" and "33 soldiers" are compared as the same count. (concept, lemmas per language).
const CONCEPTS: &[(&str, &str)] = &[
    ("soldier", "جندي عسكري ضابط مشاة военный военнослужащий солдат пехотинец asker piyade soldier troop serviceman marine"),
    ("pilot", "طيار летчик pilot"),
    // The crews of seized ships: sailors, not soldiers in general.
    ("sailor", "بحار моряк denizci sailor"),
    ("dead", "قتيل شهيد погибший şehit dead casualty"),
    ("wounded", "جريح مصاب раненый yaralı"),
    ("civilian", "مدني житель sivil civilian"),
    // "Terrorists neutralised" (the Turkish and Russian ministries' word) and "militants" count
    // the same people; the loaded naming is the framing lexicon's business, not the count's.
    ("militant", "مسلح مقاتل عنصر إرهابي боевик террорист militan unsur terörist militant fighter rebel terrorist"),
    ("person", "شخص человек kişi person"),
    ("tank", "دبابة танк tank"),
    ("vehicle", "عربة آلية مدرعة бронемашина единица araç vehicle"),
    ("drone", "مسيرة беспилотник drone"),
    // Ships and boats: "three warships" = "три военных корабля" = "üç savaş gemisi" = "ثلاث سفن".
    ("ship", "سفينة بارجة زورق корабль gemi ship"),
    ("target", "هدف цель объект hedef target"),
    ("position", "موقع نقطة position"),
    ("attack", "هجوم اعتداء غارة атака saldırı attack"),
    ("country", "دولة страна ülke country"),
    // Tonnes and dollars: what a deal moved or cost. (Kilometres are left out: a withdrawal's 30 km
    // and a patrol's 10 km are two measures, not one count told two ways.)
    ("tonne", "طن тонна ton tonne"),
    ("dollar", "دولار доллар dolar dollar"),
];

/// The language-independent concept of a counted noun's lemma (as [`Counted::lemma`] holds it).
pub fn concept(lemma: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for &(concept, lemmas) in CONCEPTS {
            for l in lemmas.split_whitespace() {
                let lang = if l.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                    Lang::Ar
                } else if l.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
                    Lang::Ru
                } else if l.chars().any(|c| "çğışöü".contains(c)) || ["asker", "kişi", "sivil", "militan", "unsur", "tank", "hedef"].contains(&l) {
                    Lang::Tr
                } else {
                    Lang::En
                };
                m.insert(normalize_str(l, lang), concept);
            }
        }
        m
    });
    map.get(lemma).copied()
}
