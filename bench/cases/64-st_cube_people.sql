-- st_cube_people_week: the cube of people (cell at resolution 7, 1-week bins: rows and
-- distinct persons per cell and week) against what an analyst writes without tst_hub,
-- count(*) and count(DISTINCT person) per (0.01-degree square, week).  The person
-- pseudonym is made once, outside the timing.  safe_cells_week (informational): roll the
-- weekly cube of people up until k = 11 persons, from resolution 7 to 3.
SELECT tst_hub.key_create('bench') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'bench');
CREATE TABLE bench.sightings AS
SELECT lat, lon, occurred, tst_hub.pseudonymise('raw', person_id::text, 'bench') AS person
  FROM bench.incidents;
VACUUM ANALYZE bench.sightings;
SELECT bench.add_case('st_cube_people_week', 1.5,
    $b$SELECT count(*) FROM (
        SELECT count(*), count(DISTINCT person) FROM bench.sightings
         GROUP BY floor(lat * 100)::int8 * 100000 + floor(lon * 100),
                  floor(extract(epoch FROM occurred) / 604800)) s$b$,
    $t$SELECT tst_hub.cube_entry_count(tst_hub.st_cube_people(tst_hub.cell(lat, lon, 7), occurred, '1 week', person))
         FROM bench.sightings$t$,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);
CREATE TABLE bench.people_cube AS
SELECT tst_hub.st_cube_people(tst_hub.cell(lat, lon, 7), occurred, '1 week', person) AS c FROM bench.sightings;
SELECT bench.add_case('safe_cells_week', NULL,
    $b$SELECT count(*) FROM tst_hub.cube_people((SELECT c FROM bench.people_cube))$b$,
    $t$SELECT count(*) FROM tst_hub.safe_cells((SELECT c FROM bench.people_cube), 11, 3)$t$);
