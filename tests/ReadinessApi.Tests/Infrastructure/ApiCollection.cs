namespace ReadinessApi.Tests.Infrastructure;

/// <summary>One Redis and one service host shared by the HTTP tests.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}

/// <summary>The shared real Redis and the service host wired to it.</summary>
public sealed class ApiHost : IAsyncLifetime
{
    public RedisFixture Redis { get; } = new();

    public ApiFactory Factory { get; private set; } = null!;

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Factory = new ApiFactory(Redis);
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
        await Redis.DisposeAsync();
    }
}
