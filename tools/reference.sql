-- Prints the README reference section (markdown) from the catalog COMMENTs of
-- the installed extension.  Support functions (I/O, operator implementations,
-- index and aggregate support) are left out: their operators are listed.
\pset format unaligned
\pset tuples_only on
WITH ext AS (
    SELECT objid, classid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
     WHERE e.extname = 'tst_hub' AND d.deptype = 'e'
), items AS (
    SELECT 1 AS kind_order, 'Types' AS kind, format_type(t.oid, NULL) AS name,
           obj_description(t.oid, 'pg_type') AS descr
      FROM ext JOIN pg_type t ON ext.classid = 'pg_type'::regclass AND t.oid = ext.objid
     WHERE t.typtype <> 'c' AND t.typelem = 0 OR (t.typtype = 'b' AND t.typcategory <> 'A')
    UNION ALL
    SELECT 2, 'Functions',
           format('%s(%s) → %s', p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)),
           obj_description(p.oid, 'pg_proc')
      FROM ext JOIN pg_proc p ON ext.classid = 'pg_proc'::regclass AND p.oid = ext.objid
     WHERE p.prokind = 'f'
       AND coalesce(obj_description(p.oid, 'pg_proc'), '') !~ '^(I/O|implementation of|btree support|hash support|GIN support|aggregate support|planner support)'
       AND p.prorettype <> 'internal'::regtype
    UNION ALL
    SELECT 3, 'Aggregates', format('%s(%s) → %s', p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)),
           obj_description(p.oid, 'pg_proc')
      FROM ext JOIN pg_proc p ON ext.classid = 'pg_proc'::regclass AND p.oid = ext.objid
     WHERE p.prokind = 'a'
    UNION ALL
    SELECT 4, 'Operators', format('%s %s %s', format_type(o.oprleft, NULL), o.oprname, format_type(o.oprright, NULL)),
           obj_description(o.oid, 'pg_operator')
      FROM ext JOIN pg_operator o ON ext.classid = 'pg_operator'::regclass AND o.oid = ext.objid
    UNION ALL
    SELECT 5, 'Views and tables', c.relname, obj_description(c.oid, 'pg_class')
      FROM ext JOIN pg_class c ON ext.classid = 'pg_class'::regclass AND c.oid = ext.objid
     WHERE c.relkind IN ('v', 'r')
)
SELECT string_agg(section, E'\n' ORDER BY kind_order)
  FROM (SELECT kind_order,
               format(E'### %s\n\n| name | description |\n|---|---|\n%s\n', kind,
                      string_agg(format('| `%s` | %s |', replace(name, '|', '\|'),
                                        replace(coalesce(descr, '**no comment**'), '|', '\|')),
                                 E'\n' ORDER BY name)) AS section
          FROM items GROUP BY kind_order, kind) s;
