-- PII person names, the names pass of 0.2.0: lower-case names after a
-- relation (with the relation's possessive after it),
-- bare names signing a message (after a sentence's end, around contact
-- details, Thai nicknames), names in local scripts after a role, initials,
-- and the false alarms these rules must not raise (business names, calls
-- for help, labels of contact details, verbs before an age).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(78);

-- the names found, in order
CREATE FUNCTION pg_temp.names(t text, l text) RETURNS text LANGUAGE sql AS
$$ SELECT coalesce(string_agg(value, ' | ' ORDER BY start), '') FROM tst_hub.pii_detect(t, l) WHERE kind = 'NAME' $$;

-- ---- lower-case names after a relation, one language each ----
SELECT is(pg_temp.names('im worried about my niece tamika shes 16', 'en'), 'tamika', 'a given name in lower case after a relation (en)');
SELECT is(pg_temp.names('mi prima yuliana trabaja de interna', 'es'), 'yuliana', '... after "mi prima" (es)');
SELECT is(pg_temp.names('ma nièce aminata est à Marseille', 'fr'), 'aminata', '... after "ma nièce" (fr)');
SELECT is(pg_temp.names('minha irmã jaqueline está em Lisboa', 'pt'), 'jaqueline', '... after "minha irmã" (pt)');
SELECT is(pg_temp.names('fiica mea andreea are 17 ani', 'ro'), 'andreea', '... after "fiica mea": the possessive is part of the cue (ro)');
SELECT is(pg_temp.names('moja siostra kasia pracuje w szklarni', 'pl'), 'kasia', '... after "moja siostra" (pl)');
SELECT is(pg_temp.names('дочь настя уехала в Турцию', 'ru'), 'настя', '... after "дочь" (ru)');
SELECT is(pg_temp.names('мій брат тарас працює на фермі', 'uk'), 'тарас', '... after "мій брат" (uk)');
SELECT is(pg_temp.names('em trai em tên hoàng văn tú đi campuchia', 'vi'), 'hoàng văn tú', 'a full Vietnamese name in lower case after "em tên"');
SELECT is(pg_temp.names('meri bhanji sunita ko delhi le gaye', 'hi'), 'sunita', '... after romanised "meri bhanji" (hi)');
SELECT is(pg_temp.names('kaka yangu brian otieno alienda Oman', 'sw'), 'brian otieno', '... after "kaka yangu" (sw)');
SELECT is(pg_temp.names('nasa Riyadh siya. joy ang pangalan niya', 'tl'), 'joy', 'a name before "ang pangalan niya" (tl)');
SELECT is(pg_temp.names('mi hija tiene 15 años', 'es'), '', 'a verb and an age after a relation are no name (es)');
SELECT is(pg_temp.names('брат пропал 2 года назад', 'ru'), '', '... nor a past-tense verb and a duration (ru)');
SELECT is(pg_temp.names('em gái tôi 17 tuổi', 'vi'), '', '... nor a pronoun and an age (vi)');
SELECT is(pg_temp.names('ma fille depuis 2 ans', 'fr'), '', '... nor a preposition and a duration (fr)');

-- ---- local scripts after a role or relation ----
SELECT is(pg_temp.names('我表弟李俊杰去年去了泰国', 'zh'), '李俊杰', 'a Chinese name after 表弟');
SELECT is(pg_temp.names('当事人黄某，女，17岁', 'zh'), '黄某', '某 after a family name, after 当事人');
SELECT is(pg_temp.names('包工头叫赵老四，欠了工钱', 'zh'), '赵老四', 'a name after 叫 ("is called")');
SELECT is(pg_temp.names('钱打到陈某的银行卡', 'zh'), '陈某', 'a family name and 某 with no cue');
SELECT is(pg_temp.names('o empreiteiro Joaquim Pires aloja os trabalhadores', 'pt'), 'Joaquim Pires', 'a name after a role (pt)');
SELECT is(pg_temp.names('他叫人打我们', 'zh'), '', '... but 叫 before 人 or a pronoun means "tell"');
SELECT is(pg_temp.names('بنت خالتي سلمى تشتغل خادمة', 'ar'), 'سلمى', 'an Arabic name after بنت خالتي');
SELECT is(pg_temp.names('الكفيل أبو فهد أخذ جوازي', 'ar'), 'أبو فهد', 'a kunya (أبو ...) after الكفيل');
SELECT is(pg_temp.names('Примітка: клієнт Петро Гуменюк, 44 р.', 'uk'), 'Петро Гуменюк', 'a name after клієнт (uk)');
SELECT is(pg_temp.names('ईंट भट्ठे पर ठेकेदार सुरेश पैसे नहीं देता', 'hi'), 'सुरेश', 'a Hindi name after ठेकेदार');

-- ---- signatures ----
SELECT is(pg_temp.names('no podemos salir del hotel sin el guardia. Fer', 'es'), 'Fer', 'a capitalised word alone after a sentence''s end signs the message');
SELECT is(pg_temp.names('Quanto tempo eu tenho? Rogério (21) 97744-1093', 'pt'), 'Rogério', 'a name before a phone number at the end');
SELECT is(pg_temp.names('Chủ lấy hộ chiếu. Liên hệ +7 925 301 44 18 Hùng', 'vi'), 'Hùng', 'a name after a phone number at the end');
SELECT is(pg_temp.names('Pozdrawiam Ania ania.w92@poczta.example.pl', 'pl'), 'Ania', 'a name after a sign-off, before an e-mail address');
SELECT is(pg_temp.names('sabi niya babayaran ko pa. ronnie +60 12-558 2041', 'tl'), 'ronnie', 'a lower-case name between a sentence''s end and a phone number');
SELECT is(pg_temp.names('ما نأخذ الراتب. راجيش +974 5512 8830', 'ar'), 'راجيش', 'an Arabic name before a phone number');
SELECT is(pg_temp.names('कहां शिकायत करूं? अंकित +91 98110 45276', 'hi'), 'अंकित', 'a Hindi name before a phone number');
SELECT is(pg_temp.names('ยึดพาสปอร์ต ช่วยด้วยค่ะ น้องฝ้าย', 'th'), 'น้องฝ้าย', 'a Thai nickname with น้อง after a polite ending');
SELECT is(pg_temp.names('ไม่ได้ออกไปไหน มะซู', 'th'), 'มะซู', 'a Burmese name with มะ (Ma) at the end (th)');
SELECT is(pg_temp.names(E'Est-ce normal ?\nCordialement, Karim B.', 'fr'), 'Karim B.', 'a name and an initial after a sign-off');
SELECT is(pg_temp.names('me quitaron el pasaporte. Ayúdenme', 'es'), '', 'a call for help is no signature');
SELECT is(pg_temp.names('They took my passport. Urgent', 'en'), '', '... nor "Urgent"');
SELECT is(pg_temp.names('Obrigada. Aguardo resposta', 'pt'), '', 'two words after a sign-off need capitals to sign');
SELECT is(pg_temp.names('L''employeur le menace. Référente : c.martin@example.fr', 'fr'), '', 'a word before a colon labels the contact');
SELECT is(pg_temp.names('Из общежития не выпускают. Пишите help.me@example.ru', 'ru'), '', 'an unknown word before an e-mail address is no signature');
SELECT is(pg_temp.names('Забрали паспорт. Контакт +7 925 301 44 18', 'ru'), '', 'a label before a phone number is no signature');
SELECT is(pg_temp.names('เขายึดพาสปอร์ต ช่วยด้วยค่ะ ด่วน', 'th'), '', '"urgent" after a polite ending is no Thai signature');
SELECT is(pg_temp.names('my boss said no. Why?', 'en'), '', 'a one-word question is no signature');
SELECT is(pg_temp.names('No nos pagan. Nunca', 'es'), '', 'a one-word sentence is no signature (es)');
SELECT is(pg_temp.names('Помогите. Звоните +7 925 301 44 18', 'ru'), '', '"ring" before a phone number is no signature (ru)');
SELECT is(pg_temp.names('Socorro. Ligue (21) 97744-1093', 'pt'), '', '... nor "Ligue" (pt)');

-- ---- initials ----
SELECT is(pg_temp.names('Nota de caso: usuaria E.Q.M., 19 años', 'es'), 'E.Q.M.', 'initials after a role (es)');
SELECT is(pg_temp.names('Qui dois-je contacter ? J. Morel, 5 rue Pasteur', 'fr'), 'J. Morel', 'an initial and a surname with no cue');
SELECT is(pg_temp.names('Справка: гражданин Узбекистана Бахром К., 29 лет', 'ru'), 'Бахром К.', 'a name with a final initial after a role and a country (ru)');
SELECT is(pg_temp.names('Notatka: ob. Ukrainy Serhij M., 38 l.', 'pl'), 'Serhij M.', '... after "ob." and a country (pl)');
SELECT is(pg_temp.names('pesa zinatolewa na wakala Abdallah S. kila mwezi', 'sw'), 'Abdallah S.', 'a known name and an initial after a role (sw)');
SELECT is(pg_temp.names('We chose Plan B. Then we left', 'en'), '', 'a capital letter ending a capitalised run is no initial');

-- ---- business names and places ----
SELECT is(pg_temp.names('NH-44, Panipat bypass, Sharma Dhaba', 'hi'), '', 'a surname before "Dhaba" names a business');
SELECT is(pg_temp.names('we work at Patel Brothers Cash and Carry and Khan Traders', 'en'), '', '... before "Brothers", "Traders"');
SELECT is(pg_temp.names('Gupta Sweets aur Verma Hotel me bachche kaam karte hain', 'hi'), '', '... before "Sweets", "Hotel"');
SELECT is(pg_temp.names('mera bhai Laos gaya tha call centre job ke liye', 'hi'), '', 'a place after a relative (Hindi word order) is no name');
SELECT is(pg_temp.names('Ujumbe kutoka kwa dada yangu Jeddah', 'sw'), '', '... nor in Swahili');
SELECT is(pg_temp.names('Boulangerie Martin embauche des jeunes', 'fr'), '', 'a given name after a capitalised business word is its name');

-- ---- main-corpus pass: Dr in French, Thai nicknames after a role, Ali ----
SELECT is(pg_temp.names('Sur un groupe Facebook un certain Dr Karim cherche des donneurs', 'fr'), 'Karim', '"Dr" without a dot is a title in French');
SELECT is(pg_temp.names('Il faut voir le Dr demain matin.', 'fr'), '', '... but takes no lower-case word');
SELECT is(pg_temp.names('ถูกบังคับในร้านนวด เจ้าของร้าน เจ๊แดง เก็บเงินหมด', 'th'), 'เจ๊แดง', 'a Thai nickname with เจ๊ after "shop owner"');
SELECT is(pg_temp.names('เพื่อน น้องมิ้นท์ ถูกขังไว้ที่ร้าน', 'th'), 'น้องมิ้นท์', '... with น้อง after "friend"');
SELECT is(pg_temp.names('เจ้าของร้าน พี่ชาย ของเขา ไม่ยอมจ่ายเงิน', 'th'), '', 'a kin word starting like a nickname prefix is no name (th)');
SELECT is(pg_temp.names('แม่ พี่ น้อง ทุกคนเป็นห่วง', 'th'), '', 'a nickname prefix alone is a pronoun, no name (th)');
SELECT is(pg_temp.names('لا يعطونني راتبي ويقفلون علي الباب.', 'ar'), '', 'علي alone may be the preposition ("on me"): no name');
SELECT is(pg_temp.names('اسمي علي وأعمل في مزرعة', 'ar'), 'علي', '... but after an introduction it is Ali');
SELECT is(pg_temp.names('الكفيل علي الأحمد أخذ جوازي', 'ar'), 'علي الأحمد', '... and after a role with a family name');

-- ---- companies named with their legal form ----
SELECT is(pg_temp.names('Signalement : la société BTP Rapide SARL verse les salaires', 'fr'), 'BTP Rapide SARL', 'capitalised words before SARL name a company');
SELECT is(pg_temp.names('Notatka PIP: agencja Work-Pol Sp. z o.o. zatrzymuje paszporty', 'pl'), 'Work-Pol Sp. z o.o.', '... before "Sp. z o.o." (pl)');
SELECT is(pg_temp.names('we were hired by Sunrise Foods Ltd. in Leeds', 'en'), 'Sunrise Foods Ltd.', '... before "Ltd." (en)');
SELECT is(pg_temp.names('Справка: ООО «СтройМонолит» держит паспорта рабочих', 'ru'), '«СтройМонолит»', 'the quoted name after ООО (ru)');
SELECT is(pg_temp.names('công ty môi giới Công ty TNHH Nhân Lực Á Châu thu phí', 'vi'), 'Nhân Lực Á Châu', 'the capitalised name after "Công ty TNHH", stop words included (vi)');
SELECT is(pg_temp.names('Ltd companies must file accounts. a ltd company hired us', 'en'), '', 'a legal form alone or after lower-case words names nothing');
SELECT is(pg_temp.names('Справка: ООО держит паспорта, ООО не платит', 'ru'), '', '... nor before a lower-case word (ru)');
SELECT is(pg_temp.names('la SARL ne paie pas, une sarl de nettoyage', 'fr'), '', '... nor in French');

SELECT is(pg_temp.names('The labour provider Greenfield Staffing charged us visa fees', 'en'), 'Greenfield', 'a name after "labour provider", a role (en)');
SELECT is(pg_temp.names('the labour provider said we owe money. The labour provider Ltd wanted more', 'en'), '', '... not a lower-case word or a legal form alone');

SELECT * FROM finish();
ROLLBACK;
