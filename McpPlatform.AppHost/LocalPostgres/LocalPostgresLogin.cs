namespace Aspire.Hosting.ApplicationModel;

/// <summary>A login role that the AppHost provisions on the embedded server for a database's consumers.</summary>
/// <param name="RoleName">The role's name.</param>
/// <param name="Password">Its password.</param>
/// <param name="ReadOnly">
/// True: a non-superuser that may read the user schemas of its database and the statistics views, with read-only
/// transactions by default (<see cref="ReadOnlyGrants"/>): no catalog secret, file, program, large-object or write
/// privilege is in reach. False: the database's owner.
/// </param>
public sealed record LocalPostgresLogin(string RoleName, ParameterResource Password, bool ReadOnly);
