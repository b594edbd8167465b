-- classify_report: map 100k free-text reports of about 500 characters (English, Spanish,
-- Russian, Arabic, Thai, Chinese; sentences drawn from a fixed list, so every report
-- differs) onto the taxonomy, against lower(text) on the same reports (a baseline that
-- also reads every character once).  With the language given (as the app sends it) and
-- with the language detected first.
-- Rows: psql variable reports, default 100000.
\if :{?reports}
\else
\set reports 100000
\endif
CREATE TABLE bench.report_sentences (lang text, k int, s text);
INSERT INTO bench.report_sentences
SELECT l, k - 1, s FROM (VALUES
 ('en', ARRAY['I work on a farm near the coast and we pick fruit from five in the morning.',
              'The boss took our passports when we arrived and says we owe money for the flights.',
              'They did not hit us but we cannot leave the caravans at night.',
              'My sister answered an advert for a waitress job and now she is kept in a flat.',
              'We sleep eight in a container and there is no hot water.',
              'Nobody forced me, I only want to ask about my visa and my payslip.',
              'He pays us one hundred pounds a week for eighty hours in the kitchen.',
              'Please call me on the number I gave, not on my old phone.']),
 ('es', ARRAY['Trabajo en un invernadero en Almería desde las seis de la mañana.',
              'El encargado nos quitó los pasaportes y no nos pagan desde hace dos meses.',
              'No me pegan, pero no me dejan salir del piso los domingos.',
              'Mi prima vino por una oferta de trabajo que vio en Facebook.',
              'Dormimos en la obra, sin agua caliente, catorce horas diarias.',
              'Solo quiero saber cómo renovar mi permiso de residencia.',
              'Dice que debemos el viaje y que si hablamos nos denunciará a la policía.',
              'Mi número es el mismo de siempre, escríbeme por WhatsApp.']),
 ('ru', ARRAY['Работаем на стройке в Подмосковье, бригадир забрал паспорта.',
              'Зарплату не платят третий месяц, говорит, что мы должны за жильё.',
              'Меня никто не бил, но из общежития не выпускают.',
              'Сестра поехала работать официанткой по объявлению во ВКонтакте.',
              'Живём в вагончике на объекте, нет горячей воды.',
              'Подскажите, как продлить патент, это не жалоба.',
              'Работаем по четырнадцать часов без выходных.',
              'Мой номер тот же, пишите в Телеграм.']),
 ('ar', ARRAY['أنا عاملة منزلية والكفيل أخذ جواز سفري.',
              'لا يسمح لي بالخروج من البيت وأعمل حتى منتصف الليل.',
              'لم يضربني أحد لكنهم لا يدفعون الراتب منذ شهرين.',
              'صديقة قالت لي إن هناك عملا في صالون تجميل.',
              'ننام في المطبخ ونأكل مرة واحدة في اليوم.',
              'أريد فقط أن أعرف كيف أجدد الإقامة.',
              'يقولون إننا مدينون بثمن التذاكر.',
              'اتصلوا بي على نفس الرقم عبر واتساب.']),
 ('th', ARRAY['ผมทำงานบนเรือประมง ไต้ก๋งยึดบัตรประจำตัวไว้',
              'ไม่ได้ขึ้นฝั่งมาหกเดือนแล้ว ได้กินข้าววันละมื้อ',
              'ไม่มีใครทำร้ายผม แต่ไม่จ่ายค่าจ้าง',
              'เพื่อนชวนไปทำงานร้านอาหารที่มาเลเซีย',
              'นายหน้าบอกว่าเป็นหนี้ค่าเดินทาง',
              'อยากทราบวิธีต่อใบอนุญาตทำงาน',
              'ทำงานวันละสิบสี่ชั่วโมงไม่มีวันหยุด',
              'ติดต่อทางไลน์ได้ตลอด']),
 ('zh', ARRAY['我在工地干活，老板把我们的护照收走了。',
              '三个月没发工资，说我们欠中介钱。',
              '没有人打我，但是不让我们出门。',
              '我妹妹看了微信上的广告去国外当服务员。',
              '我们住在铁皮房里，没有热水。',
              '请问工作签证怎么续签？',
              '每天干十四个小时，没有休息日。',
              '我的电话没变，可以发微信。'])) v(l, arr), unnest(arr) WITH ORDINALITY u(s, k);
CREATE TABLE bench.reports AS
SELECT i, x.lang, string_agg(r.s, ' ' ORDER BY j) AS report
  FROM generate_series(1, :reports) i
 CROSS JOIN LATERAL (SELECT (ARRAY['en','es','ru','ar','th','zh'])[i % 6 + 1] AS lang) x
 CROSS JOIN generate_series(0, 10) j
  JOIN bench.report_sentences r ON r.lang = x.lang AND r.k = (i * 7 + j * (i % 5 + 1)) % 8
 GROUP BY i, x.lang;
VACUUM ANALYZE bench.reports;
SELECT bench.add_case('classify_report', NULL,
    $b$SELECT count(lower(report)) FROM bench.reports$b$,
    $t$SELECT count(c.exploitation_confidence) FROM bench.reports r, LATERAL tst_hub.classify_report(r.report, r.lang) c$t$);
SELECT bench.add_case('classify_report_detect', NULL,
    $b$SELECT count(lower(report)) FROM bench.reports$b$,
    $t$SELECT count(c.exploitation_confidence) FROM bench.reports r, LATERAL tst_hub.classify_report(r.report) c$t$);
SELECT bench.add_case('detect_language', NULL,
    $b$SELECT count(lower(report)) FROM bench.reports$b$,
    $t$SELECT count(tst_hub.detect_language(report)) FROM bench.reports$t$);
