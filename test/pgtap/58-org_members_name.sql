-- org_members.member_name (sql/install/42, docs/HUB.md "Row-level security
-- on Citus"): the nodes of a Citus cluster match roles by this name, so it
-- must always name the role of member; a row copied with a name (as Citus
-- copies reference tables, member being another node's OID) takes this
-- node's OID of that role; admins cannot write the name nor change a
-- mapping's role.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(12);

INSERT INTO organisations (org_id, code, name) VALUES (1, 'org-1', 'One'), (2, 'org-2', 'Two');
CREATE ROLE omn_alice IN ROLE tst_hub_analyst;
CREATE ROLE "Omn Bob" IN ROLE tst_hub_analyst;     -- a name that needs quoting
CREATE ROLE omn_admin IN ROLE tst_hub_admin;
INSERT INTO org_members (member, org_id) VALUES ('omn_alice', 1), ('"Omn Bob"', 2);

SELECT is((SELECT member_name FROM org_members WHERE org_id = 1), 'omn_alice'::name,
          'member_name is the role''s name');
SELECT is((SELECT member_name FROM org_members WHERE org_id = 2), 'Omn Bob'::name,
          'member_name is the role''s name as it is, not quoted');

-- a row as Citus copies it: member another node's OID, the name right
INSERT INTO org_members (member, org_id, member_name)
VALUES ((SELECT max(oid::int8) + 1000 FROM pg_roles)::oid::regrole, 2, 'omn_alice');
SELECT is((SELECT member FROM org_members WHERE org_id = 2 AND member_name = 'omn_alice'),
          'omn_alice'::regrole, 'a copied row takes this server''s OID of its named role');
INSERT INTO org_members (member, org_id, member_name) VALUES ('omn_alice', 1, 'omn_nobody_here');
SELECT is((SELECT member::oid FROM org_members WHERE member_name = 'omn_nobody_here'), 0::oid,
          'a copied row whose role does not exist here names no role (OID 0)');
DELETE FROM org_members WHERE member_name IN ('omn_nobody_here') OR (org_id = 2 AND member_name = 'omn_alice');

SELECT throws_ok($$UPDATE org_members SET member = '"Omn Bob"' WHERE org_id = 1$$, '0A000', NULL,
                 'the role of a mapping cannot be changed (superuser)');
SELECT throws_ok($$UPDATE org_members SET member_name = 'omn_other' WHERE org_id = 1$$, '0A000', NULL,
                 'member_name cannot be changed (superuser)');

SET ROLE omn_admin;
SELECT throws_ok($$INSERT INTO org_members (member, org_id, member_name) VALUES ('omn_admin', 1, 'omn_alice')$$,
                 '42501', NULL, 'an admin cannot write member_name');
SELECT throws_ok($$UPDATE org_members SET member = 'omn_admin' WHERE org_id = 1$$,
                 '42501', NULL, 'an admin cannot change a mapping''s role');
SELECT lives_ok($$UPDATE org_members SET org_id = 2 WHERE member = 'omn_alice'::regrole$$,
                'an admin can move a mapping to another organisation');
SELECT is((SELECT member_name FROM org_members WHERE member = 'omn_alice'::regrole), 'omn_alice'::name,
          'a moved mapping keeps its name');
SELECT lives_ok($$INSERT INTO org_members (member, org_id) VALUES ('omn_admin', 1)$$,
                'an admin maps a role');
RESET ROLE;

SET ROLE omn_alice;
SELECT is(my_org_ids(), '{2}'::int4[], 'my_org_ids() follows the moved mapping');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
