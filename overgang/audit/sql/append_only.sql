-- The audit log is append-only for the application (PostgreSQL).
--
-- Run as the role that owns the tables (the one migrations run as), never as the application's
-- role: `manage.py audit_lockdown --role <app_role>` fills in the role and runs this file.
-- Idempotent: run it again after every migration of the audit app.
--
-- Afterwards the application's role can INSERT and SELECT audit rows and nothing else. Old rows are
-- removed only through audit_purge_older_than(days), which runs with the owner's rights (SECURITY
-- DEFINER), deletes only rows older than `days` and refuses a period shorter than the floor.

REVOKE ALL ON TABLE audit_auditentry FROM PUBLIC;
REVOKE ALL ON TABLE audit_auditentry FROM {role};
GRANT SELECT, INSERT ON TABLE audit_auditentry TO {role};
-- The id column's sequence (an identity column): INSERT needs nothing more, this is for older
-- serial columns and costs nothing.
GRANT USAGE ON SEQUENCE audit_auditentry_id_seq TO {role};

CREATE OR REPLACE FUNCTION audit_purge_older_than(days integer) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    -- A SECURITY DEFINER function must not resolve names through a search_path the caller controls.
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    floor_days CONSTANT integer := 180;  -- the shortest retention anyone may purge down to
    deleted bigint;
BEGIN
    IF days IS NULL OR days < floor_days THEN
        RAISE EXCEPTION 'audit retention must be at least % days, got %', floor_days, days
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM {schema}.audit_auditentry WHERE at < now() - make_interval(days => days);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END;
$$;

REVOKE ALL ON FUNCTION audit_purge_older_than(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_purge_older_than(integer) TO {role};
