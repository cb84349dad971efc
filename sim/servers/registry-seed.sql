-- registry-seed.sql: the fictional municipality of the reference world (みどり市, code 999999).
-- Every person here is invented. Residents are keyed by the serial of their card's
-- user-authentication certificate as sim/pki/make-pki issues them (upper-case hex).
-- Dates are stored as numbers (year, month, day) so nothing has to parse them.

CREATE TABLE municipality (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  prefecture TEXT NOT NULL,
  mayor_title TEXT NOT NULL,
  mayor_name TEXT NOT NULL
);

CREATE TABLE certificate_type (
  type TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  fee INTEGER NOT NULL
);

CREATE TABLE household (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  head_resident_id INTEGER
);

CREATE TABLE resident (
  id INTEGER PRIMARY KEY,
  card_serial TEXT UNIQUE,              -- NULL: a member without a card
  household_id INTEGER NOT NULL REFERENCES household (id),
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_kana TEXT NOT NULL,
  given_kana TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  birth_month INTEGER NOT NULL,
  birth_day INTEGER NOT NULL,
  sex TEXT NOT NULL,                    -- as printed: 男 / 女
  relationship TEXT NOT NULL,           -- 続柄 to the head: 世帯主, 妻, 子, ...
  moved_in_year INTEGER NOT NULL,       -- 住民となった年月日
  moved_in_month INTEGER NOT NULL,
  moved_in_day INTEGER NOT NULL,
  refusal TEXT                          -- non-NULL: refused at terminals with this reason
);

INSERT INTO municipality VALUES ('999999', 'みどり市', 'みどり県', 'みどり市長', '緑川 一郎');

INSERT INTO certificate_type VALUES ('juminhyo', '住民票の写し', 200);

INSERT INTO household VALUES (1, 'みどり県みどり市若葉町一丁目2番3号', 1);
INSERT INTO household VALUES (2, 'みどり県みどり市桜台三丁目4番5号 さくらハイツ201号', 3);
INSERT INTO household VALUES (3, 'みどり県みどり市青葉町5番地6', 5);

-- Household 1: 山田 太郎 (no card) and 山田 花子 (card 1).
INSERT INTO resident VALUES (1, NULL, 1, '山田', '太郎', 'やまだ', 'たろう',
                             1983, 9, 12, '男', '世帯主', 2015, 4, 1, NULL);
INSERT INTO resident VALUES (2, '5A000001', 1, '山田', '花子', 'やまだ', 'はなこ',
                             1985, 4, 2, '女', '妻', 2015, 4, 1, NULL);
-- Household 2: 佐藤 健太 (card 2) and his son 佐藤 翔 (card 4, under 15: refused at terminals).
INSERT INTO resident VALUES (3, '5A000002', 2, '佐藤', '健太', 'さとう', 'けんた',
                             1990, 7, 15, '男', '世帯主', 2020, 10, 1, NULL);
INSERT INTO resident VALUES (4, '5A000004', 2, '佐藤', '翔', 'さとう', 'しょう',
                             2015, 6, 1, '男', '子', 2020, 10, 1, NULL);
-- Household 3: 高橋 和子 (card 3), alone.
INSERT INTO resident VALUES (5, '5A000003', 3, '高橋', '和子', 'たかはし', 'かずこ',
                             1958, 11, 3, '女', '世帯主', 1989, 1, 8, NULL);
