package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A row of {@code pg_type}: what type mapping needs to know about a type.
 *
 * @param oid the type's oid
 * @param schema its namespace
 * @param name its {@code typname} (e.g. {@code int4}, {@code _text})
 * @param kind {@code typtype}: b base, d domain, e enum, c composite, p pseudo, r range, m multirange
 * @param category {@code typcategory}; A for arrays
 * @param elementOid {@code typelem}: the element type of an array type, else 0
 * @param baseOid {@code typbasetype}: the base of a domain, else 0
 * @param baseTypmod {@code typtypmod}: the type modifier a domain applies to its base, else -1
 */
public record PgType(long oid, String schema, String name, char kind, char category, long elementOid, long baseOid, int baseTypmod) {
    public PgType {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
    }

    public boolean isBuiltIn() {
        return "pg_catalog".equals(schema);
    }

    public boolean isArray() {
        return category == 'A' && elementOid != 0 && kind == 'b';
    }

    public boolean isDomain() {
        return kind == 'd';
    }

    public boolean isEnum() {
        return kind == 'e';
    }

    /** The name as SQL would write it, schema-qualified unless built in. */
    public String qualifiedName() {
        return isBuiltIn() ? name : schema + "." + name;
    }
}
