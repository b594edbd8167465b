-- canonicalisers for e-mail addresses, names and document numbers
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

SELECT v, canon_email(v) FROM unnest(ARRAY[
    'John.Doe@Example.ORG', '  john.doe@example.org  ', 'JOHN.DOE@EXAMPLE.ORG',
    'anna@bücher.de', 'anna@xn--bcher-kva.de', 'ＡＮＮＡ@ＢÜＣＨＥＲ.ＤＥ', 'user+tag@mail.example.com',
    'δοκιμή@παράδειγμα.ελ']) v;
SELECT canon_email('no-at-sign');
SELECT canon_email('two@@example.org');
SELECT canon_email('@example.org');
SELECT canon_email('user@');
SELECT canon_email('user@localhost');
SELECT canon_email('.user@example.org');
SELECT canon_email('us..er@example.org');
SELECT canon_email('"quoted"@example.org');
SELECT canon_email('user@exa mple.org');
SELECT canon_email('user@-example.org');
SELECT canon_email(E'user@example.org\n');
SELECT canon_email(repeat('a', 65) || '@example.org');

SELECT v, canon_name(v) FROM unnest(ARRAY[
    'José  Núñez-García', 'JOSE NUNEZ GARCIA', 'Zoë O''Brien', 'Łukasz Żółć', 'Nguyễn Văn Đức',
    'Владимир Иванов', 'محمد عبد الله', 'สมชาย ใจดี', '李小龙', 'राम कुमार', 'Ｆｕｌｌ　Ｗｉｄｔｈ']) v;
SELECT canon_name('Владимир Иванов', true) AS cyrillic_to_latin, canon_name('李小龙', true) AS han_to_latin;
SELECT canon_name(' -- ');
SELECT canon_name(E'Ann\tSmith');

SELECT v, canon_doc_id(v) FROM unnest(ARRAY['AB 123 456', 'ab-123.456', 'ＡＢ１２３４５６', 'x/12_34']) v;
SELECT canon_doc_id('AB#123');
SELECT canon_doc_id('A-1');
SELECT canon_doc_id(repeat('9', 41));
SELECT canon_doc_id('Ä123456');
