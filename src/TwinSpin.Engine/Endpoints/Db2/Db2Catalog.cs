using System.Data.Common;
using System.Globalization;
using System.Text;
using TwinSpin.Engine.Endpoints.Drivers;

namespace TwinSpin.Engine.Endpoints.Db2;

/// <summary>The catalog queries of one DB2 platform: LUW's SYSCAT views or z/OS's SYSIBM tables. Each
/// query returns the same columns so <see cref="Db2Dialect.ReadSchemaAsync"/> reads both alike.</summary>
internal sealed class Db2Catalog
{
    public static Db2Catalog Luw { get; } = new(
        tables: "SELECT TABSCHEMA, TABNAME FROM SYSCAT.TABLES WHERE TYPE IN ('T', 'V', 'S', 'N', 'G') AND UPPER(TABNAME) = UPPER(@p0)",
        currentSchema: "TABSCHEMA = CURRENT SCHEMA",
        givenSchema: "UPPER(TABSCHEMA) = UPPER(@p1)",
        // KEYSEQ is the column's position in the primary key (NULL outside it); CODEPAGE 0 marks FOR BIT DATA.
        columns:
            """
            SELECT COLNAME, TYPENAME, LENGTH, SCALE, CASE WHEN CODEPAGE = 0 THEN 'B' ELSE ' ' END, NULLS, COALESCE(KEYSEQ, 0)
            FROM SYSCAT.COLUMNS WHERE TABSCHEMA = @p0 AND TABNAME = @p1 ORDER BY COLNO
            """,
        // INCLUDE columns (COLORDER 'I') do not take part in uniqueness.
        uniqueIndexColumns:
            """
            SELECT RTRIM(i.INDSCHEMA) || '.' || i.INDNAME, u.COLNAME
            FROM SYSCAT.INDEXES i JOIN SYSCAT.INDEXCOLUSE u ON u.INDSCHEMA = i.INDSCHEMA AND u.INDNAME = i.INDNAME
            WHERE i.TABSCHEMA = @p0 AND i.TABNAME = @p1 AND i.UNIQUERULE IN ('U', 'P') AND u.COLORDER <> 'I'
            ORDER BY i.INDSCHEMA, i.INDNAME, u.COLSEQ
            """);

    public static Db2Catalog ZOs { get; } = new(
        tables: "SELECT CREATOR, NAME FROM SYSIBM.SYSTABLES WHERE TYPE IN ('T', 'V', 'M', 'G') AND UPPER(NAME) = UPPER(@p0)",
        currentSchema: "CREATOR = CURRENT SCHEMA",
        givenSchema: "UPPER(CREATOR) = UPPER(@p1)",
        // FOREIGNKEY 'B' marks FOR BIT DATA; KEYSEQ is 0 outside the primary key.
        columns:
            """
            SELECT NAME, COLTYPE, LENGTH, SCALE, FOREIGNKEY, NULLS, KEYSEQ
            FROM SYSIBM.SYSCOLUMNS WHERE TBCREATOR = @p0 AND TBNAME = @p1 ORDER BY COLNO
            """,
        // UNIQUERULE 'D' allows duplicates; every other rule is unique. ORDERING ' ' marks INCLUDE columns.
        uniqueIndexColumns:
            """
            SELECT RTRIM(i.CREATOR) || '.' || i.NAME, k.COLNAME
            FROM SYSIBM.SYSINDEXES i JOIN SYSIBM.SYSKEYS k ON k.IXCREATOR = i.CREATOR AND k.IXNAME = i.NAME
            WHERE i.TBCREATOR = @p0 AND i.TBNAME = @p1 AND i.UNIQUERULE <> 'D' AND k.ORDERING <> ' '
            ORDER BY i.CREATOR, i.NAME, k.COLSEQ
            """);

    private readonly string _tables;
    private readonly string _currentSchema;
    private readonly string _givenSchema;

    private Db2Catalog(string tables, string currentSchema, string givenSchema, string columns, string uniqueIndexColumns)
    {
        _tables = tables;
        _currentSchema = currentSchema;
        _givenSchema = givenSchema;
        Columns = columns;
        UniqueIndexColumns = uniqueIndexColumns;
    }

    /// <summary>Schema, table; name, type, length, scale, bit-data flag, nullable (Y/N), primary key position.</summary>
    public string Columns { get; }

    /// <summary>Index name, column name, in key order.</summary>
    public string UniqueIndexColumns { get; }

    /// <summary>Candidate tables by case-insensitive name, in the given schema or in CURRENT SCHEMA.</summary>
    public string FindTable(bool schemaGiven) => $"{_tables} AND {(schemaGiven ? _givenSchema : _currentSchema)}";

    /// <summary>Puts a catalog type back into the form a DBA writes ("DECIMAL(10,2)", "VARCHAR(20) FOR BIT DATA",
    /// "TIMESTAMP(6) WITH TIME ZONE"), normalizing z/OS's short type names to LUW's.</summary>
    public string DeclaredType(string typeName, int length, int scale, string bitData)
    {
        var type = typeName.ToUpperInvariant() switch
        {
            "FLOAT" when length == 4 => "REAL",
            "FLOAT" => "DOUBLE",
            "CHAR" => "CHARACTER",
            "VARG" => "VARGRAPHIC",
            "VARBIN" => "VARBINARY",
            "TIMESTMP" => "TIMESTAMP",
            "TIMESTZ" => "TIMESTAMP WITH TIME ZONE",
            "LONGVAR" => "LONG VARCHAR",
            var other => other,
        };
        var forBitData = bitData == "B" ? " FOR BIT DATA" : string.Empty;
        return type switch
        {
            "DECIMAL" or "NUMERIC" => $"DECIMAL({length},{scale})",
            "CHARACTER" or "VARCHAR" or "GRAPHIC" or "VARGRAPHIC" or "BINARY" or "VARBINARY" => $"{type}({length}){forBitData}",
            // LUW and z/OS keep a timestamp's fractional precision in SCALE.
            "TIMESTAMP" => $"TIMESTAMP({scale})",
            "TIMESTAMP WITH TIME ZONE" => $"TIMESTAMP({scale}) WITH TIME ZONE",
            _ => type + forBitData,
        };
    }
}
