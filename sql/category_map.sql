-- partner category mapping with ICU-folded labels and an unmapped queue
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

INSERT INTO category_map (org_id, local_label, term) VALUES
    (7, 'Explotación laboral', 'exploitation/labour'),
    (7, 'Trata con fines sexuales', 'exploitation/sexual'),
    (9, 'Forced Labour (agri)', 'exploitation/labour/agriculture');

SELECT org_id, local_label, label_key, term FROM category_map ORDER BY org_id, local_label;

-- matching is case-, accent-, width- and punctuation-insensitive, per organisation
SELECT map_category(7, 'EXPLOTACION LABORAL') AS folded,
       map_category(7, 'explotación   laboral!') AS spaced,
       map_category(9, 'Explotación laboral') AS other_org,
       map_category(9, 'forced labour agri') AS punctuation;

-- the same label twice (after folding) for one organisation is refused
INSERT INTO category_map (org_id, local_label, term) VALUES (7, 'explotacion LABORAL', 'exploitation');
-- a label with no letters or digits is refused (terse: the row holds a timestamp)
\set VERBOSITY terse
INSERT INTO category_map (org_id, local_label, term) VALUES (7, ' -- ', 'exploitation');
\set VERBOSITY default

-- ingest counts every label it meets; unmapped ones queue up with a suggestion
SELECT observe_category(7, l) FROM unnest(ARRAY['Explotación laboral', 'Mendicidad forzada',
    'mendicidad  forzada', 'Trabajo forzoso', 'Trata con fines sexuales', 'Otro', 'cosa rara']) l;
SELECT org_id, local_label, times_seen, suggestion FROM unmapped_categories;
SELECT observe_category(7, '  ');

-- map one, and it leaves the queue
INSERT INTO category_map (org_id, local_label, term)
SELECT org_id, local_label, suggestion FROM unmapped_categories WHERE suggestion IS NOT NULL;
SELECT org_id, local_label, times_seen, suggestion FROM unmapped_categories;

-- the tables are dumped with the database (extension configuration tables)
SELECT c.relname FROM pg_extension e, unnest(e.extconfig) r JOIN pg_class c ON c.oid = r
 WHERE e.extname = 'tst_hub' ORDER BY 1;
DELETE FROM category_map;
DELETE FROM category_seen;
