namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary><c>/admin/warnings</c>: start-up warnings and keys whose rules leave them no tool (<see cref="AdminWarnings"/>).</summary>
internal sealed class WarningsModel(AdminWarnings warnings) : AdminPageModel
{
    public IReadOnlyList<AdminWarning> Warnings { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) =>
        TryStorageAsync(async () => Warnings = await warnings.AllAsync(cancellationToken));
}
