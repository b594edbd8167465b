-- PII detection and redaction (issue 12): every kind in several languages,
-- check digits valid and invalid, Unicode digits and invisible characters
-- between digits, offsets, redaction styles, the key boundary of the
-- pseudonym style, and bad input with its SQLSTATE.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(178);

-- kind:value of every span, in order
CREATE FUNCTION pg_temp.found(t text, l text DEFAULT NULL) RETURNS text LANGUAGE sql AS
$$ SELECT coalesce(string_agg(kind || ':' || value, ' | ' ORDER BY start), '') FROM tst_hub.pii_detect(t, l) $$;
CREATE FUNCTION pg_temp.kinds(t text, l text DEFAULT NULL) RETURNS text LANGUAGE sql AS
$$ SELECT coalesce(string_agg(kind, ' ' ORDER BY start), '') FROM tst_hub.pii_detect(t, l) $$;

-- ---- phones ----
SELECT is(pg_temp.found('Call me on +44 7700 900123 today', 'en'), 'PHONE:+44 7700 900123', 'international phone (en)');
SELECT is(pg_temp.found('my number is 07700 900461', 'en'), 'PHONE:07700 900461', 'national UK phone (en)');
SELECT is(pg_temp.found('Llámame al 612 345 678 por favor', 'es'), 'PHONE:612 345 678', 'Spanish mobile written like an amount is still a phone (es)');
SELECT is(pg_temp.found('тел. 8 (916) 123-45-67', 'ru'), 'PHONE:8 (916) 123-45-67', 'Russian national format with brackets (ru)');
SELECT is(pg_temp.found('โทร 081-234-5678 ได้เลย', 'th'), 'PHONE:081-234-5678', 'Thai mobile (th)');
SELECT is(pg_temp.found('电话13812345678，谢谢', 'zh'), 'PHONE:13812345678', 'Chinese mobile glued to Han characters (zh)');
SELECT is(pg_temp.found('Piga simu 0712 345 678 sasa', 'sw'), 'PHONE:0712 345 678', 'Kenyan mobile (sw)');
SELECT is(pg_temp.found('رقم الهاتف +٩٧١ ٥٠ ١٢٣ ٤٥٦٧', 'ar'), 'PHONE:+٩٧١ ٥٠ ١٢٣ ٤٥٦٧', 'Arabic-Indic digits (ar)');
SELECT is(pg_temp.found('फोन ९८७६५ ४३२१०', 'hi'), 'PHONE:९८७६५ ४३२१०', 'Devanagari digits (hi)');
SELECT is(pg_temp.found('เบอร์ ๐๘๑ ๒๓๔ ๕๖๗๘', 'th'), 'PHONE:๐๘๑ ๒๓๔ ๕๖๗๘', 'Thai digits (th)');
SELECT is(pg_temp.found('tel ＋４４ ７７００ ９００１２３', 'en'), 'PHONE:＋４４ ７７００ ９００１２３', 'full-width digits and plus');
SELECT is(pg_temp.found(E'call 07\u200d700\u200b900\u200c461 now', 'en'), E'PHONE:07\u200d700\u200b900\u200c461',
    'zero-width joiner, space and non-joiner between digits do not hide a phone');
SELECT is(pg_temp.found(E'\u200f+966 55 123 4567\u200f', 'ar'), 'PHONE:+966 55 123 4567', 'right-to-left marks around a number are not part of it');
SELECT is(pg_temp.found('Number two: 07700 900 315', 'vi'), 'PHONE:07700 900 315', 'a foreign national number in another language''s report');
SELECT is(pg_temp.found('we paid 12.000.000 dong on 12.05.2023 and 2023-05-12', 'vi'), '', 'amounts and dates are not phones');
SELECT is(pg_temp.found('worked there in 2019-2020, order #123456789'), '', 'a span of years and a #reference are not phones');

-- ---- e-mail, URL, IP, handles ----
SELECT is(pg_temp.found('mail john.smith@example.co.uk.', 'en'), 'EMAIL:john.smith@example.co.uk', 'e-mail, trailing dot excluded');
SELECT is(pg_temp.found('écrivez à marie (at) exemple (dot) fr', 'fr'), 'EMAIL:marie (at) exemple (dot) fr', 'obfuscated e-mail');
SELECT is(pg_temp.found('смотри https://t.me/joinchat/abc123) и www.jobs-abroad.com/apply.', 'ru'),
    'URL:https://t.me/joinchat/abc123 | URL:www.jobs-abroad.com/apply', 'URLs with scheme and www, closing punctuation excluded');
SELECT is(pg_temp.found('服务器IP是198.51.100.23，还有2001:db8::1', 'zh'), 'IP:198.51.100.23 | IP:2001:db8::1', 'IPv4 and IPv6 (zh)');
SELECT is(pg_temp.found('version 1.2.300.4 at 10:30:45', 'en'), '', 'a version with a part over 255 and a time are not IPs');
SELECT is(pg_temp.found('Telegram: @recruiter_ivan, WhatsApp: jobs.agent22', 'en'), 'HANDLE:@recruiter_ivan | HANDLE:jobs.agent22', 'handles after @ and after a cue');
SELECT is(pg_temp.found('En un grupo de WhatsApp ofrecen dinero', 'es'), '', 'a plain word after a messaging cue is no handle');
SELECT is(pg_temp.found('她的微信wxid_k82hd9s，QQ号 823456712', 'zh'), 'HANDLE:wxid_k82hd9s | HANDLE:823456712', 'WeChat id and QQ number (zh)');
SELECT is(pg_temp.found('UPI vicky.spa@okaxis', 'hi'), 'HANDLE:vicky.spa@okaxis', 'UPI payment address (hi)');

-- ---- check digits ----
SELECT is(pg_temp.found('IBAN GB82 WEST 1234 5698 7654 32', 'en'), 'IBAN:GB82 WEST 1234 5698 7654 32', 'IBAN with mod 97 (GB)');
SELECT unalike(pg_temp.kinds('IBAN GB82 WEST 1234 5698 7654 33', 'en'), '%IBAN%', 'IBAN with a wrong check is not taken');
SELECT is(pg_temp.found('konto DE89370400440532013000', 'pl'), 'IBAN:DE89370400440532013000', 'IBAN without spaces (DE in a Polish report)');
SELECT unalike(pg_temp.kinds('GB82 WEST 1234 5698 7654 3', 'en'), '%IBAN%', 'IBAN one character short of the country''s length');
SELECT is(pg_temp.found('karta 4111 1111 1111 1111', 'pl'), 'CARD:4111 1111 1111 1111', 'card with Luhn');
SELECT is(pg_temp.kinds('karta 4111 1111 1111 1112', 'pl'), '', 'card failing Luhn');
SELECT is(pg_temp.found('Amex 3782-822463-10005', 'en'), 'CARD:3782-822463-10005', 'Amex grouping 4-6-5');
SELECT is(pg_temp.found('身份证11010519491231002X。', 'zh'), 'NATID:11010519491231002X', 'Chinese resident ID, check X (mod 11-2)');
SELECT is(pg_temp.kinds('编号110105194912310021。', 'zh'), '', 'Chinese resident ID with a wrong check');
SELECT is((SELECT rule FROM pii_detect('身份证110105194912310021。', 'zh')), 'id_cue', '... but after an ID cue any number is taken (privacy first)');
SELECT is(pg_temp.found('आधार 2345 6789 0124', 'hi'), 'NATID:2345 6789 0124', 'Aadhaar (Verhoeff)');
SELECT unalike(pg_temp.kinds('क्रमांक 2345 6789 0125', 'hi'), '%NATID%', 'Aadhaar failing Verhoeff');
SELECT is(pg_temp.found('CPF 529.982.247-25', 'pt'), 'NATID:529.982.247-25', 'Brazilian CPF');
SELECT unalike(pg_temp.kinds('código 529.982.247-26', 'pt'), '%NATID%', 'CPF with a wrong check digit');
SELECT is(pg_temp.found('call 07700900461', 'en'), 'PHONE:07700900461', 'a UK phone that happens to pass the PESEL check is a phone');
SELECT is(pg_temp.found('PESEL 44051401359', 'pl'), 'NATID:44051401359', 'Polish PESEL');
SELECT is(pg_temp.found('CNP 1800101221144', 'ro'), 'NATID:1800101221144', 'Romanian CNP');
SELECT is(pg_temp.found('บัตรประชาชน 1-1017-00203-15-8', 'th'), 'NATID:1-1017-00203-15-8', 'Thai ID');
SELECT is(pg_temp.found('DNI 12345678Z y NIE X1234567L', 'es'), 'NATID:12345678Z | NATID:X1234567L', 'Spanish DNI and NIE letters');
SELECT is(pg_temp.kinds('DNI 12345678A', 'es'), 'NATID', 'a DNI with a wrong letter is still a number after an ID cue');
SELECT is((SELECT rule FROM pii_detect('DNI 12345678A', 'es')), 'id_cue', '... found by the cue, not the check letter');
SELECT is(pg_temp.found(E'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10', 'en'),
    'PASSPORT:P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< | PASSPORT:L898902C36UTO7408122F1204159ZE184226B<<<<<10', 'passport MRZ (ICAO 9303 specimen)');
SELECT is((SELECT confidence FROM pii_detect('L898902C36UTO7408122F1204159ZE184226B<<<<<10')), 0.99::float8, 'MRZ line 2 with valid check digits');
SELECT is(pg_temp.kinds('L898902C46UTO7408122F1204159ZE184226B<<<<<10'), '', 'MRZ line 2 with a wrong check digit');
SELECT is(pg_temp.found('паспорт 45 06 123456', 'ru'), 'PASSPORT:45 06 123456', 'Russian passport series and number after the cue');
SELECT is(pg_temp.found('паспорт СН 123456', 'uk'), 'PASSPORT:СН 123456', 'Ukrainian passport booklet');
SELECT is(pg_temp.found('أخذت جوازي N1234567 ونعمل', 'ar'), 'PASSPORT:N1234567', 'passport number after an Arabic cue');
SELECT is(pg_temp.found('they kept my passport ab12345', 'en'), 'PASSPORT:ab12345', 'a passport number typed in lower case after the cue');
SELECT is(pg_temp.found('they kept my passport AB12345', 'en'), 'PASSPORT:AB12345', '... and in upper case');
SELECT is(pg_temp.kinds('hộ chiếu, nói em còn nợ 20.000 bảng', 'vi'), '', 'an amount after a passport cue is no passport number');

-- ---- wallets ----
SELECT is(pg_temp.found('BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'en'), 'WALLET:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'Bitcoin base58check');
SELECT is(pg_temp.kinds('BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'en'), '', 'Bitcoin with a bad checksum');
SELECT is(pg_temp.found('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'en'), 'WALLET:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'Bitcoin bech32 (BIP 173 example)');
SELECT is(pg_temp.found('USDT TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnj', 'en'), 'WALLET:TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnj', 'TRON base58check');
SELECT is((SELECT rule || ' ' || confidence FROM pii_detect('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')), 'ethereum_eip55 0.98', 'Ethereum with a valid EIP-55 checksum');
SELECT is((SELECT rule || ' ' || confidence FROM pii_detect('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')), 'ethereum_bad_eip55 0.5', 'Ethereum with a broken EIP-55 checksum is reported with low confidence');

-- ---- addresses and names ----
SELECT is(pg_temp.found('a flat at 14 Carlton Road, Leeds', 'en'), 'ADDRESS:14 Carlton Road, Leeds', 'English address with its town');
SELECT is(pg_temp.found('vivo en Calle Mayor 5, Madrid', 'es'), 'ADDRESS:Calle Mayor 5, Madrid', 'Spanish address with its town');
SELECT is(pg_temp.found('ул. Ленина, д. 5', 'ru'), 'ADDRESS:ул. Ленина, д. 5', 'Russian address');
SELECT is(pg_temp.found('住在中山路123号。', 'zh'), 'ADDRESS:中山路123号', 'Chinese address');
SELECT is(pg_temp.found('บ้านเลขที่ 55 ถนนสุขุมวิท', 'th'), 'ADDRESS:บ้านเลขที่ 55 ถนนสุขุมวิท', 'Thai address with its house-number word');
SELECT is(pg_temp.kinds('I walked down the street to the shop', 'en'), '', 'a street cue without a house number is no address');
SELECT is(pg_temp.found('My name is Maria Lopez and I', 'en'), 'NAME:Maria Lopez', 'name after an introduction (en)');
SELECT is(pg_temp.found('Меня зовут Анна Петрова, ', 'ru'), 'NAME:Анна Петрова', 'name after an introduction (ru)');
SELECT is(pg_temp.found('我叫王小明，李先生也在。', 'zh'), 'NAME:王小明 | NAME:李', 'names before and after Chinese cues');
SELECT is(pg_temp.found('มีนายสมชาย ใจดี มาด้วย', 'th'), 'NAME:สมชาย ใจดี', 'Thai name after a title (ICU word breaks)');
SELECT is(pg_temp.kinds('นายจ้างล็อคประตู', 'th'), '', 'นาย inside นายจ้าง (employer) is no title');
SELECT is(pg_temp.found('मेरा नाम प्रिया शर्मा है', 'hi'), 'NAME:प्रिया शर्मा', 'Hindi name');
SELECT is(pg_temp.kinds('السيدة تأخذ بطاقتي', 'ar'), '', 'an Arabic title followed by a verb is no name');

-- ---- 0.2.0: names typed in lower case, signatures, nicknames ----
SELECT is(pg_temp.found('my daughter maria has not come home', 'en'), 'NAME:maria', 'a known name in lower case after a relation (en)');
SELECT is(pg_temp.kinds('my daughter is sick and needs help', 'en'), '', '... but "my daughter is sick" has no name');
SELECT is(pg_temp.found('my name is jenny, i was brought here', 'en'), 'NAME:jenny', 'lower-case name after "my name is"');
SELECT is(pg_temp.kinds('my name is not important', 'en'), '', '... "my name is not important" has none');
SELECT is(pg_temp.found('me llamo rosa y trabajo en una casa', 'es'), 'NAME:rosa', 'lower-case name after "me llamo" (es)');
SELECT is(pg_temp.kinds('me llamo la atención que no pagaban', 'es'), '', '... "me llamo la atención" has none');
SELECT is(pg_temp.found('meu nome é ana e preciso de ajuda', 'pt'), 'NAME:ana', 'lower-case name after "meu nome é" (pt)');
SELECT is(pg_temp.found('je m''appelle fatou, on m''a pris mon passeport', 'fr'), 'NAME:fatou', 'lower-case name after "je m''appelle" (fr)');
SELECT is((SELECT rule || ' ' || confidence FROM pii_detect('меня зовут айсулу, у меня забрали паспорт', 'ru')), 'name_intro 0.75',
    'an unknown lower-case word closing the clause after "меня зовут" is a name, with less confidence (ru)');
SELECT is(pg_temp.found('tên tôi là lan, tôi bị giữ ở đây', 'vi'), 'NAME:lan', 'lower-case name after "tên tôi là" (vi)');
SELECT is(pg_temp.found('nama saya siti, saya kerja di sini', 'en'), 'NAME:siti', 'Malay "nama saya" in a mixed message');
SELECT is(pg_temp.found('اسمي ليلى وأعمل في منزل', 'ar'), 'NAME:ليلى', 'Arabic name after اسمي');
SELECT is(pg_temp.found('मेरा नाम रीना है', 'hi'), 'NAME:रीना', 'Hindi name after मेरा नाम');
SELECT is(pg_temp.kinds('मालिक आधी तनख्वाह रहने-खाने के नाम पर काट लेता है', 'hi'), '', '"के नाम पर" (in the name of) has no name');
SELECT is(pg_temp.found('lo llaman el Rubio y cobra la deuda', 'es'), 'NAME:el Rubio', 'a nickname with its article after a nickname cue');
SELECT is(pg_temp.found('por favor ayúdenme. - juan', 'es'), 'NAME:juan', 'a bare name signing the message after a dash');
SELECT is(pg_temp.found('please help us. thanks, amina', 'en'), 'NAME:amina', 'a name after a sign-off');
SELECT is(pg_temp.kinds('thanks, everyone', 'en'), '', '"thanks, everyone" is signed by no one');
SELECT is(pg_temp.kinds('ayuda por favor - urgente', 'es'), '', 'a word after a dash without a sentence end is no signature');
SELECT is(pg_temp.kinds('Tôi được giới thiệu lấy chồng Hàn Quốc qua công ty', 'vi'), '', 'lấy chồng (to marry) before a country is no relation cue');

-- ---- 0.2.0: local address styles ----
SELECT is(pg_temp.found('vivo en c/ Alcalá 188, Madrid', 'es'), 'ADDRESS:c/ Alcalá 188, Madrid', '"c/" street abbreviation (es), and the town after a comma');
SELECT is(pg_temp.found('vivo en calle alcalá 188', 'es'), 'ADDRESS:calle alcalá 188', 'a lower-case street name with its number after it');
SELECT is(pg_temp.found('the house at 114 high st, leeds', 'en'), 'ADDRESS:114 high st', 'a lower-case English address');
SELECT is(pg_temp.kinds('it takes 3 hours drive to get there', 'en'), '', '"3 hours drive" is no address');
SELECT is(pg_temp.found('nhà ở số 14 ngõ 82 phố Huế', 'vi'), 'ADDRESS:số 14 ngõ 82 phố Huế', 'a numbered alley with a house number and the street after it (vi)');
SELECT is(pg_temp.found('nakatira sa blk 12 lot 8 Phase 2', 'tl'), 'ADDRESS:blk 12 lot 8 Phase 2', 'block and lot (tl)');
SELECT is(pg_temp.found('живёт на ул. ленина д. 5 кв. 12', 'ru'), 'ADDRESS:ул. ленина д. 5 кв. 12', 'a lower-case Russian address with house and flat');
SELECT is(pg_temp.found('moro na R. Augusta 1500, apto 3', 'pt'), 'ADDRESS:R. Augusta 1500, apto 3', '"R." and a flat (pt)');
SELECT is(pg_temp.found('मकान नं. 45, गली 3', 'hi'), 'ADDRESS:मकान नं. 45, गली 3', 'a Hindi house number and its lane');
SELECT is(pg_temp.kinds('घर 5 बजे पहुँचा', 'hi'), '', '"home at five" is no address');
SELECT is(pg_temp.found('vivo en Calle de la Paz 5, Sevilla', 'es'), 'ADDRESS:Calle de la Paz 5, Sevilla', 'stop words that join a street''s name ("de la") keep it whole');
SELECT is(pg_temp.found('la señora María de la Cruz nos contrató', 'es'), 'NAME:María de la Cruz', '... and a person''s name');
SELECT is(pg_temp.found('está en calle los pinos 230', 'es'), 'ADDRESS:calle los pinos 230', 'a lower-case street name with an article');
SELECT is(pg_temp.found('14 avenue Jean Jaurès, Lyon et on dormait là', 'fr'), 'ADDRESS:14 avenue Jean Jaurès, Lyon', 'a lower-case word after the town does not spoil a capitalised address');

-- ---- 0.2.0: handles without "@", URL over ID cue, iqama ----
SELECT is(pg_temp.found('add me on discord coolguy#1234', 'en'), 'HANDLE:coolguy#1234', 'Discord tag');
SELECT is(pg_temp.found('my discord is night_owl99', 'en'), 'HANDLE:night_owl99', 'a handle after "discord is"');
SELECT is(pg_temp.kinds('Telegram is the app they used', 'en'), '', '"Telegram is the app" has no handle');
SELECT is(pg_temp.found('微信号：wxid_abc123 找他', 'zh'), 'HANDLE:wxid_abc123', 'a handle after 微信号');
SELECT is(pg_temp.found('line id: mai.bkk', 'en'), 'HANDLE:mai.bkk', 'LINE id');
SELECT is(pg_temp.found('game id 512345678 in free fire', 'en'), 'HANDLE:512345678', 'a numeric game id');
SELECT is(pg_temp.found('un tal xXdarkangelXx_77 le escribía', 'es'), 'HANDLE:xXdarkangelXx_77', 'a handle by its shape');
SELECT is(pg_temp.kinds('write to john_doe1@example.org', 'en'), 'EMAIL', 'an e-mail local part is no handle');
SELECT is(pg_temp.found('la agencia retiene los pasaportes de los obreros (ej. XK1234567)', 'es'), 'PASSPORT:XK1234567', '"e.g." between a passport cue and the number is no clause break');
SELECT is(pg_temp.kinds('they took the passport. I paid 1500 euro after that', 'en'), '', 'an amount in the next sentence is no passport number');
SELECT is(pg_temp.found('пиши мне vk.com/id58213390', 'ru'), 'URL:vk.com/id58213390', 'a URL path with "id" is a URL, not a national ID');
SELECT is(pg_temp.found('رقم الإقامة 2123456789', 'ar'), 'NATID:2123456789', 'Saudi iqama after its cue is a national ID, not a phone');

-- ---- 0.2.0, second pass: whole addresses, handles, documents ----
SELECT is(pg_temp.found('she works at Flat 3, 22 Elgin Crescent, London W11. They kept her passport', 'en'),
    'ADDRESS:Flat 3, 22 Elgin Crescent, London W11', 'the flat before, town and postcode after the street');
SELECT is(pg_temp.found('vive en Av. Santa Fe 2431, 5° B, CABA con su tía', 'es'),
    'ADDRESS:Av. Santa Fe 2431, 5° B, CABA', 'floor and door ("5° B") and the town');
SELECT is(pg_temp.found('нашли в Дагестан, с. Кочубей, ул. Степная 9. Его', 'ru'),
    'ADDRESS:Дагестан, с. Кочубей, ул. Степная 9', 'region and village before the street (addr_area "с.")');
SELECT is(pg_temp.found('moram na rua 7, casa 23, bairro Coroadinho', 'pt'),
    'ADDRESS:rua 7, casa 23, bairro Coroadinho', 'a district word and its name after the house');
SELECT is(pg_temp.found('logée au 18 bis avenue Foch, 75116 Paris', 'fr'),
    'ADDRESS:18 bis avenue Foch, 75116 Paris', '"bis" house numbers, postcode and town');
SELECT is(pg_temp.found('Ctra. de Moguer km 6, Palos de la Frontera (Huelva)', 'es'),
    'ADDRESS:Ctra. de Moguer km 6, Palos de la Frontera (Huelva)', 'a road and kilometre, a town of several words and its province');
SELECT is(pg_temp.found('Adresa Via Roma 88, Bari', 'ro'), 'ADDRESS:Via Roma 88, Bari', 'an Italian street in a Romanian report');
SELECT is(pg_temp.found('адрес Люблинская 141 кв 58', 'ru'), 'ADDRESS:Люблинская 141 кв 58',
    'a street name, a house number and a flat, no street word (numbered_parts)');
SELECT is(pg_temp.found('บ้านเลขที่ 45 หมู่ 3 นายจ้างยึดบัตร', 'th'), 'ADDRESS:บ้านเลขที่ 45 หมู่ 3', 'Thai house number and village group');
SELECT is(pg_temp.found('地址是河南省周口市郸城县汲冢镇王庄村5组', 'zh'), 'ADDRESS:河南省周口市郸城县汲冢镇王庄村5组',
    'a Chinese village group address with its province, city and county');
SELECT is(pg_temp.found('J. Morel, 5 rue Pasteur, Villeurbanne', 'fr'), 'NAME:J. Morel | ADDRESS:5 rue Pasteur, Villeurbanne',
    'a name before the address is a name (initial and surname), not the address''s town');
SELECT is(pg_temp.kinds('os moleques de 12 anos trabalham lá', 'pt'), '', '"os" without its dot starts no street (Polish "os.")');
SELECT is(pg_temp.kinds('she was born in 1998, London is far', 'en'), '', 'a year and a town are no address');
SELECT is(pg_temp.kinds('pagó 1500 euros, Madrid es cara', 'es'), '', 'a price and a town are no address');
SELECT is(pg_temp.kinds('купили 3 кг, Москва', 'ru'), '', 'a quantity and a town are no address');
SELECT is(pg_temp.kinds('Boeing 747 flight to Lagos', 'en'), '', 'a name and one number are no address');
SELECT is(pg_temp.kinds('the village of Kinondoni, 12 years ago', 'en'), '', 'a village alone is no address');
SELECT is(pg_temp.found('mieszka w Den Haag, Hoefkade 312, musi', 'pl'), 'ADDRESS:Den Haag, Hoefkade 312',
    'a street type written as a suffix (Dutch -kade) and the town before it');
SELECT is(pg_temp.kinds('they sleep 112 people in Vinohradská 112 people', 'en'), '', 'a suffixed name and a count are no address');
SELECT is(pg_temp.found('ทำงานที่ ๑๒/๓ หมู่ ๔ ต.ท่าฉลอม อ.เมือง จ.สมุทรสาคร', 'th'),
    'ADDRESS:๑๒/๓ หมู่ ๔ ต.ท่าฉลอม อ.เมือง จ.สมุทรสาคร', 'a Thai house number with its village group, tambon, amphoe and province');
SELECT is(pg_temp.found('في تقاطع شارع الحمرا مع شارع المقدسي كل يوم', 'ar'), 'ADDRESS:شارع الحمرا مع شارع المقدسي',
    'a street crossing without a house number');
SELECT is(pg_temp.found('стоят на углу ул. Мира и ул. Ленина каждый день', 'ru'), 'ADDRESS:ул. Мира и ул. Ленина', 'a Russian street corner');
SELECT is(pg_temp.found('गांव मौजा खेड़ी, तहसील मोहनलालगंज', 'hi'), 'ADDRESS:मौजा खेड़ी, तहसील मोहनलालगंज', 'a village and its tehsil');
SELECT is(pg_temp.kinds('alikuwa kijiji cha Ihefu jana', 'sw'), '', 'one village alone is a place, no address');
SELECT is(pg_temp.found('Dirección: Bilbao 1880, Flores', 'es'), 'ADDRESS:Bilbao 1880, Flores', 'a name and a number after "dirección"');
SELECT is(pg_temp.kinds('the address is 2020 old', 'en'), '', 'a year after "address" with no name is no address');
SELECT is(pg_temp.found('प्लॉट 45, शकूरपुर, दिल्ली 110034 में', 'hi'), 'ADDRESS:प्लॉट 45, शकूरपुर, दिल्ली 110034',
    'a numbered plot with two places and a PIN after it');
SELECT is(pg_temp.kinds('I was in room 5, Monday, Tuesday we left', 'en'), '', 'a room number and weekdays are no address');
SELECT is(pg_temp.found('un club cerca de La Jonquera, carretera N-II km 772 y dice', 'es'),
    'ADDRESS:La Jonquera, carretera N-II km 772', 'a road code with a dash and a kilometre post');
SELECT is(pg_temp.found('au 5 rue Jean-Jaurès, Lyon', 'fr'), 'ADDRESS:5 rue Jean-Jaurès, Lyon', 'a double name with a dash');
SELECT is(pg_temp.found('Их держат на трассе, Тверская обл., трасса М-10 км 212, шашлычная', 'ru'),
    'ADDRESS:Тверская обл., трасса М-10 км 212', 'a region, a highway''s code and kilometre; a street word alone before it is left out');
SELECT is(pg_temp.kinds('ехали по трассе М-10 три часа', 'ru'), '', 'a highway without a kilometre or number is no address');
SELECT is(pg_temp.found('住在幸福路12号3栋2单元502室，每天', 'zh'), 'ADDRESS:幸福路12号3栋2单元502室', 'a Chinese building, entrance and flat after the house number');
SELECT is(pg_temp.found('Costuram na Travessa Jacarandá 88, bairro Vila Nova, devem', 'pt'),
    'ADDRESS:Travessa Jacarandá 88, bairro Vila Nova', 'a district whose name holds a district word');
SELECT is(pg_temp.found('add me on discord nolan_ps5#4412 ok', 'en'), 'HANDLE:nolan_ps5#4412', 'a Discord tag after a cue keeps its number');
SELECT is(pg_temp.found('उसकी आईडी FF_KING_Rohit_777', 'hi'), 'HANDLE:FF_KING_Rohit_777', 'a game id by its shape, over a given name inside it');
SELECT is(pg_temp.found('他在抖音上叫@星光传媒阿强，经常发广告', 'zh'), 'HANDLE:@星光传媒阿强', 'a Chinese account name after "@"');
SELECT is(pg_temp.found('微信号wxid_9f8k2m1q在群里', 'zh'), 'HANDLE:wxid_9f8k2m1q', 'an account glued to the Chinese text around it');
SELECT is(pg_temp.found('akaunti ya M-Pesa 254711093381 inapokea pesa', 'sw'), 'PHONE:254711093381', 'a Kenyan number with its calling code and no "+"');
SELECT is(pg_temp.kinds('nililipa 254711 shilingi mwaka 2023', 'sw'), '', 'an amount starting like a calling code is no phone');
SELECT is(pg_temp.found('le-au luat pașapoartele. AB0471238 e al meu', 'ro'), 'PASSPORT:AB0471238', 'a passport number by its shape in the sentence after the cue');
SELECT is(pg_temp.kinds('order AB1234567 shipped on Monday', 'en'), '', 'the same shape without a passport cue is no passport');
SELECT is(pg_temp.found('o NIF dele é 213456788', 'pt'), 'NATID:213456788', 'a Portuguese NIF after its cue is no phone');

-- ---- offsets, redaction ----
SELECT is_empty($$SELECT 1 FROM pii_detect(E'\U0001F600 Ms. Joy Okafor, \u202B+44 7700 900123\u202C, mail a@b.org\n' ||
                                             'IBAN GB82 WEST 1234 5698 7654 32') d
                   WHERE substr(E'\U0001F600 Ms. Joy Okafor, \u202B+44 7700 900123\u202C, mail a@b.org\n' ||
                                'IBAN GB82 WEST 1234 5698 7654 32', d.start, d."end" - d.start) <> d.value
                      OR d.start < 1 OR d."end" <= d.start$$,
    'spans are 1-based character offsets: substr(text, start, "end" - start) is the value');
SELECT is(pii_redact('Call +44 7700 900123, mail a.b@example.org, Mr. John Smith'),
    'Call [PHONE], mail [EMAIL], Mr. [NAME]', 'placeholder redaction');
SELECT is(length(pii_redact('Call +44 7700 900123 now', 'en', 'mask')), length('Call +44 7700 900123 now'), 'mask keeps the length');
SELECT is(pii_redact(E'\u0645\u0631\u062d\u0628\u0627 +٩٧١ ٥٠ ١٢٣ ٤٥٦٧ \U0001F600', 'ar'), E'\u0645\u0631\u062d\u0628\u0627 [PHONE] \U0001F600', 'redaction keeps other characters intact');
SELECT ok((SELECT count(*) FROM pii_detect('') ) = 0 AND (SELECT count(*) FROM pii_detect(E' \t\n ')) = 0
          AND (SELECT count(*) FROM pii_detect(NULL)) = 0 AND pii_redact(NULL) IS NULL, 'empty, blank and NULL text: no spans, NULL stays NULL');
SELECT is((SELECT count(*) FROM pii_detect(repeat('7', 1048576)))::int, 0, '1 MB of digits is scanned (linearly) and is no identifier');

-- ---- bad input ----
SELECT throws_ok($$SELECT * FROM pii_detect('x', 'xx')$$, '22023', NULL, 'unknown language: 22023');
SELECT throws_ok($$SELECT * FROM pii_detect(repeat('a', 1048577))$$, '54000', NULL, 'over 1 MB: 54000');
SELECT throws_ok($$SELECT pii_redact('x', NULL, 'bogus')$$, '22023', NULL, 'unknown style: 22023');
SELECT throws_ok($$SELECT pii_redact('x', NULL, 'pseudonym')$$, '22023', NULL, 'pseudonym style without a scope: 22023');
SELECT throws_ok($$SELECT pii_redact('x', NULL, NULL)$$, '22004', NULL, 'NULL style: 22004');

-- ---- pseudonyms: the key boundary ----
SELECT key_create('pii_test');
CREATE ROLE tst_pii_ingest IN ROLE tst_hub_pseudonymiser;
CREATE ROLE tst_pii_analyst IN ROLE tst_hub_analyst;
SET ROLE tst_pii_ingest;
SELECT is(pii_redact('call +44 7700 900123', 'en', 'pseudonym', 'pii_test'),
    'call [PHONE ' || pseudonymise('phone', '+447700900123', 'pii_test')::text || ']',
    'pseudonym style gives the token pseudonymise gives the E.164 number');
SELECT is(substr(pii_redact('07700 900123', 'en', 'pseudonym', 'pii_test'), 1, 40),
          substr(pii_redact('+44 7700-900-123', 'en', 'pseudonym', 'pii_test'), 1, 40),
    'the same number written two ways links to one token');
RESET ROLE;
SET ROLE tst_pii_analyst;
SELECT throws_ok($$SELECT pii_redact('call +44 7700 900123', 'en', 'pseudonym', 'pii_test')$$, '42501', NULL,
    'an analyst cannot make pseudonyms through pii_redact');
SELECT lives_ok($$SELECT pii_redact('call +44 7700 900123')$$, 'an analyst can redact with placeholders');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
