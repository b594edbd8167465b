-- term_text_input: text -> term input (canonical paths) against text -> int4 input,
-- 1,000,000 values each.
SELECT bench.add_case('term_text_input', 2.0,
    $b$SELECT count(int_text::int4) FROM bench.strings$b$,
    $t$SELECT count(term_text::tst_hub.term) FROM bench.strings$t$);
