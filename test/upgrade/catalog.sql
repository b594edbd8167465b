-- The tst_hub objects of the current database, one line each with what
-- defines them, sorted: two databases with equal output have the same
-- extension.  Used by test/upgrade/run.sh to compare an updated install with
-- a fresh one.
SET search_path = pg_catalog, pg_temp;
\pset format unaligned
\pset tuples_only on
WITH ext AS (
    SELECT d.classid, d.objid
      FROM pg_depend d
     WHERE d.refclassid = 'pg_extension'::regclass
       AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'tst_hub')
       AND d.deptype = 'e'
), lines AS (
    -- every member, so nothing is left out by the detail queries below
    SELECT pg_describe_object(classid, objid, 0) AS line FROM ext
    UNION ALL
    SELECT format('function %s | kind %s returns %s | %s %s | vol %s strict %s parallel %s leakproof %s secdef %s | config %s | rows %s cost %s | acl %s',
                  p.oid::regprocedure, p.prokind, p.prorettype::regtype,
                  coalesce(p.probin, 'internal'), p.prosrc, p.provolatile, p.proisstrict,
                  p.proparallel, p.proleakproof, p.prosecdef, p.proconfig, p.prorows, p.procost,
                  p.proacl)
      FROM pg_proc p JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid
    UNION ALL
    SELECT format('aggregate %s | sfunc %s stype %s sspace %s | final %s modify %s | combine %s serial %s deserial %s | init %s',
                  a.aggfnoid::regprocedure, a.aggtransfn::regprocedure, a.aggtranstype::regtype,
                  a.aggtransspace, a.aggfinalfn, a.aggfinalmodify, a.aggcombinefn,
                  a.aggserialfn, a.aggdeserialfn, a.agginitval)
      FROM pg_aggregate a JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = a.aggfnoid
    UNION ALL
    SELECT format('operator %s | %s | restrict %s join %s | hashes %s merges %s | commutator %s negator %s',
                  o.oid::regoperator, o.oprcode, o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge,
                  o.oprcom::regoperator, o.oprnegate::regoperator)
      FROM pg_operator o JOIN ext ON ext.classid = 'pg_operator'::regclass AND ext.objid = o.oid
    UNION ALL
    SELECT format('type %s | len %s byval %s align %s storage %s | in %s out %s recv %s send %s | typmod %s %s | analyze %s | subscript %s',
                  t.oid::regtype, t.typlen, t.typbyval, t.typalign, t.typstorage,
                  t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout,
                  t.typanalyze, t.typsubscript)
      FROM pg_type t JOIN ext ON ext.classid = 'pg_type'::regclass AND ext.objid = t.oid
    UNION ALL
    SELECT format('opfamily member %s | %s', pg_describe_object('pg_opfamily'::regclass, f.oid, 0),
                  pg_describe_object('pg_amop'::regclass, ao.oid, 0))
      FROM pg_opfamily f JOIN ext ON ext.classid = 'pg_opfamily'::regclass AND ext.objid = f.oid
      JOIN pg_amop ao ON ao.amopfamily = f.oid
    UNION ALL
    SELECT format('opfamily member %s | %s', pg_describe_object('pg_opfamily'::regclass, f.oid, 0),
                  pg_describe_object('pg_amproc'::regclass, ap.oid, 0))
      FROM pg_opfamily f JOIN ext ON ext.classid = 'pg_opfamily'::regclass AND ext.objid = f.oid
      JOIN pg_amproc ap ON ap.amprocfamily = f.oid
    UNION ALL
    SELECT format('opclass %s | default %s keytype %s', pg_describe_object('pg_opclass'::regclass, c.oid, 0),
                  c.opcdefault, c.opckeytype::regtype)
      FROM pg_opclass c JOIN ext ON ext.classid = 'pg_opclass'::regclass AND ext.objid = c.oid
    UNION ALL
    SELECT format('relation %s | kind %s | acl %s | options %s', c.oid::regclass, c.relkind, c.relacl, c.reloptions)
      FROM pg_class c JOIN ext ON ext.classid = 'pg_class'::regclass AND ext.objid = c.oid
    UNION ALL
    SELECT format('column %s.%s | %s notnull %s default %s', c.oid::regclass, a.attname,
                  format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid))
      FROM pg_class c JOIN ext ON ext.classid = 'pg_class'::regclass AND ext.objid = c.oid
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
    UNION ALL
    SELECT format('index %s | %s', i.indexrelid::regclass, pg_get_indexdef(i.indexrelid))
      FROM pg_index i JOIN ext ON ext.classid = 'pg_class'::regclass AND ext.objid = i.indrelid
    UNION ALL
    SELECT format('constraint %s on %s | %s', co.conname, co.conrelid::regclass, pg_get_constraintdef(co.oid))
      FROM pg_constraint co JOIN ext ON ext.classid = 'pg_class'::regclass AND ext.objid = co.conrelid
    UNION ALL
    SELECT format('policy %s on %s | %s %s', po.polname, po.polrelid::regclass, po.polcmd, pg_get_expr(po.polqual, po.polrelid))
      FROM pg_policy po JOIN ext ON ext.classid = 'pg_class'::regclass AND ext.objid = po.polrelid
    UNION ALL
    SELECT format('view %s | %s', c.oid::regclass, pg_get_viewdef(c.oid))
      FROM pg_class c JOIN ext ON ext.classid = 'pg_class'::regclass AND ext.objid = c.oid
     WHERE c.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('cast %s | %s %s', pg_describe_object('pg_cast'::regclass, ca.oid, 0), ca.castfunc::regprocedure, ca.castcontext)
      FROM pg_cast ca JOIN ext ON ext.classid = 'pg_cast'::regclass AND ext.objid = ca.oid
    UNION ALL
    SELECT format('comment on %s | %s', pg_describe_object(de.classoid, de.objoid, de.objsubid), de.description)
      FROM pg_description de JOIN ext ON ext.classid = de.classoid AND ext.objid = de.objoid
    UNION ALL
    SELECT format('extension | version %s | config %s', e.extversion,
                  (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(e.extconfig) c))
      FROM pg_extension e WHERE e.extname = 'tst_hub'
    UNION ALL
    SELECT format('data crosswalk | %s rows | md5 %s', count(*), md5(string_agg(c::text, E'\n' ORDER BY c::text)))
      FROM tst_hub.crosswalk c
)
SELECT line FROM lines ORDER BY line COLLATE "C";
