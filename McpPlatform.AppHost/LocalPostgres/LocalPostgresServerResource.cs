namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries as an executable (no container runtime needed).
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="command">The program that starts the server in the foreground.</param>
/// <param name="workingDirectory">The directory the program runs in.</param>
/// <param name="password">The superuser's password.</param>
public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser's name.</summary>
    public const string SuperUserName = "postgres";

    private EndpointReference? primaryEndpoint;

    /// <summary>The endpoint PostgreSQL listens on.</summary>
    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The superuser's password.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The databases that were added to this server, by resource name.</summary>
    public Dictionary<string, LocalPostgresDatabaseResource> Databases { get; } = new(StringComparer.Ordinal);

    /// <summary>A superuser connection to the server's maintenance database.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={SuperUserName};Password={PasswordParameter}");
}
