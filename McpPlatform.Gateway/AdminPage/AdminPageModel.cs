using McpPlatform.Gateway.Apis;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>What every admin page shares: the gateway database's unavailability shown as a message, not an error page.</summary>
internal abstract class AdminPageModel : PageModel
{
    /// <summary>Why the gateway database could not answer (the admin API's 503 text); null when it did.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Runs <paramref name="action"/>; false (and <see cref="Unavailable"/> set) when the gateway database failed it.</summary>
    protected async Task<bool> TryStorageAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (AdminErrors.StorageProblem(ex, HttpContext.RequestAborted) is { } problem)
        {
            Unavailable = problem;
            return false;
        }
    }
}
