-- registry-seed.sql: the hand-written registry of the reference world, on registry-schema.sql.
-- Every person and place here is invented. Three municipalities: みどり市 (999999), where the
-- world's cards live; さくら町 (999998), the 本籍地 of some of them; はなぞの村 (999997), with
-- real hours and a maintenance window on 10 Nov 2026 (tests judge at fixed instants around it).
-- Residents are keyed by the serial of their card's user-authentication certificate: 5A0000NN
-- are the world's emulated cards (sim/pki/make-pki); 5E0000NN have no emulated card and are asked
-- for by serial in the municipal tests, one for each rule a terminal must apply (docs/protocol.md,
-- "Refusals"). Dates that must be "today" are computed when the registry is made (Japan time).

-- みどり市 and さくら町 serve around the clock every day, so that the world's journeys pass at
-- whatever hour its tests run; はなぞの村 keeps real hours and the New Year closing.
INSERT INTO municipality (code, name, prefecture, mayor_title, mayor_name, seal_text,
                          prints_my_number, max_copies, opens, closes, closed_new_year) VALUES
  ('999999', 'みどり市', 'みどり県', 'みどり市長', '緑川 一郎', 'みどり市長之印', 0, 10, '00:00', '24:00', 0),
  ('999998', 'さくら町', 'みどり県', 'さくら町長', '桜井 春子', 'さくら町長之印', 1, 5, '00:00', '24:00', 0),
  ('999997', 'はなぞの村', 'みどり県', 'はなぞの村長', '花園 実', 'はなぞの村長之印', 0, 10, '09:00', '17:00', 1);

INSERT INTO offer (municipality, type) VALUES
  ('999999', 'juminhyo'), ('999999', 'kisai'), ('999999', 'inkan'), ('999999', 'zei'),
  ('999999', 'koseki'), ('999999', 'fuhyo'),
  ('999998', 'juminhyo'), ('999998', 'koseki'), ('999998', 'fuhyo'),
  ('999997', 'juminhyo'), ('999997', 'inkan');

-- みどり市's 住民票 goes from ¥200 to ¥300 next April; the fee in effect is the latest started.
INSERT INTO fee (municipality, type, effective_from, yen) VALUES
  ('999999', 'juminhyo', '2020-04-01', 200), ('999999', 'juminhyo', '2099-04-01', 300),
  ('999999', 'kisai', '2020-04-01', 200), ('999999', 'inkan', '2020-04-01', 200),
  ('999999', 'zei', '2020-04-01', 200), ('999999', 'koseki', '2020-04-01', 350),
  ('999999', 'fuhyo', '2020-04-01', 200),
  ('999998', 'juminhyo', '2019-10-01', 250), ('999998', 'koseki', '2019-10-01', 450),
  ('999998', 'fuhyo', '2019-10-01', 250),
  ('999997', 'juminhyo', '2021-04-01', 300), ('999997', 'inkan', '2021-04-01', 300);

INSERT INTO maintenance (municipality, starts_at, ends_at) VALUES
  ('999999', '2099-01-10 01:00', '2099-01-10 05:00'),
  ('999997', '2026-11-10 09:30', '2026-11-10 11:00');

INSERT INTO household (id, municipality, address, head_resident_id) VALUES
  (1, '999999', 'みどり県みどり市若葉町一丁目2番3号', 1),
  (2, '999999', 'みどり県みどり市桜台三丁目4番5号 さくらハイツ201号', 3),
  (3, '999999', 'みどり県みどり市青葉町5番地6', 5),
  (4, '999999', 'みどり県みどり市若葉町二丁目8番1号', 6),
  (5, '999999', 'みどり県みどり市緑町七丁目1番1号', 9),
  (6, '999999', 'みどり県みどり市青葉町12番地', 11),
  (7, '999999', 'みどり県みどり市桜台一丁目1番1号 みどりレジデンス1203号', 12),
  (8, '999999', 'みどり県みどり市若葉町三丁目3番3号', 13),
  (9, '999999', 'みどり県みどり市みどり台四丁目五番六号　みどり台ガーデンテラス　ノースウイング　みどりの森管理棟東側　共用通路奥　第二別館　二千五百六十七号室', 16),
  (10, '999999', 'みどり県みどり市青葉町20番地', 17),
  (11, '999997', 'みどり県はなぞの村大字花園100番地', 19);

INSERT INTO family_register (id, municipality, domicile, head_family_name, head_given_name,
                             made_on, pending_filing) VALUES
  (1, '999999', 'みどり県みどり市若葉町一丁目2番地', '山田', '太郎', '2012-05-20', 0),
  (2, '999998', 'みどり県さくら町本町10番地', '佐藤', '健太', '2014-03-03', 0),
  (3, '999999', 'みどり県みどり市青葉町5番地', '高橋', '和子', '1989-01-08', 0),
  (4, '999998', 'みどり県さくら町本町22番地', '井上', '拓也', '2010-06-01', 0),
  (5, '999998', 'みどり県さくら町栄町3番地', '木村', '沙織', '2016-11-11', 0),
  (6, '999999', 'みどり県みどり市緑町七丁目1番地', '林', '誠', '2001-09-09', 1),
  (7, '990000', 'あおば県あおば市中央一丁目1番地', '渡' || char(37001, 917776), '健', '2005-04-29', 0);

-- resident: id, municipality, household, register, card, family, given, kanas, birth, sex,
-- 続柄, resident_since, previous address, my number, status, status date, protected.
INSERT INTO resident VALUES
  -- Household 1: 山田 太郎 (no card) and 山田 花子 (card 1): the world's first resident.
  (1, '999999', 1, 1, NULL, '山田', '太郎', 'やまだ', 'たろう', '1983-09-12', '男', '世帯主',
   '2015-04-01', 'みどり県みどり市青葉町1番地', '123456789018', 'resident', NULL, 0),
  (2, '999999', 1, 1, '5A000001', '山田', '花子', 'やまだ', 'はなこ', '1985-04-02', '女', '妻',
   '2015-04-01', 'みどり県みどり市青葉町1番地', '234567890127', 'resident', NULL, 0),
  -- Household 2: 佐藤 健太 (card 2; 本籍 さくら町, use-registered; no seal) and his son 翔 (card
  -- 4, under 15).
  (3, '999999', 2, 2, '5A000002', '佐藤', '健太', 'さとう', 'けんた', '1990-07-15', '男', '世帯主',
   '2020-10-01', 'みどり県さくら町本町10番地', '345678901231', 'resident', NULL, 0),
  (4, '999999', 2, 2, '5A000004', '佐藤', '翔', 'さとう', 'しょう', '2015-06-01', '男', '子',
   '2020-10-01', 'みどり県さくら町本町10番地', '456789012349', 'resident', NULL, 0),
  -- Household 3: 高橋 和子 (card 3), alone; every certificate.
  (5, '999999', 3, 3, '5A000003', '高橋', '和子', 'たかはし', 'かずこ', '1958-11-03', '女', '世帯主',
   '1989-01-08', NULL, '567890123454', 'resident', NULL, 0),
  -- Household 4: 伊藤 大輔 (filed to move out) and 伊藤 美咲 (moved out), 加藤 恵 (支援措置) and
  -- her husband 加藤 誠, whose household record would show her.
  (6, '999999', 4, NULL, '5E000002', '伊藤', '大輔', 'いとう', 'だいすけ', '1975-02-14', '男', '世帯主',
   '2003-04-01', NULL, NULL, 'moving-out', '2026-11-01', 0),
  (7, '999999', 4, NULL, '5E000001', '伊藤', '美咲', 'いとう', 'みさき', '1978-08-30', '女', '妻',
   '2003-04-01', NULL, NULL, 'moved-out', '2026-10-15', 0),
  (8, '999999', 4, NULL, NULL, '伊藤', '陽菜', 'いとう', 'ひな', '2008-05-05', '女', '子',
   '2008-05-05', NULL, NULL, 'resident', NULL, 0),
  -- Household 5: 中村 清 (deceased) and 中村 和夫.
  (9, '999999', 5, NULL, '5E000003', '中村', '清', 'なかむら', 'きよし', '1940-01-20', '男', '世帯主',
   '1965-03-01', NULL, NULL, 'deceased', '2026-09-30', 0),
  (10, '999999', 5, 6, '5E000012', '林', '誠', 'はやし', 'まこと', '1970-12-24', '男', '同居人',
   '2001-09-09', NULL, NULL, 'resident', NULL, 0),
  -- Household 6: 加藤 誠 and 加藤 恵 (支援措置).
  (11, '999999', 6, NULL, '5E000006', '加藤', '誠', 'かとう', 'まこと', '1968-03-03', '男', '世帯主',
   '1999-04-01', NULL, NULL, 'resident', NULL, 0),
  (21, '999999', 6, NULL, '5E000004', '加藤', '恵', 'かとう', 'めぐみ', '1972-07-07', '女', '妻',
   '1999-04-01', NULL, NULL, 'resident', NULL, 1),
  -- Household 7: 吉田 直樹 moved in today.
  (12, '999999', 7, NULL, '5E000007', '吉田', '直樹', 'よしだ', 'なおき', '1988-10-10', '男', '世帯主',
   date('now', '+9 hours'), 'みどり県さくら町栄町1番地', NULL, 'resident', NULL, 0),
  -- Household 8: 井上 拓也 (本籍 さくら町, no use registration), 木村 沙織 (use registration not
  -- yet in effect), 松本 優子 (no tax record), 渡邉 健 (MJ: 邉 with variation selector E0110; 本籍
  -- in a municipality outside this registry), and one whose legacy 外字 (U+E001) no font has.
  (13, '999999', 8, 4, '5E000010', '井上', '拓也', 'いのうえ', 'たくや', '1980-06-01', '男', '世帯主',
   '2010-06-01', NULL, NULL, 'resident', NULL, 0),
  (14, '999999', 8, 5, '5E000011', '木村', '沙織', 'きむら', 'さおり', '1992-01-31', '女', '同居人',
   '2016-11-11', NULL, NULL, 'resident', NULL, 0),
  (15, '999999', 8, NULL, '5E000009', '松本', '優子', 'まつもと', 'ゆうこ', '2001-04-04', '女', '同居人',
   '2019-04-01', NULL, NULL, 'resident', NULL, 0),
  (18, '999999', 8, 7, '5E000015', '渡' || char(37001, 917776), '健', 'わたなべ', 'けん', '1977-04-29', '男', '同居人',
   '2005-05-01', NULL, NULL, 'resident', NULL, 0),
  (20, '999999', 8, NULL, '5E000013', char(57345) || '藤', '一', 'さいとう', 'はじめ', '1966-06-06', '男', '同居人',
   '2000-01-01', NULL, NULL, 'resident', NULL, 0),
  -- Household 9: an address longer than the form's box.
  (16, '999999', 9, NULL, '5E000014', '森', '茂', 'もり', 'しげる', '1955-05-05', '男', '世帯主',
   '2018-08-08', NULL, NULL, 'resident', NULL, 0),
  -- Household 10: a foreign resident, no 戸籍.
  (17, '999999', 10, NULL, '5E000016', 'シルバ', 'マリア', 'しるば', 'まりあ', '1990-02-02', '女', '世帯主',
   '2022-04-01', NULL, NULL, 'resident', NULL, 0),
  -- Household 11 in はなぞの村, in maintenance.
  (19, '999997', 11, NULL, '5E000020', '花田', '咲', 'はなだ', 'さき', '1985-03-03', '女', '世帯主',
   '2010-04-01', NULL, NULL, 'resident', NULL, 0);

INSERT INTO register_member (family_register_id, seq, resident_id, family_name, given_name,
                             birth_date, sex, father, mother, relationship, events, removed) VALUES
  (1, 1, 1, '山田', '太郎', '1983-09-12', '男', '山田 一郎', '山田 和子', '長男',
   '出生　昭和58年9月12日 みどり県みどり市で出生' || char(10) || '婚姻　平成24年5月20日 鈴木花子と婚姻届出', 0),
  (1, 2, 2, '山田', '花子', '1985-04-02', '女', '鈴木 正', '鈴木 良子', '長女',
   '出生　昭和60年4月2日 みどり県さくら町で出生' || char(10) || '婚姻　平成24年5月20日 山田太郎と婚姻届出', 0),
  (2, 1, 3, '佐藤', '健太', '1990-07-15', '男', '佐藤 進', '佐藤 京子', '長男',
   '出生　平成2年7月15日 みどり県さくら町で出生', 0),
  (2, 2, NULL, '佐藤', '美穂', '1991-02-11', '女', '田中 実', '田中 恵子', '長女',
   '出生　平成3年2月11日 あおば県あおば市で出生' || char(10) || '婚姻　平成26年3月3日 佐藤健太と婚姻届出' || char(10) || '離婚　令和2年9月1日 夫佐藤健太と協議離婚届出', 1),
  (2, 3, 4, '佐藤', '翔', '2015-06-01', '男', '佐藤 健太', '佐藤 美穂', '長男',
   '出生　平成27年6月1日 みどり県さくら町で出生', 0),
  (3, 1, 5, '高橋', '和子', '1958-11-03', '女', '高橋 茂', '高橋 ハル', '長女',
   '出生　昭和33年11月3日 みどり県みどり市で出生' || char(10) || '分籍　平成元年1月8日 届出', 0),
  (4, 1, 13, '井上', '拓也', '1980-06-01', '男', '井上 修', '井上 玲子', '二男',
   '出生　昭和55年6月1日 みどり県さくら町で出生', 0),
  (5, 1, 14, '木村', '沙織', '1992-01-31', '女', '木村 昭', '木村 洋子', '長女',
   '出生　平成4年1月31日 みどり県さくら町で出生', 0),
  (6, 1, 10, '林', '誠', '1970-12-24', '男', '林 勇', '林 幸子', '長男',
   '出生　昭和45年12月24日 みどり県みどり市で出生', 0),
  (7, 1, 18, '渡' || char(37001, 917776), '健', '1977-04-29', '男', '渡' || char(37001, 917776) || ' 昭', '渡' || char(37001, 917776) || ' 愛', '長男',
   '出生　昭和52年4月29日 あおば県あおば市で出生', 0);

INSERT INTO register_address (family_register_id, seq, line, address, since) VALUES
  (1, 1, 1, 'みどり県みどり市青葉町1番地', '1983-09-12'),
  (1, 1, 2, 'みどり県みどり市若葉町一丁目2番3号', '2015-04-01'),
  (1, 2, 1, 'みどり県さくら町本町5番地', '1985-04-02'),
  (1, 2, 2, 'みどり県みどり市青葉町1番地', '2012-05-20'),
  (1, 2, 3, 'みどり県みどり市若葉町一丁目2番3号', '2015-04-01'),
  (2, 1, 1, 'みどり県さくら町本町10番地', '1990-07-15'),
  (2, 1, 2, 'みどり県みどり市桜台三丁目4番5号 さくらハイツ201号', '2020-10-01'),
  (2, 2, 1, 'みどり県さくら町本町10番地', '2014-03-03'),
  (2, 3, 1, 'みどり県さくら町本町10番地', '2015-06-01'),
  (2, 3, 2, 'みどり県みどり市桜台三丁目4番5号 さくらハイツ201号', '2020-10-01'),
  (3, 1, 1, 'みどり県みどり市青葉町5番地6', '1958-11-03'),
  (4, 1, 1, 'みどり県みどり市若葉町三丁目3番3号', '2010-06-01'),
  (5, 1, 1, 'みどり県みどり市若葉町三丁目3番3号', '2016-11-11'),
  (6, 1, 1, 'みどり県みどり市緑町七丁目1番1号', '2001-09-09'),
  (7, 1, 1, 'みどり県みどり市若葉町三丁目3番3号', '2005-05-01');

INSERT INTO seal_registration (resident_id, number, registered_on, impression) VALUES
  (2, 'A-000001', '2015-04-10', '山田'),
  (5, 'A-000002', '1990-02-01', '高橋'),
  (13, 'A-000003', '2011-01-05', '井上'),
  (19, 'H-000001', '2011-01-05', '花田');

INSERT INTO tax_record (resident_id, fiscal_year, salary_income, total_income, deductions,
                        taxable_income, municipal_tax, prefectural_tax) VALUES
  (2, 2024, 3200000, 2180000, 1130000, 1050000, 63000, 42000),
  (2, 2025, 3300000, 2250000, 1150000, 1100000, 66000, 44000),
  (2, 2026, 3400000, 2320000, 1150000, 1170000, 70200, 46800),
  (3, 2025, 4800000, 3440000, 1580000, 1860000, 111600, 74400),
  (3, 2026, 5000000, 3600000, 1600000, 2000000, 120000, 80000),
  (5, 2024, 0, 1450000, 1380000, 70000, 4200, 2800),
  (5, 2025, 0, 1460000, 1380000, 80000, 4800, 3200),
  (5, 2026, 0, 1470000, 1380000, 90000, 5400, 3600),
  (13, 2026, 6000000, 4360000, 1700000, 2660000, 159600, 106400);

INSERT INTO use_registration (resident_id, municipality, applied_on, effective_on) VALUES
  (3, '999998', '2020-10-05', '2020-10-12'),
  (14, '999998', date('now', '+9 hours', '-1 days'), date('now', '+9 hours', '+5 days'));
