namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// SQL fragments the catalog and statistics queries filter with, on a <see cref="SchemaScope"/> passed as a
/// <c>text[]</c> parameter (<c>$n</c>; SQL NULL when every schema is shown, and then every fragment lets all through).
/// </summary>
internal static class ScopeSql
{
    /// <summary>Schemas never counted as outside the list: PostgreSQL's own, which hold no user objects.</summary>
    private const string SystemSchemas = "ARRAY['pg_catalog', 'information_schema', 'pg_toast']::text[]";

    /// <summary>True when <paramref name="schemaColumn"/> (a schema name) is shown.</summary>
    public static string Shows(string schemaColumn, int parameter) =>
        $"(${parameter}::text[] IS NULL OR {schemaColumn} = ANY (${parameter}::text[]))";

    /// <summary>True when the relation <paramref name="relationOid"/> lies in a shown schema.</summary>
    public static string ShowsRelation(string relationOid, int parameter) =>
        $"(${parameter}::text[] IS NULL OR (SELECT sn.nspname FROM pg_catalog.pg_class sc JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace WHERE sc.oid = {relationOid}) = ANY (${parameter}::text[]))";

    /// <summary>
    /// True when the object <paramref name="objectOid"/> of system catalog <paramref name="catalog"/> (a constraint, a
    /// view's rule, a column default, an index) depends on an object in a user schema outside the list: its definition
    /// would name that object.
    /// </summary>
    public static string DependsOutside(string catalog, string objectOid, int parameter) =>
        $"""
        (${parameter}::text[] IS NOT NULL AND EXISTS (
            SELECT 1 FROM pg_catalog.pg_depend sd
            WHERE sd.classid = 'pg_catalog.{catalog}'::regclass AND sd.objid = {objectOid}
              AND (pg_catalog.pg_identify_object(sd.refclassid, sd.refobjid, 0)).schema <> ALL (${parameter}::text[] || {SystemSchemas})))
        """;

    /// <summary>True when the type <paramref name="typeOid"/> lies in a user schema outside the list.</summary>
    public static string TypeOutside(string typeOid, int parameter) =>
        $"(${parameter}::text[] IS NOT NULL AND (SELECT tn.nspname FROM pg_catalog.pg_type st JOIN pg_catalog.pg_namespace tn ON tn.oid = st.typnamespace WHERE st.oid = {typeOid}) <> ALL (${parameter}::text[] || {SystemSchemas}))";

    /// <summary>
    /// A CTE <c>outside_names</c>: the lower-case names of the user schemas outside the list and of every relation in
    /// them (none when every schema is shown). Statement texts that mention one are hidden (<see cref="Mentions"/>).
    /// </summary>
    public static string OutsideNamesCte(int parameter) =>
        $"""
        outside_schemas AS (
            SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
            WHERE ${parameter}::text[] IS NOT NULL AND n.nspname <> ALL (${parameter}::text[])
              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
        ), outside_names AS (
            SELECT lower(nspname) AS name FROM outside_schemas
            UNION SELECT lower(c.relname) FROM pg_catalog.pg_class c JOIN outside_schemas o ON o.oid = c.relnamespace
        )
        """;

    /// <summary>
    /// True when the text <paramref name="textColumn"/> mentions a name of <see cref="OutsideNamesCte"/>: as a word
    /// (letters, digits, _ and $), ignoring case, or anywhere for a name with other characters. Conservative: a
    /// statement on <c>sales.orders</c> is hidden too when an outside schema has a table named <c>orders</c>.
    /// </summary>
    public static string Mentions(string textColumn) =>
        $"""
        EXISTS (SELECT 1 FROM outside_names o
                WHERE strpos(lower({textColumn}), o.name) > 0
                  AND (o.name !~ '^[[:alnum:]_$]+$' OR o.name = ANY (regexp_split_to_array(lower({textColumn}), '[^[:alnum:]_$]+'))))
        """;
}
