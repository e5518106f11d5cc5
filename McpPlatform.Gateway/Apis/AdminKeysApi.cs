using McpPlatform.Gateway.Access;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Keys;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// <c>/v1/admin/keys</c>: virtual keys (create, list, get, replace, patch, rotate, revoke, purge) and their access
/// explained; configuration keys listed read-only as <c>config:&lt;name&gt;</c>. Guarded by the master key
/// (<see cref="AdminAuthorization"/>). See docs/operations.md.
/// </summary>
public static class AdminKeysApi
{
    public static IEndpointRouteBuilder MapAdminKeysApiV1(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup($"{AdminAuthorization.PathPrefix}/keys")
            .RequireAuthorization(AdminAuthorization.PolicyName)
            .AddEndpointFilter(AdminErrors.StorageFilter);
        keys.MapPost(string.Empty, CreateKeyAsync).WithName("CreateKey").WithSummary("Creates a virtual key; the answer holds the key, shown once.");
        keys.MapGet(string.Empty, ListKeysAsync).WithName("ListKeys");
        keys.MapGet("/{id}", GetKeyAsync).WithName("GetKey");
        keys.MapPut("/{id}", (string id, HttpRequest request, AdminKeyServices services, CancellationToken ct) => UpdateKeyAsync(id, replace: true, request, services, ct)).WithName("ReplaceKey");
        keys.MapPatch("/{id}", (string id, HttpRequest request, AdminKeyServices services, CancellationToken ct) => UpdateKeyAsync(id, replace: false, request, services, ct)).WithName("PatchKey");
        keys.MapPost("/{id}/rotate", RotateKeyAsync).WithName("RotateKey");
        keys.MapDelete("/{id}", DeleteKeyAsync).WithName("RevokeKey").WithSummary("Revokes the key; with ?purge=true deletes it for good.");
        keys.MapGet("/{id}/access", ExplainKeyAsync).WithName("ExplainKeyAccess");
        return routes;
    }

    internal static async Task<Results<Created<AdminKeyView>, JsonHttpResult<ErrorResponse>>> CreateKeyAsync(
        HttpRequest request, AdminKeyServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await AdminErrors.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (view, errors) = await services.CreateAsync(body!, cancellationToken);
        return view is null
            ? AdminErrors.BadRequest(string.Join(" ", errors))
            : TypedResults.Created($"{AdminAuthorization.PathPrefix}/keys/{view.Id}", view);
    }

    internal static async Task<Ok<AdminKeyList>> ListKeysAsync(AdminKeyServices services, CancellationToken cancellationToken)
    {
        var configured = services.Options.Value.Keys.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => AdminKeyView.Of(pair.Key, pair.Value));
        // Without a gateway database there are only configuration keys (not an error); with one, its failures answer 503.
        var stored = services.Database.IsConfigured ? await services.Repository.ListAsync(cancellationToken) : [];
        return TypedResults.Ok(new AdminKeyList([.. configured, .. stored.Select(services.View)]));
    }

    internal static async Task<Results<Ok<AdminKeyView>, JsonHttpResult<ErrorResponse>>> GetKeyAsync(string id, AdminKeyServices services, CancellationToken cancellationToken)
    {
        if (services.Configured(id) is { } configured)
        {
            return TypedResults.Ok(AdminKeyView.Of(configured.Name, configured.Key));
        }

        return IsVirtualId(id) && await services.Repository.GetAsync(id, cancellationToken) is { } key ? TypedResults.Ok(services.View(key)) : AdminErrors.NotFound(id);
    }

    internal static async Task<Results<Ok<AdminKeyView>, JsonHttpResult<ErrorResponse>>> UpdateKeyAsync(
        string id, bool replace, HttpRequest request, AdminKeyServices services, CancellationToken cancellationToken)
    {
        if (services.Configured(id) is not null)
        {
            return AdminErrors.ConfigurationKey(id);
        }

        if (!IsVirtualId(id) || await services.Repository.GetAsync(id, cancellationToken) is not { } existing)
        {
            return AdminErrors.NotFound(id);
        }

        var (body, error) = await AdminErrors.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (spec, errors) = KeySpecReader.Apply(replace ? new VirtualKeySpec { Name = string.Empty } : existing.Spec, body!);
        if (errors.Count > 0)
        {
            return AdminErrors.BadRequest(string.Join(" ", errors));
        }

        if (await services.Repository.UpdateAsync(id, spec, cancellationToken) is not { } updated)
        {
            return AdminErrors.NotFound(id);
        }

        await services.ReloadKeysAsync(cancellationToken);

        return TypedResults.Ok(services.View(updated) with { Warnings = await services.WarningsAsync(updated, cancellationToken) });
    }

    internal static async Task<Results<Ok<AdminKeyView>, JsonHttpResult<ErrorResponse>>> RotateKeyAsync(string id, AdminKeyServices services, CancellationToken cancellationToken)
    {
        if (services.Configured(id) is not null)
        {
            return AdminErrors.ConfigurationKey(id);
        }

        if (!IsVirtualId(id) || await services.Repository.GetAsync(id, cancellationToken) is not { } existing)
        {
            return AdminErrors.NotFound(id);
        }

        if (existing.RevokedAt is not null || await services.Repository.RotateAsync(id, cancellationToken) is not { } rotated)
        {
            return AdminErrors.Conflict($"The key '{id}' is revoked: a revoked key cannot be rotated; create a new one.");
        }

        await services.ReloadKeysAsync(cancellationToken);
        return TypedResults.Ok(services.View(rotated.Key) with { Key = rotated.Secret });
    }

    /// <summary>Revokes (the key stays listed, for the audit log); <c>?purge=true</c> deletes it for good (its audit entries stay).</summary>
    internal static async Task<Results<Ok<AdminKeyView>, NoContent, JsonHttpResult<ErrorResponse>>> DeleteKeyAsync(
        string id, bool? purge, AdminKeyServices services, CancellationToken cancellationToken)
    {
        if (services.Configured(id) is not null)
        {
            return AdminErrors.ConfigurationKey(id);
        }

        if (!IsVirtualId(id))
        {
            return AdminErrors.NotFound(id);
        }

        if (purge == true)
        {
            var deleted = await services.Repository.DeleteAsync(id, cancellationToken);
            await services.ReloadKeysAsync(cancellationToken);
            return deleted ? TypedResults.NoContent() : AdminErrors.NotFound(id);
        }

        var revoked = await services.Repository.RevokeAsync(id, cancellationToken);
        await services.ReloadKeysAsync(cancellationToken);
        return revoked is not null ? TypedResults.Ok(services.View(revoked)) : AdminErrors.NotFound(id);
    }

    internal static async Task<Results<Ok<AccessReport>, JsonHttpResult<ErrorResponse>>> ExplainKeyAsync(string id, AdminKeyServices services, CancellationToken cancellationToken)
    {
        if (services.Configured(id) is { } configured)
        {
            var key = services.KeyStore.Compile(configured.Name, configured.Key);
            return TypedResults.Ok(await services.Explainer.ExplainAsync(key, grantedOnly: false, cancellationToken));
        }

        if (!IsVirtualId(id) || await services.Repository.GetAsync(id, cancellationToken) is not { } stored)
        {
            return AdminErrors.NotFound(id);
        }

        var report = await services.Explainer.ExplainAsync(services.KeyStore.Compile(stored), grantedOnly: false, cancellationToken);
        return TypedResults.Ok(report with { Warnings = [.. services.StatusWarnings(stored), .. report.Warnings] });
    }

    private static bool IsVirtualId(string id) => id.StartsWith(KeySecret.IdStart, StringComparison.Ordinal) && id.Length <= 64;
}
