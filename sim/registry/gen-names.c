/* gen-names.c: the name tables. Surname weights follow the order of how common the names are in
 * Japan (roughly per 10,000 people); given names are those popular in each period. */
#include "sim/registry/gen-names.h"

typedef struct {
  GenName name;
  guint weight;
} GenWeightedName;

static const GenWeightedName surnames[] = {
  { { "佐藤", "さとう" }, 150 },     { { "鈴木", "すずき" }, 140 },     { { "高橋", "たかはし" }, 110 },
  { { "田中", "たなか" }, 105 },     { { "伊藤", "いとう" }, 92 },      { { "渡辺", "わたなべ" }, 90 },
  { { "山本", "やまもと" }, 89 },    { { "中村", "なかむら" }, 86 },    { { "小林", "こばやし" }, 82 },
  { { "加藤", "かとう" }, 72 },      { { "吉田", "よしだ" }, 66 },      { { "山田", "やまだ" }, 65 },
  { { "佐々木", "ささき" }, 55 },    { { "山口", "やまぐち" }, 51 },    { { "松本", "まつもと" }, 50 },
  { { "井上", "いのうえ" }, 48 },    { { "木村", "きむら" }, 46 },      { { "林", "はやし" }, 42 },
  { { "斎藤", "さいとう" }, 42 },    { { "清水", "しみず" }, 40 },      { { "山崎", "やまざき" }, 36 },
  { { "森", "もり" }, 36 },          { { "池田", "いけだ" }, 34 },      { { "橋本", "はしもと" }, 34 },
  { { "阿部", "あべ" }, 34 },        { { "石川", "いしかわ" }, 33 },    { { "山下", "やました" }, 32 },
  { { "中島", "なかじま" }, 31 },    { { "石井", "いしい" }, 30 },      { { "小川", "おがわ" }, 30 },
  { { "前田", "まえだ" }, 30 },      { { "岡田", "おかだ" }, 30 },      { { "長谷川", "はせがわ" }, 29 },
  { { "藤田", "ふじた" }, 29 },      { { "後藤", "ごとう" }, 29 },      { { "近藤", "こんどう" }, 28 },
  { { "村上", "むらかみ" }, 27 },    { { "遠藤", "えんどう" }, 26 },    { { "青木", "あおき" }, 26 },
  { { "坂本", "さかもと" }, 26 },    { { "斉藤", "さいとう" }, 25 },    { { "福田", "ふくだ" }, 25 },
  { { "太田", "おおた" }, 25 },      { { "西村", "にしむら" }, 24 },    { { "藤井", "ふじい" }, 24 },
  { { "金子", "かねこ" }, 24 },      { { "岡本", "おかもと" }, 24 },    { { "藤原", "ふじわら" }, 24 },
  { { "中野", "なかの" }, 23 },      { { "三浦", "みうら" }, 23 },      { { "原田", "はらだ" }, 23 },
  { { "中川", "なかがわ" }, 23 },    { { "松田", "まつだ" }, 23 },      { { "竹内", "たけうち" }, 22 },
  { { "小野", "おの" }, 22 },        { { "田村", "たむら" }, 22 },      { { "中山", "なかやま" }, 22 },
  { { "和田", "わだ" }, 21 },        { { "石田", "いしだ" }, 21 },      { { "森田", "もりた" }, 21 },
  { { "上田", "うえだ" }, 21 },      { { "原", "はら" }, 21 },          { { "内田", "うちだ" }, 20 },
  { { "柴田", "しばた" }, 20 },      { { "酒井", "さかい" }, 20 },      { { "宮崎", "みやざき" }, 20 },
  { { "横山", "よこやま" }, 20 },    { { "高木", "たかぎ" }, 20 },      { { "安藤", "あんどう" }, 19 },
  { { "宮本", "みやもと" }, 19 },    { { "大野", "おおの" }, 19 },      { { "小島", "こじま" }, 19 },
  { { "谷口", "たにぐち" }, 18 },    { { "今井", "いまい" }, 18 },      { { "工藤", "くどう" }, 18 },
  { { "高田", "たかだ" }, 18 },      { { "増田", "ますだ" }, 18 },      { { "丸山", "まるやま" }, 18 },
  { { "杉山", "すぎやま" }, 18 },    { { "村田", "むらた" }, 18 },      { { "大塚", "おおつか" }, 17 },
  { { "新井", "あらい" }, 17 },      { { "小山", "こやま" }, 17 },      { { "平野", "ひらの" }, 17 },
  { { "藤本", "ふじもと" }, 17 },    { { "河野", "こうの" }, 17 },      { { "上野", "うえの" }, 17 },
  { { "野口", "のぐち" }, 17 },      { { "武田", "たけだ" }, 16 },      { { "松井", "まつい" }, 16 },
};

/* A surname of the 外字 list: @before and @after around one character, which is @base, or @base
 * followed by a variation selector between @vs_first and @vs_last (0: none). Every sequence was
 * checked against the format 14 cmap of ipamjm.ttf. */
typedef struct {
  const char *before;
  gunichar base;
  guint vs_first;
  guint vs_last;
  const char *after;
  const char *kana;
} GenGaiji;

static const GenGaiji gaiji_surnames[] = {
  { "", 0x8FBB, 0xE0102, 0xE0103, "", "つじ" },           /* 辻 */
  { "", 0x8FBB, 0xE0102, 0xE0103, "本", "つじもと" },     /* 辻本 */
  { "渡", 0x9089, 0xE010F, 0xE011D, "", "わたなべ" },     /* 渡邉 */
  { "渡", 0x908A, 0xE0108, 0xE0112, "", "わたなべ" },     /* 渡邊 */
  { "", 0x845B, 0xE0102, 0xE0108, "西", "かさい" },       /* 葛西 */
  { "", 0x845B, 0xE0102, 0xE0108, "城", "かつらぎ" },     /* 葛城 */
  { "", 0x9F4B, 0xE0102, 0xE0106, "藤", "さいとう" },     /* 齋藤 */
  { "", 0x6FF5, 0xE0101, 0xE0102, "田", "はまだ" },       /* 濵田 */
  { "", 0x6FA4, 0xE0101, 0xE0103, "田", "さわだ" },       /* 澤田 */
  { "野", 0x6FA4, 0xE0101, 0xE0103, "", "のざわ" },       /* 野澤 */
  { "渡", 0x8FBA, 0xE0101, 0xE0102, "", "わたなべ" },     /* 渡辺 */
  { "", 0x20BB7, 0, 0, "田", "よしだ" },                  /* 𠮷田 */
  { "山", 0xFA11, 0, 0, "", "やまざき" },                 /* 山﨑 */
  { "", 0x9AD9, 0, 0, "橋", "たかはし" },                 /* 髙橋 */
  { "", 0x5FB7, 0, 0, "永", "とくなが" },                 /* 德永 */
  { "", 0x6852, 0, 0, "原", "くわばら" },                 /* 桒原 */
};

/* Given names by the year their bearers were born in (up to and including @until). */
typedef struct {
  int until;
  GenName male[9];
  GenName female[9];
} GenGivenPeriod;

static const GenGivenPeriod given_periods[] = {
  { 1939,
    { { "清", "きよし" }, { "実", "みのる" }, { "勇", "いさむ" }, { "進", "すすむ" }, { "茂", "しげる" },
      { "正", "ただし" }, { "博", "ひろし" }, { "三郎", "さぶろう" }, { "武", "たけし" } },
    { { "和子", "かずこ" }, { "幸子", "さちこ" }, { "節子", "せつこ" }, { "文子", "ふみこ" }, { "久子", "ひさこ" },
      { "ハル", "はる" }, { "キヨ", "きよ" }, { "千代", "ちよ" }, { "静子", "しずこ" } } },
  { 1954,
    { { "隆", "たかし" }, { "明", "あきら" }, { "修", "おさむ" }, { "勝", "まさる" }, { "昭", "あきら" },
      { "和夫", "かずお" }, { "健一", "けんいち" }, { "誠", "まこと" }, { "豊", "ゆたか" } },
    { { "恵子", "けいこ" }, { "京子", "きょうこ" }, { "洋子", "ようこ" }, { "美智子", "みちこ" }, { "悦子", "えつこ" },
      { "良子", "よしこ" }, { "信子", "のぶこ" }, { "久美子", "くみこ" }, { "和子", "かずこ" } } },
  { 1969,
    { { "浩", "ひろし" }, { "聡", "さとし" }, { "博之", "ひろゆき" }, { "健二", "けんじ" }, { "秀樹", "ひでき" },
      { "哲也", "てつや" }, { "浩二", "こうじ" }, { "和彦", "かずひこ" }, { "誠", "まこと" } },
    { { "由美子", "ゆみこ" }, { "真由美", "まゆみ" }, { "明美", "あけみ" }, { "裕子", "ゆうこ" }, { "直美", "なおみ" },
      { "恵美子", "えみこ" }, { "陽子", "ようこ" }, { "智子", "ともこ" }, { "典子", "のりこ" } } },
  { 1984,
    { { "大輔", "だいすけ" }, { "健太郎", "けんたろう" }, { "拓也", "たくや" }, { "直樹", "なおき" }, { "和也", "かずや" },
      { "剛", "つよし" }, { "達也", "たつや" }, { "雅之", "まさゆき" }, { "学", "まなぶ" } },
    { { "恵", "めぐみ" }, { "香織", "かおり" }, { "直子", "なおこ" }, { "美穂", "みほ" }, { "愛", "あい" },
      { "久美子", "くみこ" }, { "智子", "ともこ" }, { "裕子", "ゆうこ" }, { "陽子", "ようこ" } } },
  { 1999,
    { { "翔太", "しょうた" }, { "大樹", "だいき" }, { "拓哉", "たくや" }, { "健太", "けんた" }, { "翔", "しょう" },
      { "大輝", "だいき" }, { "亮", "りょう" }, { "雄太", "ゆうた" }, { "達也", "たつや" } },
    { { "美咲", "みさき" }, { "彩", "あや" }, { "沙織", "さおり" }, { "麻衣", "まい" }, { "葵", "あおい" },
      { "舞", "まい" }, { "萌", "もえ" }, { "優子", "ゆうこ" }, { "愛", "あい" } } },
  { 2014,
    { { "大翔", "ひろと" }, { "蓮", "れん" }, { "颯太", "そうた" }, { "悠斗", "ゆうと" }, { "陽斗", "はると" },
      { "拓海", "たくみ" }, { "悠真", "ゆうま" }, { "陸", "りく" }, { "翔太", "しょうた" } },
    { { "さくら", "さくら" }, { "陽菜", "ひな" }, { "美羽", "みう" }, { "結衣", "ゆい" }, { "七海", "ななみ" },
      { "美月", "みづき" }, { "凛", "りん" }, { "愛菜", "まな" }, { "葵", "あおい" } } },
  { G_MAXINT,
    { { "蒼", "あお" }, { "湊", "みなと" }, { "陽翔", "はると" }, { "樹", "いつき" }, { "碧", "あお" },
      { "律", "りつ" }, { "朝陽", "あさひ" }, { "暖", "だん" }, { "蓮", "れん" } },
    { { "陽葵", "ひまり" }, { "紬", "つむぎ" }, { "芽依", "めい" }, { "結菜", "ゆいな" }, { "澪", "みお" },
      { "杏", "あん" }, { "莉子", "りこ" }, { "咲良", "さくら" }, { "凛", "りん" } } },
};

static const GenName foreign_families[] = {
  { "シルバ", "しるば" },   { "グエン", "ぐえん" }, { "キム", "きむ" },       { "ワン", "わん" },
  { "リー", "りー" },       { "スミス", "すみす" }, { "ガルシア", "がるしあ" }, { "サントス", "さんとす" },
  { "ペレイラ", "ぺれいら" }, { "チャン", "ちゃん" }, { "パク", "ぱく" },       { "ロペス", "ろぺす" },
};

static const GenName foreign_male[] = {
  { "ジョン", "じょん" }, { "ミン", "みん" },     { "ルイス", "るいす" }, { "カルロス", "かるろす" },
  { "トム", "とむ" },     { "ジュン", "じゅん" }, { "バン", "ばん" },     { "ホセ", "ほせ" },
};

static const GenName foreign_female[] = {
  { "マリア", "まりあ" }, { "アン", "あん" }, { "リン", "りん" }, { "アナ", "あな" },
  { "ソフィア", "そふぃあ" }, { "メイ", "めい" }, { "エマ", "えま" }, { "ラン", "らん" },
};

/* Each pair is longer than SIM_DOCUMENT_MAX_NAME (24) characters, and so is its reading. */
static const GenName foreign_long[][2] = {
  { { "ロドリゲスゴンサレス", "ろどりげすごんされす" },
    { "マリアフェルナンダアレハンドラ", "まりあふぇるなんだあれはんどら" } },
  { { "デオリヴェイラサントス", "でおりゔぇいらさんとす" },
    { "アナカロリーナベアトリス", "あなかろりーなべあとりす" } },
  { { "ヴァンデルヴェルデン", "ゔぁんでるゔぇるでん" },
    { "アレクサンドルフリードリヒ", "あれくさんどるふりーどりひ" } },
};

static const char *const prefecture_stems[] = {
  "あおば", "しらかわ", "みなと", "ひかり", "かすみ", "つばさ",
  "はるかぜ", "こもれび", "いずみ", "ゆうなぎ", "あさひ", "ほたる",
};

static const char *const municipality_heads[] = {
  "桜", "若葉", "青葉", "緑", "東", "西", "南", "北", "新", "大", "中", "上",
  "高", "松", "竹", "梅", "杉", "白", "朝日", "星", "月", "花", "春", "秋",
};

static const char *const municipality_tails[] = {
  "川", "山", "野", "原", "田", "沢", "浜", "崎", "岡", "島",
  "台", "谷", "里", "瀬", "森", "丘", "井", "宮", "坂", "平",
};

/* Places outside any registry the generator makes: 本籍地 not issued here, birthplaces, former
 * addresses. Their codes are 9990NN. */
static const char *const outside_places[][2] = {
  { "はるか県", "ゆめの市" },   { "かなた県", "ほしの市" },   { "そよかぜ県", "つきみ町" },
  { "はるか県", "うみべ町" },   { "かなた県", "みずほ村" },   { "そよかぜ県", "そよかぜ市" },
  { "なぎさ県", "なぎさ市" },   { "なぎさ県", "しおさい町" },
};

typedef struct {
  const char *name;
  gboolean chome;
} GenTown;

static const GenTown towns[] = {
  { "若葉町", TRUE },  { "桜台", TRUE },    { "青葉町", FALSE }, { "本町", TRUE },    { "栄町", TRUE },
  { "緑ケ丘", TRUE },  { "旭町", TRUE },    { "東町", FALSE },   { "西町", FALSE },   { "南町", TRUE },
  { "北町", TRUE },    { "中央", TRUE },    { "幸町", TRUE },    { "朝日町", FALSE }, { "松原", TRUE },
  { "竹の内", FALSE }, { "新町", TRUE },    { "大手町", TRUE },  { "泉町", TRUE },    { "柳町", FALSE },
  { "錦町", TRUE },    { "宮前", TRUE },    { "富士見町", TRUE }, { "日の出町", TRUE }, { "光が丘", TRUE },
  { "花園", TRUE },    { "寿町", FALSE },   { "春日町", TRUE },  { "美原", FALSE },   { "港町", TRUE },
  { "城南", TRUE },    { "田園", FALSE },   { "山手", TRUE },    { "元町", TRUE },    { "清水町", FALSE },
  { "東雲", TRUE },    { "白山", TRUE },    { "三崎町", FALSE }, { "住吉町", TRUE },  { "曙町", TRUE },
};

static const char *const buildings[] = {
  "さくらハイツ", "メゾン若葉", "コーポ青葉",  "グリーンヒルズ", "サンハイム",   "パークハイツ",
  "第二松原荘",   "レジデンス栄", "シティハウス中央", "リバーサイド東", "ハイツ朝日", "ヴィラ緑ケ丘",
  "ひまわり荘",   "フォレスト泉", "プラザ元町",  "エスポワール",  "アーバン白山", "ソレイユ港",
};

/* Each at least 44 characters: even after the shortest address, with a room number, past the
 * forms' 64. */
static const char *const long_buildings[] = {
  "グランドメゾン中央ステーションフロントタワーイーストウイングレジデンス棟サウスコート三番館",
  "ガーデンテラス若葉町ヒルサイドパークレジデンスノースコート管理棟東側エントランス棟二号館",
  "リバーサイドパレス港町ベイフロントスカイタワーウエストアネックスシーサイドテラス東棟一番館",
};

static const char *const kanji_digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

/* Walks the weights. */
const GenName *
gen_names_surname (GenRng *rng)
{
  static guint total;
  guint pick;

  if (total == 0)
    for (gsize i = 0; i < G_N_ELEMENTS (surnames); i++)
      total += surnames[i].weight;
  pick = gen_rng_below (rng, total);
  for (gsize i = 0; i < G_N_ELEMENTS (surnames); i++)
    {
      if (pick < surnames[i].weight)
        return &surnames[i].name;
      pick -= surnames[i].weight;
    }
  return &surnames[0].name;
}

/* One entry of the 外字 list, with one of its variation selectors. */
GenName
gen_names_gaiji_surname (GenRng *rng, GStringChunk *strings)
{
  const GenGaiji *entry = &gaiji_surnames[gen_rng_below (rng, G_N_ELEMENTS (gaiji_surnames))];
  g_autoptr (GString) text = g_string_new (entry->before);

  g_string_append_unichar (text, entry->base);
  if (entry->vs_first != 0)
    g_string_append_unichar (text, (gunichar) gen_rng_range (rng, (int) entry->vs_first, (int) entry->vs_last));
  g_string_append (text, entry->after);
  return (GenName) { g_string_chunk_insert_const (strings, text->str), entry->kana };
}

/* The period of @birth_year, then a name of it. */
const GenName *
gen_names_given (GenRng *rng, GenSex sex, int birth_year)
{
  gsize i = 0;

  while (i + 1 < G_N_ELEMENTS (given_periods) && birth_year > given_periods[i].until)
    i++;
  if (sex == GEN_MALE)
    return &given_periods[i].male[gen_rng_below (rng, G_N_ELEMENTS (given_periods[i].male))];
  return &given_periods[i].female[gen_rng_below (rng, G_N_ELEMENTS (given_periods[i].female))];
}

/* A family name of the foreign residents' list. */
const GenName *
gen_names_foreign_family (GenRng *rng)
{
  return &foreign_families[gen_rng_below (rng, G_N_ELEMENTS (foreign_families))];
}

/* A given name of the foreign residents' list. */
const GenName *
gen_names_foreign_given (GenRng *rng, GenSex sex)
{
  if (sex == GEN_MALE)
    return &foreign_male[gen_rng_below (rng, G_N_ELEMENTS (foreign_male))];
  return &foreign_female[gen_rng_below (rng, G_N_ELEMENTS (foreign_female))];
}

/* One of the long pairs. */
void
gen_names_foreign_long (GenRng *rng, GenName *family, GenName *given)
{
  guint i = gen_rng_below (rng, G_N_ELEMENTS (foreign_long));

  *family = foreign_long[i][0];
  *given = foreign_long[i][1];
}

/* How many prefecture stems there are. */
guint
gen_names_n_prefectures (void)
{
  return G_N_ELEMENTS (prefecture_stems);
}

/* Prefecture stem @index. */
const char *
gen_names_prefecture_stem (guint index)
{
  return prefecture_stems[index % G_N_ELEMENTS (prefecture_stems)];
}

/* Heads times tails. */
guint
gen_names_n_municipality_stems (void)
{
  return G_N_ELEMENTS (municipality_heads) * G_N_ELEMENTS (municipality_tails);
}

/* Head and tail of stem @index. */
char *
gen_names_municipality_stem (guint index)
{
  guint n_tails = G_N_ELEMENTS (municipality_tails);

  return g_strconcat (municipality_heads[(index / n_tails) % G_N_ELEMENTS (municipality_heads)],
                      municipality_tails[index % n_tails], NULL);
}

/* How many outside places there are. */
guint
gen_names_n_outside (void)
{
  return G_N_ELEMENTS (outside_places);
}

/* Outside place @index. */
void
gen_names_outside (guint index, const char **prefecture, const char **name)
{
  *prefecture = outside_places[index][0];
  *name = outside_places[index][1];
}

/* A town of the list. */
const char *
gen_names_town (GenRng *rng, gboolean *has_chome)
{
  const GenTown *town = &towns[gen_rng_below (rng, G_N_ELEMENTS (towns))];

  *has_chome = town->chome;
  return town->name;
}

/* The kanji numeral. */
const char *
gen_names_kanji_digit (int n)
{
  return kanji_digits[CLAMP (n, 0, 9)];
}

/* A building of the list. */
const char *
gen_names_building (GenRng *rng)
{
  return buildings[gen_rng_below (rng, G_N_ELEMENTS (buildings))];
}

/* A long building of the list. */
const char *
gen_names_long_building (GenRng *rng)
{
  return long_buildings[gen_rng_below (rng, G_N_ELEMENTS (long_buildings))];
}

/* U+E000 plus up to 0xFF. */
gunichar
gen_names_pua (GenRng *rng)
{
  return 0xE000 + gen_rng_below (rng, 0x100);
}
