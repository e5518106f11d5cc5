namespace Aspire.Hosting.ApplicationModel;

/// <summary>A login role that the AppHost provisions on the embedded server for a database's consumers.</summary>
/// <param name="RoleName">The role's name.</param>
/// <param name="Password">Its password.</param>
/// <param name="ReadOnly">
/// True: a non-superuser with <c>pg_read_all_data</c> only and read-only transactions by default, so no
/// file, program, large-object or write privilege is in reach. False: the database's owner.
/// </param>
public sealed record LocalPostgresLogin(string RoleName, ParameterResource Password, bool ReadOnly);
