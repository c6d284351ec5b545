using KnowledgeHub.Ingestion.Tenancy;

namespace KnowledgeHub.Store.Tests;

/// <summary>The contract of <see cref="IApiKeyStore"/>, run against every implementation with an empty, initialized database per test.</summary>
public abstract class ApiKeyStoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private IApiKeyStore? store;

    protected IApiKeyStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A key store over a new, empty database whose schema is initialized.</summary>
    protected abstract Task<IApiKeyStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    private static ApiKeyRecord NewKey(string id, string tenant = "acme", ApiKeyRole role = ApiKeyRole.Ask, int minutes = 0) => new()
    {
        Id = id,
        Name = "key " + id,
        Tenant = tenant,
        Role = role,
        SecretHash = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))],
        CreatedAt = Start.AddMinutes(minutes),
    };

    [StoreFact]
    public async Task Add_then_get_returns_every_field_as_stored()
    {
        var key = NewKey("k1", role: ApiKeyRole.Ingest);

        await Store.AddAsync(key);
        var stored = await Store.GetAsync("k1");

        Assert.NotNull(stored);
        Assert.Equal(("k1", "key k1", "acme", ApiKeyRole.Ingest), (stored.Id, stored.Name, stored.Tenant, stored.Role));
        Assert.Equal(key.SecretHash, stored.SecretHash);
        Assert.Equal(Start, stored.CreatedAt);
        Assert.Null(stored.LastUsedAt);
        Assert.False(stored.Revoked);
    }

    [StoreFact]
    public async Task Access_groups_of_a_key_are_stored_in_order_and_empty_when_it_has_none()
    {
        await Store.AddAsync(NewKey("k1") with { Groups = ["hr", "board"] });
        await Store.AddAsync(NewKey("k2", minutes: 1));

        Assert.Equal(["hr", "board"], (await Store.GetAsync("k1"))!.Groups);
        Assert.Empty((await Store.GetAsync("k2"))!.Groups);
        Assert.Equal([["hr", "board"], []], (await Store.ListAsync("acme")).Select(k => k.Groups.ToArray()));
    }

    [StoreFact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        await Store.AddAsync(NewKey("k1"));

        Assert.Null(await Store.GetAsync("k2"));
    }

    [StoreFact]
    public async Task Adding_a_second_key_with_the_same_id_throws()
    {
        await Store.AddAsync(NewKey("k1"));

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AddAsync(NewKey("k1", tenant: "other")));
        Assert.Equal("acme", (await Store.GetAsync("k1"))!.Tenant);
    }

    [StoreFact]
    public async Task List_returns_one_tenants_keys_oldest_first_or_every_tenants_without_one()
    {
        await Store.AddAsync(NewKey("k2", minutes: 2));
        await Store.AddAsync(NewKey("k1", minutes: 1));
        await Store.AddAsync(NewKey("b1", tenant: "beta", minutes: 0));

        var acme = await Store.ListAsync("acme");
        var all = await Store.ListAsync(null);

        Assert.Equal(["k1", "k2"], acme.Select(k => k.Id));
        Assert.Equal(["b1", "k1", "k2"], all.Select(k => k.Id));
    }

    [StoreFact]
    public async Task Revoke_marks_the_key_and_keeps_the_first_revocation_time()
    {
        await Store.AddAsync(NewKey("k1"));

        Assert.True(await Store.RevokeAsync("acme", "k1", Start.AddHours(1)));
        Assert.True(await Store.RevokeAsync("acme", "k1", Start.AddHours(2)));

        var stored = await Store.GetAsync("k1");
        Assert.True(stored!.Revoked);
        Assert.Equal(Start.AddHours(1), stored.RevokedAt);
    }

    [StoreFact]
    public async Task Revoke_in_another_tenant_finds_nothing_and_changes_nothing()
    {
        await Store.AddAsync(NewKey("k1", tenant: "acme"));

        Assert.False(await Store.RevokeAsync("beta", "k1", Start));
        Assert.False(await Store.RevokeAsync("acme", "missing", Start));

        Assert.False((await Store.GetAsync("k1"))!.Revoked);
    }

    [StoreFact]
    public async Task Revoke_without_a_tenant_reaches_a_key_of_any_tenant()
    {
        await Store.AddAsync(NewKey("k1", tenant: "beta"));

        Assert.True(await Store.RevokeAsync(null, "k1", Start));

        Assert.True((await Store.GetAsync("k1"))!.Revoked);
    }

    [StoreFact]
    public async Task Touch_records_the_latest_use_and_never_moves_it_back()
    {
        await Store.AddAsync(NewKey("k1"));

        await Store.TouchAsync("k1", Start.AddMinutes(5));
        await Store.TouchAsync("k1", Start.AddMinutes(3));

        Assert.Equal(Start.AddMinutes(5), (await Store.GetAsync("k1"))!.LastUsedAt);
    }

    [StoreFact]
    public async Task HasAdminKey_counts_only_admin_keys_of_that_tenant_revoked_ones_included()
    {
        await Store.AddAsync(NewKey("ask", tenant: "acme", role: ApiKeyRole.Ask));
        await Store.AddAsync(NewKey("beta-admin", tenant: "beta", role: ApiKeyRole.Admin));
        Assert.False(await Store.HasAdminKeyAsync("acme"));

        await Store.AddAsync(NewKey("admin", tenant: "acme", role: ApiKeyRole.Admin));
        await Store.RevokeAsync("acme", "admin", Start);

        Assert.True(await Store.HasAdminKeyAsync("acme"));
        Assert.False(await Store.HasAdminKeyAsync("gamma"));
    }

    [StoreFact]
    public async Task AddFirstAdmin_adds_only_while_the_tenant_has_no_admin_key_revoked_ones_included()
    {
        await Store.AddAsync(NewKey("beta-admin", tenant: "beta", role: ApiKeyRole.Admin));
        await Store.AddAsync(NewKey("ask", tenant: "acme", role: ApiKeyRole.Ask));

        Assert.True(await Store.AddFirstAdminAsync(NewKey("first", tenant: "acme", role: ApiKeyRole.Admin)));
        await Store.RevokeAsync("acme", "first", Start);
        Assert.False(await Store.AddFirstAdminAsync(NewKey("second", tenant: "acme", role: ApiKeyRole.Admin)));

        Assert.Equal(["ask", "first"], (await Store.ListAsync("acme")).Select(k => k.Id).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task AddFirstAdmin_called_at_once_by_many_starters_adds_exactly_one_key()
    {
        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.AddFirstAdminAsync(NewKey($"admin-{i}", tenant: "acme", role: ApiKeyRole.Admin)))));

        Assert.Single(added, a => a);
        Assert.Single(await Store.ListAsync("acme"));
    }
}
