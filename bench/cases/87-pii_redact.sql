-- pii_redact: placeholder redaction of reports of ~500 characters in the 15 languages
-- (phones, e-mails, IBANs, names, addresses, handles mixed into ordinary text), against
-- lower(text) over the same rows: both read and rewrite every character once.
-- Throughput (MB/s) = pg_size of the texts / the test's median time; the goal is
-- >= 20 MB/s per core and a ratio <= 15.
-- Rows: psql variable pii_reports, default 100000.
\if :{?pii_reports}
\else
\set pii_reports 100000
\endif
CREATE TABLE bench.pii_reports AS
WITH parts(k, s) AS (
    SELECT k - 1, s FROM unnest(ARRAY[
        'I work on a farm near the coast, the boss took our passports and says we owe money for the flights. ',
        'My sister Amina answered an ad for a waitress job and now she is kept in a flat at 14 Carlton Road. ',
        'Me llamo José García, trabajo en un invernadero sin contrato y no me dejan salir los domingos. ',
        'Llámame al 612 345 678 o escribe a ayuda.segura@proton.me, por favor, tengo miedo. ',
        'Je m''appelle Marie, mon patron garde mon passeport et je travaille quinze heures par jour. ',
        'Minha irmã foi para Portugal por uma proposta de trabalho que viu no Instagram @salao_top. ',
        'أعمل في تنظيف غرف فندق، الوكالة أخذت جوازي ونعمل ١٢ ساعة بدون استراحة، رقمي +966 55 123 4567. ',
        'Меня зовут Анна Петрова, нас держат в квартире на ул. Ленина, д. 5, телефон 8 (916) 123-45-67. ',
        'Нам не платять третій місяць, бригадир забрав паспорти, дзвоніть 097 555 12 34. ',
        'Pracuję w magazynie bez umowy, szef zabrał dowód osobisty, konto PL61 1090 1014 0000 0712 1981 2874. ',
        'Lucrez la o fermă din Spania, patronul ne ține actele și ne amenință, strada Victoriei nr. 12. ',
        'Em làm ở tiệm nail, chủ giữ hộ chiếu, nói em còn nợ 20.000 bảng, số em 0912 345 678. ',
        'ผมชื่อสมชาย ใจดี ทำงานบนเรือประมง นายจ้างยึดหนังสือเดินทาง โทร 081-234-5678 ',
        '我叫王小明，在工厂每天工作十四个小时，老板扣了我的护照，电话13812345678。 ',
        'मेरा नाम प्रिया शर्मा है, मालिक पैसे नहीं देता, फोन 98765 43210, कृपया मदद करें। ',
        'Nafanya kazi kwenye boti za uvuvi, tunapigwa, chakula kidogo, piga simu 0712 345 678. ',
        'Ako si Maricel, kinuha ng amo ang aking pasaporte at hindi ako pinapalabas ng bahay. ',
        'Case note: client worked on building sites for 8 months without pay, card 4111 1111 1111 1111. ',
        'The recruiter sent a link https://jobs-abroad.example.com/apply?id=77 and a Telegram: @agent_ivan. ',
        'They asked to pay the fee to IBAN GB82 WEST 1234 5698 7654 32 before the visa was issued. '
    ]) WITH ORDINALITY AS u(s, k)
)
SELECT i, string_agg(p.s, '' ORDER BY j) || ' ref ' || i AS body
  FROM generate_series(1, :pii_reports) i,
       generate_series(0, 5) j,
       LATERAL (SELECT s FROM parts WHERE k = ((i::int8 * 7919 + j * 104729) % 20)) p
 GROUP BY i;
VACUUM ANALYZE bench.pii_reports;
SELECT bench.add_case('pii_redact', 15.0,
    $b$SELECT sum(length(lower(body))) FROM bench.pii_reports$b$,
    $t$SELECT sum(length(tst_hub.pii_redact(body))) FROM bench.pii_reports$t$);
