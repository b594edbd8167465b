-- tst_hub install script, concatenated from sql/install/*.sql by the Makefile.
\echo Use "CREATE EXTENSION tst_hub" to load this file. \quit

-- Group roles of the privilege model (see README "Roles").  Roles are
-- cluster-wide, so they are created only when missing and never dropped.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tst_hub_admin') THEN
        CREATE ROLE tst_hub_admin NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tst_hub_pseudonymiser') THEN
        CREATE ROLE tst_hub_pseudonymiser NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tst_hub_analyst') THEN
        CREATE ROLE tst_hub_analyst NOLOGIN;
    END IF;
END
$roles$;

GRANT USAGE ON SCHEMA @extschema@ TO tst_hub_admin, tst_hub_pseudonymiser, tst_hub_analyst;
