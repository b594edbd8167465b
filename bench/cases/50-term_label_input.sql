-- term_label_input (informational): text -> term input from display labels in all 15
-- languages (ICU folding and label lookup, e.g. 'Forced labour') against text -> int4,
-- 200,000 values each (bench.label_strings).
SELECT bench.add_case('term_label_input', NULL,
    $b$SELECT count(int_text::int4) FROM bench.label_strings$b$,
    $t$SELECT count(label_text::tst_hub.term) FROM bench.label_strings$t$);
