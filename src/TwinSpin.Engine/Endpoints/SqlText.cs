namespace TwinSpin.Engine.Endpoints;

/// <summary>SQL text with its parameters, built so that values are always bound, never spliced.</summary>
public sealed class SqlText(SqlDialect dialect)
{
    private readonly List<object> _parameters = [];

    public IReadOnlyList<object> Parameters => _parameters;

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Bind(object value)
    {
        _parameters.Add(dialect.ToParameter(value));
        return dialect.ParameterName(_parameters.Count - 1);
    }
}
