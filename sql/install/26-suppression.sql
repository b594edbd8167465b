-- ---------------------------------------------------------------------------
-- Disclosure control II: complementary (secondary) suppression of tables
-- with totals.  Cells and totals below k persons are withheld (below_k);
-- further values are withheld (complementary) until no withheld value below
-- k can be narrowed, from what is published, to a range of fewer than
-- `protection` (default k) integers by linear reasoning and non-negativity.
-- Pure functions of their arguments and of tst_hub.min_k (hence STABLE).
-- NULL k means the hub's minimum; NULL protection means k, raised to
-- tst_hub.min_protection; an explicit protection below that floor is 42501.
-- ---------------------------------------------------------------------------
CREATE FUNCTION suppress_crosstab(row_keys text[], col_keys text[], counts int8[],
                                  k int4 DEFAULT NULL, protection int8 DEFAULT NULL)
    RETURNS TABLE (row_key text, col_key text, value int8, reason text)
    AS 'MODULE_PATHNAME', 'suppress_crosstab' LANGUAGE C STABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION suppress_crosstab(text[], text[], int8[], int4, int8) IS
    'a two-way table of person counts and its margins as released: every cell, row total (col_key NULL), column total (row_key NULL) and the grand total, value NULL with reason withheld (primaries and complementary values alike) when withheld; missing (row, column) pairs are structural zeros';

CREATE FUNCTION suppress_linked(cell_keys text[], counts int8[], total_keys text[], member_keys text[],
                                k int4 DEFAULT NULL, protection int8 DEFAULT NULL)
    RETURNS TABLE (key text, is_total bool, value int8, reason text)
    AS 'MODULE_PATHNAME', 'suppress_linked' LANGUAGE C STABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION suppress_linked(text[], int8[], text[], text[], int4, int8) IS
    'cells and totals over them (hierarchies, periods, three-way tables) as released: total_keys[i] contains member_keys[i] (a cell or another total); value NULL with reason withheld (primaries and complementary values alike) when withheld';
