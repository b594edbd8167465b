-- Report classification: detect_language and classify_report in the 15 app
-- languages, negation, mixed scripts and languages, evidence offsets, bad input.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(168);

-- detect_language: script decides for ar th zh hi; letters and stop words for the rest
SELECT is(detect_language('The boss took our passports and we work every day.'), 'en', 'English');
SELECT is(detect_language('El jefe nos quitó los pasaportes y trabajamos todos los días.'), 'es', 'Spanish');
SELECT is(detect_language('Le patron a pris nos passeports, on travaille tous les jours.'), 'fr', 'French');
SELECT is(detect_language('O patrão levou os nossos documentos e não nos paga.'), 'pt', 'Portuguese');
SELECT is(detect_language('الكفيل أخذ جواز سفري ولا يسمح لي بالخروج'), 'ar', 'Arabic');
SELECT is(detect_language('Бригадир забрал паспорта, зарплату не платят уже три месяца.'), 'ru', 'Russian (ы, stop words)');
SELECT is(detect_language('Роботодавець забрав паспорти, ми працюємо без вихідних.'), 'uk', 'Ukrainian (і, є, ї)');
SELECT is(detect_language('Szef zabrał nam paszporty i nie płaci za nadgodziny.'), 'pl', 'Polish');
SELECT is(detect_language('Șeful ne-a luat buletinele și nu ne plătește.'), 'ro', 'Romanian');
SELECT is(detect_language('Chủ giữ hộ chiếu và không trả lương cho tôi.'), 'vi', 'Vietnamese');
SELECT is(detect_language('นายจ้างยึดพาสปอร์ตและไม่จ่ายค่าจ้าง'), 'th', 'Thai');
SELECT is(detect_language('老板把我们的护照收走了，三个月没发工资。'), 'zh', 'Chinese');
SELECT is(detect_language('मालिक ने पासपोर्ट रख लिया और तनख्वाह नहीं देता।'), 'hi', 'Hindi');
SELECT is(detect_language('Mwajiri amechukua pasipoti yangu na hanilipi mshahara wangu.'), 'sw', 'Swahili');
SELECT is(detect_language('Kinuha ng amo ang passport ko at hindi ako pinapalabas ng bahay.'), 'tl', 'Tagalog');
SELECT is(detect_language('ok'), NULL, 'too little text: NULL, not a guess');
SELECT is(detect_language('12345 !!!'), NULL, 'no letters: NULL');
SELECT is(detect_language(''), NULL, 'empty text: NULL');
SELECT ok((detect_language_confidence('ok')).confidence < 0.5, 'the confidence form still answers, with a low confidence');
SELECT is(detect_language('招聘网站https://jobs-overseas.example.cn/post/3321发布泰国客服，受害人护照被扣在园区，家属被要求往TFF9KgCUTJNTTzXXBnaetYFj9krzXq8skn转赎金，联系邮箱hr@overseas-jobs.example'),
    'zh', 'URLs, wallets and e-mails (Latin letters of no language) do not outvote the Chinese text');
SELECT is((detect_language_confidence('Bhai mera Saudi mein hai, kafeel ne passport le liya aur bolta hai police ko de dega')).lang,
    'hi', 'Hindi written in Latin letters (Hinglish)');

-- classify_report: one or more cases per language
CREATE TABLE cls_cases (lang text, report text, expl term, means_has term);
INSERT INTO cls_cases VALUES
 ('en', 'I work on a strawberry farm. The boss took our passports and says we owe 2000 pounds.', 'exploitation/labour/agriculture', 'control/withholds_documents'),
 ('en', 'My sister is kept in a flat and made to see men every night, they keep all the money.', 'exploitation/sexual/prostitution', 'control/takes_earnings'),
 ('es', 'Trabajo en un invernadero, el encargado nos quitó los pasaportes y no nos pagan.', 'exploitation/labour/agriculture', 'control/withholds_documents'),
 ('fr', 'Des enfants mendient devant la gare, un homme récupère l''argent le soir.', 'exploitation/begging', NULL),
 ('pt', 'Minha irmã está presa numa casa e é obrigada a fazer programa, dizem que deve 5 mil euros.', 'exploitation/sexual/prostitution', 'control/debt_bondage'),
 ('ar', 'أنا عاملة منزلية. الكفيل أخذ جواز سفري ولا يسمح لي بالخروج من البيت.', 'exploitation/labour/domestic_work', 'control/restricts_movement'),
 ('ru', 'Работаем на стройке, бригадир забрал паспорта, зарплату не платят.', 'exploitation/labour/construction', 'control/withholds_documents'),
 ('uk', 'Мій син у Камбоджі, його змушують шахраювати в інтернеті і б''ють.', 'exploitation/criminality/online_scam', 'control/physical_abuse'),
 ('pl', 'Jestem marynarzem na kutrze rybackim: biją, mało jedzenia, nie puszczają na ląd.', 'exploitation/labour/aquafarming', 'control/physical_abuse'),
 ('ro', 'Am 15 ani și părinții vor să mă mărite, mi-au luat telefonul și nu mă lasă la școală.', 'exploitation/marriage', NULL),
 ('vi', 'Chị gái em bị nhốt trong nhà và bị ép bán dâm, họ nói chị nợ 5.000 đô.', 'exploitation/sexual/prostitution', 'control/debt_bondage'),
 ('vi', 'chi gai em bi nhot trong nha va bi ep ban dam', 'exploitation/sexual/prostitution', NULL),
 ('th', 'ผมทำงานบนเรือประมง ไต้ก๋งยึดบัตรประจำตัวไว้ ถูกตีถ้าทำงานช้า', 'exploitation/labour/aquafarming', 'control/withholds_documents'),
 ('zh', '我在工地干活，老板把护照收走了，三个月没发工资。', 'exploitation/labour/construction', 'control/takes_earnings'),
 ('hi', 'हम ईंट भट्ठे पर काम करते हैं। ठेकेदार कहता है कर्ज़ चुकाए बिना कोई घर नहीं जाएगा।', 'exploitation/labour/manufacturing', 'control/debt_bondage'),
 ('sw', 'Mtu kwenye Instagram anamwomba binti yangu picha za uchi na kumtishia.', 'exploitation/sexual/online/children', NULL),
 ('tl', 'Pinipilit ang anak ko na mang-scam online sa Myanmar at binubugbog kapag hindi naabot ang quota.', 'exploitation/criminality/online_scam', 'control/physical_abuse'),
 ('es', 'Una mujer deja a tres niños pidiendo en el semáforo y por la noche un hombre recoge el dinero.', 'exploitation/begging', 'control/takes_earnings'),
 ('fr', 'Je suis bonne à tout faire, Madame m''enferme quand elle sort et me frappe.', 'exploitation/labour/domestic_work', 'control/physical_abuse'),
 ('pt', 'Num grupo de Facebook oferecem 30 mil reais por um rim, cirurgia no exterior.', 'exploitation/organ_removal', NULL),
 ('ar', 'عمري ١٥ سنة وأهلي يريدون تزويجي من رجل عمره ٤٥ سنة، أخذوا هاتفي.', 'exploitation/marriage', NULL),
 ('ru', 'Девушку заставляют заниматься проституцией, сутенёр забирает все деньги и угрожает.', 'exploitation/sexual/prostitution', 'control/takes_earnings'),
 ('uk', 'Працюю покоївкою в готелі, агенція забрала мій паспорт, прибираємо 25 номерів за зміну.', 'exploitation/labour/hospitality', 'control/withholds_documents'),
 ('pl', 'Przy dworcu codziennie żebrzą dzieci, wieczorem mężczyzna zabiera im pieniądze.', 'exploitation/begging', 'control/takes_earnings'),
 ('ro', 'Lucrez la cules de sparanghel, șeful ne-a luat buletinele și muncim până seara la 9.', 'exploitation/labour/agriculture', 'control/withholds_documents'),
 ('th', 'น้องสาวถูกบังคับให้ขายบริการ เขาบอกว่าเป็นหนี้สามล้านเยน', 'exploitation/sexual/prostitution', 'control/debt_bondage'),
 ('zh', '有个男的在QQ上让我十三岁的女儿发裸照，还威胁她。', 'exploitation/sexual/online/children', NULL),
 ('hi', 'रेड लाइट पर रोज़ छोटे बच्चे भीख माँगते हैं, शाम को एक आदमी सारे पैसे ले जाता है।', 'exploitation/begging', 'control/takes_earnings'),
 ('sw', 'Nafanya kazi kwenye boti za uvuvi Ziwa Victoria, tunapigwa na chakula kidogo.', 'exploitation/labour/aquafarming', 'control/physical_abuse'),
 ('tl', 'Kasambahay ako sa Kuwait, kinuha ng amo ang passport ko at hindi ako pinapalabas ng bahay.', 'exploitation/labour/domestic_work', 'control/withholds_documents');
SELECT is(c.exploitation, k.expl, k.lang || ': ' || left(k.report, 40))
  FROM cls_cases k, classify_report(k.report, k.lang) c;
SELECT ok(c.means @> k.means_has, k.lang || ': means include ' || k.means_has::text)
  FROM cls_cases k, classify_report(k.report, k.lang) c WHERE k.means_has IS NOT NULL;
SELECT is((classify_report(report)).language, lang, 'lang NULL detects ' || lang)
  FROM cls_cases WHERE lang IN ('en', 'ru', 'zh');

-- negation: "did not", "no me", "не", "không", "ไม่", "没有", "नहीं" (after the verb)
SELECT is((classify_report('They did not take my passport and nobody hit me, I just want to ask about overtime.', 'en')).means,
    NULL, 'en: denied means are not means');
SELECT ok((classify_report('They did not hit us, but they took our passports.', 'en')).means @> 'control/withholds_documents'::term,
    'en: negation stays inside its clause');
SELECT ok(NOT (classify_report('They did not hit us, but they took our passports.', 'en')).means @> 'control/physical_abuse'::term,
    'en: the denied means is left out');
SELECT is((classify_report('No me obligaron a nada, nunca me amenazaron.', 'es')).exploitation, NULL, 'es: nothing forced, no threat');
SELECT is((classify_report('Меня никто не бил и паспорт не забирал.', 'ru')).means, NULL, 'ru: не / никто');
SELECT is((classify_report('Không ai đánh tôi, tôi không bị nhốt.', 'vi')).means, NULL, 'vi: không');
SELECT is((classify_report('老板没有打我，也没有扣证件。', 'zh')).means, NULL, 'zh: 没有');
SELECT is((classify_report('मालिक ने मुझे मारा नहीं।', 'hi')).means, NULL, 'hi: नहीं after the verb');
SELECT ok((classify_report('They beat him if he does not scam enough people.', 'en')).evidence @> '[{"term": "exploitation/criminality/online_scam", "negated": false}]',
    'en: "if ... not" states a condition, not a denial');
SELECT ok((classify_report('She never went to school, she cooks and cleans for them.', 'en')).evidence @> '[{"term": "exploitation/servitude", "negated": false}]',
    'a pattern that holds a cue ("never went") is not negated by it');
SELECT ok((classify_report('I said no, then they took our passports.', 'en')).means @> 'control/withholds_documents'::term,
    'a cue does not reach across a comma');

-- mixed languages and scripts
SELECT is((classify_report('Help me, em bị giữ ở khu, họ lấy passport rồi bắt em chat lừa người ta đầu tư crypto.')).language,
    'vi', 'Vietnamese with English words is Vietnamese');
SELECT is((classify_report('Help me, em bị giữ ở khu, họ lấy passport rồi bắt em chat lừa người ta đầu tư crypto.')).exploitation,
    'exploitation/criminality/online_scam', 'mixed vi/en: English words count through the English lexicon');
SELECT ok((classify_report('Madam ne mera ATM card rakh liya hai aur salary nahi deti. कृपया मदद करो।')).means @> 'control/restricts_financial_access'::term,
    'Hinglish with Devanagari');
SELECT is((classify_report('Ich arbeite hier seit drei Jahren.')).exploitation, NULL, 'an uncovered language yields no answer, not a wrong one');

-- evidence: character offsets into the text
SELECT is((SELECT count(*) FROM jsonb_array_elements(c.evidence) e
            WHERE substr(r, (e->>'start')::int + 1, (e->>'end')::int - (e->>'start')::int) <> e->>'text'),
    0::int8, 'evidence offsets are 0-based character offsets: substr(text, start + 1, end - start) = span')
  FROM (VALUES ('Ma sœur est enfermée, ils ont pris son passeport et la frappent. 我的护照被收走了')) v(r),
       classify_report(v.r, 'fr') c;
SELECT is((SELECT (e->>'start') || ':' || (e->>'text') FROM jsonb_array_elements(
    (classify_report(normalize('Le patron a confisqué nos passeports.', NFD), 'fr')).evidence) e
    WHERE e->>'text' LIKE 'confis%'), '12:confisqué',
    'decomposed (NFD) input: offsets and spans refer to its NFC form');
SELECT ok((SELECT bool_and((e->>'end')::int > (e->>'start')::int) FROM jsonb_array_elements(
    (classify_report('ผมทำงานบนเรือประมง ไต้ก๋งยึดบัตรประจำตัวไว้', 'th')).evidence) e),
    'Thai spans are non-empty (ICU dictionary word boundaries)');
SELECT ok((classify_report('The boss took our passports.', 'en')).exploitation_confidence BETWEEN 0 AND 1
      AND (classify_report('The boss took our passports.', 'en')).means_confidence BETWEEN 0 AND 1,
    'confidences lie in [0, 1]');

-- empty, NULL and oversized input; bad language codes
SELECT is(row(c.exploitation, c.exploitation_confidence, c.means, c.means_confidence, c.recruitment,
              c.recruitment_confidence, c.industry, c.industry_confidence, c.language, c.evidence)::text,
    '(,0,,0,,0,,0,,[])', 'empty report: NULL terms, confidence 0, no evidence')
  FROM classify_report('') c;
SELECT is((classify_report('   ...  ')).exploitation_confidence, 0::float8, 'punctuation only: confidence 0');
SELECT ok(classify_report(NULL) IS NULL, 'NULL report: NULL');
SELECT throws_ok($$SELECT classify_report('hello', 'de')$$, '22023', NULL, 'unsupported language');
SELECT throws_ok($$SELECT classify_report('hello', 'EN')$$, '22023', NULL, 'language codes are lower-case ISO 639-1');
SELECT throws_ok($$SELECT classify_report('hello', '')$$, '22023', NULL, 'empty language code');
SELECT throws_like($$SELECT classify_report('hello', 'xx')$$, '%unsupported report language%', 'the message names the problem');
SELECT throws_ok($$SELECT classify_report(repeat('a', 1048577))$$, '54000', NULL, 'over 1 MB: 54000');
SELECT throws_ok($$SELECT detect_language(repeat('a', 1048577))$$, '54000', NULL, 'detect_language over 1 MB: 54000');
SELECT lives_ok($$SELECT classify_report(repeat('They took my passport. ', 40000), 'en')$$, 'just under 1 MB is read');
-- scripts none of the lexicons use, whose letters decompose into several (Hangul: 3 jamo)
SELECT is((classify_report(repeat('한국어 여권을 빼앗겼어요 ', 2000))).exploitation, NULL, 'Korean: no answer, no crash');
SELECT is((classify_report(repeat('ᾂᾂ ǖǖ ', 2000), 'en')).exploitation_confidence, 0::float8, 'letters with long decompositions');
SELECT is(detect_language(repeat('한국어 ', 100)), NULL, 'Korean is none of the 15');

-- endings: a dictionary-form pattern word matches its inflected forms, within limits
SELECT ok((classify_report('Lucrăm la fermele din sud.', 'ro')).evidence @> '[{"term": "exploitation/labour/agriculture", "text": "fermele"}]',
          'Romanian: the pattern ferma matches fermele (stem ferm + ending)');
SELECT ok((classify_report('We used to work on farms and in constructions.', 'en')).evidence @> '[{"term": "exploitation/labour/construction", "text": "constructions"}]',
          'English: construction matches constructions');
SELECT ok(NOT (classify_report('Lucrăm la fermentarea vinului.', 'ro')).evidence @> '[{"text": "fermentarea"}]',
          'an ending longer than three letters is another word (fermentarea is not ferma)');
-- fifth pass: context rules (promise, age and child words, lawful context, pretexts), each with a false-alarm guard
CREATE TABLE cls_context (lang text, report text, expl term, what text);
INSERT INTO cls_context VALUES
 ('en', 'They promised her a job as a waitress in a hotel, but she is made to sleep with men every night.', 'exploitation/sexual/prostitution', 'what happened outweighs the promised job'),
 ('ru', 'Ей обещали работу официанткой в отеле, а там забрали паспорт и заставляют обслуживать клиентов.', 'exploitation/sexual/prostitution', 'ru: promised job vs what happened'),
 ('en', 'I work as a waitress in a hotel, the boss took my passport and does not pay me.', 'exploitation/labour/hospitality', 'guard: work that is not promised still counts'),
 ('en', 'She is 12 and works in the brick kiln every day.', 'exploitation/child_labour', 'an age under 18 linked to the work'),
 ('es', 'Un niño de 11 años vende chicles en el semáforo todo el día.', 'exploitation/child_labour', 'es: niño de 11 años selling'),
 ('ro', 'Fata are 13 ani și lucrează la cules de struguri toată ziua.', 'exploitation/child_labour', 'ro: are 13 ani'),
 ('zh', '他才十四岁，在砖厂干活，每天搬砖。', 'exploitation/child_labour', 'zh: 十四岁, a number word'),
 ('ar', 'عمره ١٢ سنة ويعمل في مصنع الطوب طوال اليوم.', 'exploitation/child_labour', 'ar: Arabic-Indic digits under 18'),
 ('en', 'He is 35 and works on a farm, the boss took his passport.', 'exploitation/labour/agriculture', 'guard: an adult age is no child'),
 ('ar', 'عمره ٣٥ سنة ويعمل في مصنع الطوب، صاحب العمل أخذ جوازه.', 'exploitation/labour/manufacturing', 'guard: ٣٥ is no child'),
 ('es', 'Trabajé 3 años en una obra, el jefe me quitó el pasaporte y no me paga.', 'exploitation/labour/construction', 'guard: "3 años" as a duration is no age'),
 ('en', 'I am a nanny, I look after the children, madam took my passport and locks me in.', 'exploitation/labour/domestic_work', 'guard: the children a nanny looks after'),
 ('en', 'My parents will give her to him in exchange for cows. She is only fourteen.', 'exploitation/marriage', 'marriage in everyday words, with a child'),
 ('sw', 'Wazazi wanataka kumpa mzee binti yao wa miaka 14 kwa ng''ombe kumi.', 'exploitation/marriage', 'sw: given to an old man for cattle'),
 ('en', 'My sister is married and works in a shop.', NULL, 'guard: being married is no exploitation'),
 ('en', 'My niece was sent to the city to study but she cleans the house all day and never goes to school.', 'exploitation/servitude', 'servitude under the pretext of schooling'),
 ('fr', 'La petite de 10 ans est vidomègon chez une tante à Cotonou : elle fait le ménage toute la journée.', 'exploitation/servitude', 'fr: vidomègon'),
 ('en', 'I work 50 hours a week, overtime is paid. Is it legal for my employer to ask for Saturdays too?', NULL, 'lawful context: a question about hours'),
 ('en', 'Can my employer keep my passport?', NULL, 'lawful context: a question about a passport'),
 ('pt', 'Trabalho 44 horas por semana, com carteira assinada e horas extras pagas. Meu patrão pode ficar com meu passaporte?', NULL, 'pt: lawful context'),
 ('en', 'Overtime is not paid, the employer keeps my passport and I work 16 hours a day.', 'exploitation/labour', 'guard: a negated lawful cue lowers nothing');
SELECT is(c.exploitation, k.expl, k.lang || ': ' || k.what)
  FROM cls_context k, classify_report(k.report, k.lang) c;
SELECT ok(coalesce((classify_report('A man sends the children to beg at the station and takes all the money.', 'en')).means
          @> 'control/uses_children'::term, false), 'children sent to beg: uses_children');
SELECT ok(coalesce((classify_report('Una mujer usa a los niños para pedir en el metro y se queda con el dinero.', 'es')).means
          @> 'control/uses_children'::term, false), 'es: children used to beg');
SELECT ok(NOT coalesce((classify_report('My daughter and my son are at home, I work on a farm and the boss took my passport.', 'en')).means
          @> 'control/uses_children'::term, false), 'guard: children mentioned are no means of control');
SELECT ok(NOT coalesce((classify_report('She is 12 and works in the brick kiln every day, the owner shouts at the children.', 'en')).means
          @> 'control/uses_children'::term, false), 'guard: child labour alone is not uses_children');
SELECT ok((classify_report('They promised her a job as a waitress in a hotel, but she is made to sleep with men every night.', 'en')).evidence
          @> '[{"term": "exploitation/labour/hospitality", "weight": 0.20}]',
          'evidence shows the promised work at a quarter of its weight');
SELECT is((classify_report('I answered a job advert on Facebook for a warehouse job in Poland, they took our passports.', 'en')).recruitment,
    'recruitment/online/advertisement', 'a job advert on a social network is an advertisement');
SELECT is((classify_report('A man wrote to me on Facebook and offered a job, then they took my passport.', 'en')).recruitment,
    'recruitment/online/social_network', 'a contact through a social network is the social network');
-- sixth pass: hours in digits, violence under a condition, everyday means, negations, agencies
CREATE TEMP TABLE cls_means6 (lang text, report text, term text, present bool, what text);
INSERT INTO cls_means6 VALUES
 ('en', 'We pick apples, 14 hours a day, and they took our passports.', 'control/excessive_working_hours', true, 'long hours in digits'),
 ('en', 'I work 8 hours in a shop and they took our passports.', 'control/excessive_working_hours', false, 'guard: 8 hours is an ordinary day'),
 ('pl', 'Pracuję w kebabie od 10 do 2 w nocy, szef trzyma mój paszport.', 'control/excessive_working_hours', true, 'pl: a span of clock times past midnight'),
 ('pl', 'Pracuję od 8 do 16 w sklepie, szef trzyma mój paszport.', 'control/excessive_working_hours', false, 'pl guard: an eight-hour span'),
 ('zh', '我在工厂每天工作16小时，老板扣着我的护照。', 'control/excessive_working_hours', true, 'zh: 16 hours'),
 ('en', 'they said work until i pay back, my wages go straight to the boss and i dont get money', 'control/takes_earnings', true, 'earnings in everyday words'),
 ('es', 'La tía cobra su sueldo y no le llega nada, trabaja de interna.', 'control/takes_earnings', true, 'es: someone else collects the wage'),
 ('ru', 'Всю выручку забирает хозяйка, я должна ещё за билет.', 'control/takes_earnings', true, 'ru: the takings go to the owner'),
 ('en', 'Nobody takes my wages, I am paid every Friday.', 'control/takes_earnings', false, 'negation: nobody takes my wages'),
 ('ar', 'الكفيل اخذ جوازي وما يخلوني اطلع من البيت', 'control/restricts_movement', true, 'ar: not let out of the house'),
 ('tl', 'DH ako sa kuwait, kinuha ng amo passport ko, bawal lumabas.', 'control/restricts_movement', true, 'tl: not allowed out'),
 ('en', 'I am not locked in, I can go out when I want.', 'control/restricts_movement', false, 'negation: not locked in'),
 ('fr', 'On dort à 15 dans une grange sans douche et on mange les restes.', 'control/withholds_necessities', true, 'fr: no shower, leftovers'),
 ('fr', 'Il la frappe si elle veut partir et prend tout l''argent.', 'control/threats/violence', true, 'fr: violence under a condition is a threat'),
 ('ro', 'Dacă se oprește îl bate, zice că îi datorează drumul.', 'control/threats/violence', true, 'ro: beaten if he stops'),
 ('en', 'The supervisor hit him last week.', 'control/threats/violence', false, 'guard: violence without a condition is no threat'),
 ('en', 'They beat him if he misses the target in the compound.', 'control/threats/violence', false, 'guard: punishment for a missed target is abuse, not a threat'),
 ('en', 'They said they will beat her if she runs away.', 'control/threats/violence', true, 'violence for running away is a threat'),
 ('en', 'No one took my passport and nobody locks us in.', 'control/withholds_documents', false, 'negation: no one took my passport');
SELECT is(coalesce(c.means @> k.term::term, false), k.present, k.lang || ': ' || k.what)
  FROM cls_means6 k, classify_report(k.report, k.lang) c;
SELECT is((classify_report('No one took my passport and nobody locks us in.', 'en')).means, NULL,
    'negations: no means of control at all');
SELECT is((classify_report('I came through a recruitment agency in Manila, the employer keeps my passport and does not pay me.', 'en')).recruitment,
    'recruitment/place_of_business', 'an agency that placed the person is a place of business');
SELECT is((classify_report('Pracuję w przetwórni ryb przez agencję pracy, potrącają z pensji i trzymają paszport.', 'pl')).recruitment,
    'recruitment/place_of_business', 'pl: agencja pracy');
SELECT is((classify_report('我在香港做家佣，中介介绍来的，雇主扣着我的护照。', 'zh')).recruitment,
    'recruitment/place_of_business', 'zh: 中介');
SELECT is((classify_report('Two of the lads can''t be more than 13, they work on the building site from 6am and the boss keeps their pay.', 'en')).exploitation,
    'exploitation/child_labour', 'child labour told through age');
SELECT is((classify_report('My employer wants me to do 50 hours a week. I do get overtime paid. Is that legal?', 'en')).exploitation,
    NULL, 'a lawful question about long hours is no exploitation');
SELECT * FROM finish();
ROLLBACK;
