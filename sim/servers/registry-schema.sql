-- registry-schema.sql: the municipal server's resident registry (issue 4). The server creates it
-- in an empty file before the seed (registry-seed.sql, the hand-written reference world) or the
-- generator (sim/registry/kiosk-sim-registry, any size from a seed) fills it.
-- Every person in any registry is invented. Dates are ISO 'YYYY-MM-DD' text, times 'HH:MM' and
-- 'YYYY-MM-DD HH:MM', all in Japan time; text compares as the dates do.
-- The version (SIM_REGISTRY_SCHEMA_VERSION): the server refuses a file of another one.
PRAGMA user_version = 2;

-- A municipality the server issues for. Its mayor signs (公印) what it issues.
CREATE TABLE municipality (
  code TEXT PRIMARY KEY,                      -- 6 digits (全国地方公共団体コード form)
  name TEXT NOT NULL,                         -- みどり市
  prefecture TEXT NOT NULL,                   -- みどり県
  mayor_title TEXT NOT NULL,                  -- みどり市長
  mayor_name TEXT NOT NULL,
  seal_text TEXT NOT NULL,                    -- the seal's words: みどり市長之印
  seal_png BLOB,                              -- the seal's image; NULL: drawn from seal_text
  prints_my_number INTEGER NOT NULL DEFAULT 0,    -- 1: a 住民票 may show the My Number
  refuses_protected_household INTEGER NOT NULL DEFAULT 1,
                                              -- 1: a household record showing a person under
                                              -- 支援措置 is refused, whoever asks
  max_copies INTEGER NOT NULL DEFAULT 10,     -- copies of one certificate per request
  opens TEXT NOT NULL DEFAULT '06:30',        -- terminal service hours ('24:00': to midnight)
  closes TEXT NOT NULL DEFAULT '23:00',
  closed_new_year INTEGER NOT NULL DEFAULT 1  -- 1: closed 29 Dec – 3 Jan (every real one is;
                                              -- the reference world's test towns are not, so
                                              -- that its tests pass on any day)
);

-- The six certificate types (names as printed in the catalogue).
CREATE TABLE certificate_type (
  type TEXT PRIMARY KEY,                      -- juminhyo kisai inkan zei koseki fuhyo
  name TEXT NOT NULL
);

-- The types a municipality offers at terminals.
CREATE TABLE offer (
  municipality TEXT NOT NULL REFERENCES municipality (code),
  type TEXT NOT NULL REFERENCES certificate_type (type),
  PRIMARY KEY (municipality, type)
);

-- Fees per copy; the one in effect on a day is the latest effective_from not after it.
CREATE TABLE fee (
  municipality TEXT NOT NULL REFERENCES municipality (code),
  type TEXT NOT NULL REFERENCES certificate_type (type),
  effective_from TEXT NOT NULL,
  yen INTEGER NOT NULL CHECK (yen >= 0),
  PRIMARY KEY (municipality, type, effective_from)
);

-- Announced maintenance windows: no issuance from starts_at until ends_at.
CREATE TABLE maintenance (
  municipality TEXT NOT NULL REFERENCES municipality (code),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  PRIMARY KEY (municipality, starts_at)
);

-- A household (世帯) at an address in a municipality.
CREATE TABLE household (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality (code),
  address TEXT NOT NULL,
  head_resident_id INTEGER                    -- 世帯主
);

-- A family register (戸籍), kept by its 本籍地, which need not be any resident's municipality
-- nor even one in this registry (then it is not issued here).
CREATE TABLE family_register (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL,                 -- 本籍地 (a code)
  domicile TEXT NOT NULL,                     -- 本籍: みどり県みどり市若葉町一丁目2番地
  head_family_name TEXT NOT NULL,             -- 筆頭者
  head_given_name TEXT NOT NULL,
  made_on TEXT NOT NULL,                      -- 編製日
  pending_filing INTEGER NOT NULL DEFAULT 0   -- 1: a filing (届出) received, not yet reflected
);

-- A person on the residence record (住民票) of a municipality.
CREATE TABLE resident (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality (code),   -- 住所地
  household_id INTEGER NOT NULL REFERENCES household (id),
  family_register_id INTEGER REFERENCES family_register (id),  -- NULL: no 戸籍 (外国人住民)
  card_serial TEXT UNIQUE,                    -- user-auth certificate serial, upper-case hex;
                                              -- NULL: no card
  family_name TEXT NOT NULL,                  -- may hold MJ characters and variation sequences
  given_name TEXT NOT NULL,
  family_kana TEXT NOT NULL,
  given_kana TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('男', '女')),
  relationship TEXT NOT NULL,                 -- 続柄 to the head: 世帯主, 妻, 子, 母, ...
  resident_since TEXT NOT NULL,               -- 住民となった年月日 (the day of moving in)
  previous_address TEXT,                      -- 前住所; NULL: born here
  my_number TEXT,                             -- 12 synthetic digits; printed only where allowed
  status TEXT NOT NULL DEFAULT 'resident'
    CHECK (status IN ('resident', 'moving-out', 'moved-out', 'deceased')),
  status_date TEXT,                           -- when the status took effect
  protected INTEGER NOT NULL DEFAULT 0        -- 1: under DV/stalking protection (支援措置)
);
CREATE INDEX resident_household ON resident (household_id);

-- The people of a family register, in order (the 筆頭者 first); resident_id links the one who
-- also has a residence record in this registry.
CREATE TABLE register_member (
  family_register_id INTEGER NOT NULL REFERENCES family_register (id),
  seq INTEGER NOT NULL,
  resident_id INTEGER REFERENCES resident (id),
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('男', '女')),
  father TEXT,                                -- 父 (full name), NULL: not recorded
  mother TEXT,
  relationship TEXT NOT NULL,                 -- 続柄 in the register: 長男, 二女, 夫, 妻
  events TEXT NOT NULL,                       -- 身分事項, one per line: 出生, 婚姻, ...
  removed INTEGER NOT NULL DEFAULT 0,         -- 1: 除籍 (left the register)
  PRIMARY KEY (family_register_id, seq)
);

-- The 戸籍の附票: where each member of a register has lived.
CREATE TABLE register_address (
  family_register_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,                       -- the member
  line INTEGER NOT NULL,                      -- oldest first
  address TEXT NOT NULL,
  since TEXT NOT NULL,                        -- 住所を定めた年月日
  PRIMARY KEY (family_register_id, seq, line),
  FOREIGN KEY (family_register_id, seq) REFERENCES register_member (family_register_id, seq)
);

-- A registered seal (印鑑登録).
CREATE TABLE seal_registration (
  resident_id INTEGER PRIMARY KEY REFERENCES resident (id),
  number TEXT NOT NULL,                       -- 登録番号
  registered_on TEXT NOT NULL,
  impression TEXT NOT NULL                    -- the characters the seal shows (印影)
);

-- Tax by fiscal year (年度, the Western year it starts in; it assesses the previous calendar
-- year's income and becomes available on 1 June of that year).
CREATE TABLE tax_record (
  resident_id INTEGER NOT NULL REFERENCES resident (id),
  fiscal_year INTEGER NOT NULL,
  salary_income INTEGER NOT NULL,             -- 給与収入
  total_income INTEGER NOT NULL,              -- 合計所得金額
  deductions INTEGER NOT NULL,                -- 所得控除額
  taxable_income INTEGER NOT NULL,            -- 課税標準額
  municipal_tax INTEGER NOT NULL,             -- 市町村民税
  prefectural_tax INTEGER NOT NULL,           -- 道府県民税
  PRIMARY KEY (resident_id, fiscal_year)
);

-- Use registration (利用登録) for issuing 戸籍 at terminals when the 本籍地 is not the 住所地:
-- effective from effective_on (it takes days after the application on applied_on).
CREATE TABLE use_registration (
  resident_id INTEGER NOT NULL REFERENCES resident (id),
  municipality TEXT NOT NULL,                 -- the 本籍地
  applied_on TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  PRIMARY KEY (resident_id, municipality)
);

INSERT INTO certificate_type VALUES
  ('juminhyo', '住民票の写し'),
  ('kisai', '住民票記載事項証明書'),
  ('inkan', '印鑑登録証明書'),
  ('zei', '所得・課税証明書'),
  ('koseki', '戸籍証明書'),
  ('fuhyo', '戸籍の附票の写し');
