using McpPlatform.Gateway.Storage;
using Npgsql;
using NpgsqlTypes;

namespace McpPlatform.Gateway.Keys;

/// <summary>
/// The virtual keys table: create (the key is returned once), list, get, update, rotate, revoke, delete. Every change
/// bumps the table's version and notifies, so every gateway process's <see cref="VirtualKeyCache"/> follows within
/// seconds. Calls before the database is ready throw <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class VirtualKeyRepository(GatewayDatabase database)
{
    private const string Columns =
        "id, prefix, key_sha256, name, owner, servers, tools, deny_tools, prompts, deny_prompts, resources, deny_resources, " +
        "read_only, expires_at, rpm, max_concurrent, enabled, created_at, updated_at, revoked_at";

    private const string SpecColumns =
        "name, owner, servers, tools, deny_tools, prompts, deny_prompts, resources, deny_resources, read_only, expires_at, rpm, max_concurrent, enabled";

    /// <summary>Creates a key; the result holds the key itself, which is not stored and cannot be shown again.</summary>
    /// <exception cref="ArgumentException">The spec is not valid (<see cref="VirtualKeySpec.Errors"/>).</exception>
    public async Task<CreatedVirtualKey> CreateAsync(VirtualKeySpec spec, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(spec);
        database.ThrowIfNotReady();
        for (var attempt = 1; ; attempt++)
        {
            var (secret, prefix) = KeySecret.NewKey();
            await using var command = database.DataSource.CreateCommand(
                $"INSERT INTO virtual_keys (id, prefix, key_sha256, {SpecColumns}) VALUES ($1, $2, $3, {SpecPlaceholders(4)}) RETURNING {Columns}");
            command.Parameters.Add(new() { Value = KeySecret.NewId() });
            command.Parameters.Add(new() { Value = prefix });
            command.Parameters.Add(new() { Value = KeySecret.Digest(secret) });
            AddSpec(command, spec);
            try
            {
                return new CreatedVirtualKey((await SingleAsync(command, cancellationToken))!, secret);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
                // A random id or prefix that is already taken (about one in a trillion per key): draw again.
            }
        }
    }

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public async Task<IReadOnlyList<VirtualKey>> ListAsync(CancellationToken cancellationToken)
    {
        database.ThrowIfNotReady();
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM virtual_keys ORDER BY created_at, id");
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>The key with this id; null when there is none.</summary>
    public async Task<VirtualKey?> GetAsync(string id, CancellationToken cancellationToken)
    {
        database.ThrowIfNotReady();
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM virtual_keys WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await SingleAsync(command, cancellationToken);
    }

    /// <summary>Replaces the key's spec (the key itself stays); null when there is no such key. A revoked key stays revoked.</summary>
    /// <exception cref="ArgumentException">The spec is not valid.</exception>
    public async Task<VirtualKey?> UpdateAsync(string id, VirtualKeySpec spec, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(spec);
        database.ThrowIfNotReady();
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE virtual_keys SET ({SpecColumns}, updated_at) = ({SpecPlaceholders(2)}, now()) WHERE id = $1 RETURNING {Columns}");
        command.Parameters.Add(new() { Value = id });
        AddSpec(command, spec);
        return await SingleAsync(command, cancellationToken);
    }

    /// <summary>
    /// Gives the key a new secret (and prefix); the old one stops working on every process within seconds. Null when there
    /// is no such key or it is revoked.
    /// </summary>
    public async Task<CreatedVirtualKey?> RotateAsync(string id, CancellationToken cancellationToken)
    {
        database.ThrowIfNotReady();
        var (secret, prefix) = KeySecret.NewKey();
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE virtual_keys SET prefix = $2, key_sha256 = $3, updated_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING {Columns}");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = prefix });
        command.Parameters.Add(new() { Value = KeySecret.Digest(secret) });
        return await SingleAsync(command, cancellationToken) is { } key ? new CreatedVirtualKey(key, secret) : null;
    }

    /// <summary>Revokes the key for good (it stays listed, for the audit log); idempotent. Null when there is no such key.</summary>
    public async Task<VirtualKey?> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        database.ThrowIfNotReady();
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE virtual_keys SET revoked_at = coalesce(revoked_at, now()), updated_at = CASE WHEN revoked_at IS NULL THEN now() ELSE updated_at END WHERE id = $1 RETURNING {Columns}");
        command.Parameters.Add(new() { Value = id });
        return await SingleAsync(command, cancellationToken);
    }

    /// <summary>Deletes the key (its audit entries stay, under its id); false when there was no such key.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        database.ThrowIfNotReady();
        await using var command = database.DataSource.CreateCommand("DELETE FROM virtual_keys WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The table's change counter (cheap: one row).</summary>
    internal async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT version FROM virtual_keys_version");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every key and the version they are at, read in one snapshot of the database.</summary>
    internal async Task<VirtualKeySnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var version = new NpgsqlCommand("SELECT version FROM virtual_keys_version", connection, transaction);
        var at = (long)(await version.ExecuteScalarAsync(cancellationToken))!;
        await using var keys = new NpgsqlCommand($"SELECT {Columns} FROM virtual_keys", connection, transaction);
        var snapshot = new VirtualKeySnapshot(at, await ReadAllAsync(keys, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return snapshot;
    }

    private static void ThrowIfInvalid(VirtualKeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Errors() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(spec));
        }
    }

    private static string SpecPlaceholders(int first) => string.Join(", ", Enumerable.Range(first, 14).Select(n => "$" + n));

    private static void AddSpec(NpgsqlCommand command, VirtualKeySpec spec)
    {
        command.Parameters.Add(new() { Value = spec.Name });
        command.Parameters.Add(new() { Value = (object?)spec.Owner ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        foreach (var list in new[] { spec.Servers, spec.Tools, spec.DenyTools, spec.Prompts, spec.DenyPrompts, spec.Resources, spec.DenyResources })
        {
            command.Parameters.Add(new() { Value = list.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }

        command.Parameters.Add(new() { Value = spec.ReadOnly });
        // timestamptz takes UTC instants only.
        command.Parameters.Add(new() { Value = (object?)spec.ExpiresAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)spec.RequestsPerMinute ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)spec.MaxConcurrent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = spec.Enabled });
    }

    private static async Task<VirtualKey?> SingleAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();

    private static async Task<List<VirtualKey>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<VirtualKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    private static VirtualKey Read(NpgsqlDataReader row)
    {
        string[] List(int ordinal) => row.GetFieldValue<string[]>(ordinal);
        DateTimeOffset? Instant(int ordinal) => row.IsDBNull(ordinal) ? null : row.GetFieldValue<DateTimeOffset>(ordinal);
        int? Number(int ordinal) => row.IsDBNull(ordinal) ? null : row.GetInt32(ordinal);

        var spec = new VirtualKeySpec
        {
            Name = row.GetString(3),
            Owner = row.IsDBNull(4) ? null : row.GetString(4),
            Servers = List(5),
            Tools = List(6),
            DenyTools = List(7),
            Prompts = List(8),
            DenyPrompts = List(9),
            Resources = List(10),
            DenyResources = List(11),
            ReadOnly = row.GetBoolean(12),
            ExpiresAt = Instant(13),
            RequestsPerMinute = Number(14),
            MaxConcurrent = Number(15),
            Enabled = row.GetBoolean(16),
        };
        return new VirtualKey(row.GetString(0), row.GetString(1), spec)
        {
            KeySha256 = Convert.ToHexStringLower(row.GetFieldValue<byte[]>(2)),
            CreatedAt = row.GetFieldValue<DateTimeOffset>(17),
            UpdatedAt = row.GetFieldValue<DateTimeOffset>(18),
            RevokedAt = Instant(19),
        };
    }
}
