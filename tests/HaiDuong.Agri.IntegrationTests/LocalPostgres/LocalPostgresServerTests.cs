using System.Globalization;

using FluentAssertions;

using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.LocalPostgres;

using Npgsql;

using Xunit.Abstractions;

namespace HaiDuong.Agri.IntegrationTests.LocalPostgres;

/// <summary>Each test works in its own folder under /tmp and stops every server it started.</summary>
public sealed class LocalPostgresServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agri-lpg-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly List<LocalPostgresServer> _started = [];

    private string DataDirectory => Path.Combine(_root, "pgdata");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (LocalPostgresServer server in _started)
        {
            await server.StopAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task First_start_creates_the_cluster_and_data_survives_a_stop_and_start_on_the_same_folder()
    {
        LocalPostgresServer first = await StartAsync(durable: true);
        first.Created.Should().BeTrue();
        first.Reused.Should().BeFalse();
        await ExecuteAsync(first.ConnectionString, "CREATE TABLE harvest (crop text); INSERT INTO harvest VALUES ('dragon fruit')");
        await first.StopAsync();
        (await first.IsRunningAsync()).Should().BeFalse();

        LocalPostgresServer second = await StartAsync(durable: true);

        second.Created.Should().BeFalse();
        second.Reused.Should().BeFalse();
        (await ScalarAsync(second.ConnectionString, "SELECT crop FROM harvest")).Should().Be("dragon fruit");
    }

    [Fact]
    public async Task A_stale_postmaster_pid_naming_a_dead_process_does_not_block_the_next_start()
    {
        LocalPostgresServer first = await StartAsync();
        await first.StopAsync();
        string pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        await File.WriteAllLinesAsync(pidFile, ["999999", DataDirectory, "1700000000", first.Port.ToString(CultureInfo.InvariantCulture), DataDirectory, "127.0.0.1", "  5432001         0", "ready   "]);

        LocalPostgresServer second = await StartAsync();

        second.Reused.Should().BeFalse();
        second.Created.Should().BeFalse();
        (await ScalarAsync(second.ConnectionString, "SELECT 1")).Should().Be(1);
    }

    [Fact]
    public async Task A_server_left_running_by_a_crashed_process_is_adopted_and_stopped_by_the_new_owner()
    {
        LocalPostgresServer crashed = await StartAsync(); // never stopped by its "process"

        LocalPostgresServer adopter = await StartAsync();

        adopter.Reused.Should().BeTrue();
        adopter.Created.Should().BeFalse();
        adopter.Port.Should().Be(crashed.Port);
        (await ScalarAsync(adopter.ConnectionString, "SELECT current_database()")).Should().Be("agri");
        await adopter.StopAsync();
        (await crashed.IsRunningAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task Two_servers_on_different_folders_run_side_by_side()
    {
        Task<LocalPostgresServer> one = StartAsync(dataDirectory: Path.Combine(_root, "one"));
        Task<LocalPostgresServer> two = StartAsync(dataDirectory: Path.Combine(_root, "two"));
        LocalPostgresServer[] servers = await Task.WhenAll(one, two);

        servers[0].Port.Should().NotBe(servers[1].Port);
        foreach (LocalPostgresServer server in servers)
        {
            (await ScalarAsync(server.ConnectionString, "SELECT 1")).Should().Be(1);
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_is_idempotent_and_the_database_accepts_connections()
    {
        LocalPostgresServer server = await TestPostgres.ServerAsync();
        string name = "farm_" + Guid.NewGuid().ToString("N")[..8];

        await server.CreateDatabaseAsync(name);
        await server.CreateDatabaseAsync(name);

        (await ScalarAsync(server.ConnectionStringFor(name), "SELECT current_database()")).Should().Be(name);
    }

    [Theory]
    [InlineData("Farm")]
    [InlineData("farm-2")]
    [InlineData("farm\"; DROP DATABASE agri; --")]
    [InlineData("")]
    public async Task CreateDatabaseAsync_rejects_names_outside_lowercase_letters_digits_and_underscore(string name)
    {
        LocalPostgresServer server = await TestPostgres.ServerAsync();

        Func<Task> create = () => server.CreateDatabaseAsync(name);

        await create.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task StopAsync_can_be_called_twice()
    {
        LocalPostgresServer server = await StartAsync();

        await server.StopAsync();
        await server.StopAsync();

        (await server.IsRunningAsync()).Should().BeFalse();
    }

    [Fact]
    public void FindBinDirectory_finds_a_folder_containing_initdb()
    {
        string? binDirectory = PostgresBinaries.FindBinDirectory();

        binDirectory.Should().NotBeNull();
        File.Exists(Path.Combine(binDirectory!, "initdb")).Should().BeTrue();
    }

    [Fact]
    public async Task A_bin_directory_without_postgres_binaries_fails_with_a_sentence_telling_how_to_fix_it()
    {
        string emptyBin = Path.Combine(_root, "empty-bin");
        Directory.CreateDirectory(emptyBin);

        Func<Task> start = () => LocalPostgresServer.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = DataDirectory,
            BinDirectory = emptyBin,
        });

        (await start.Should().ThrowAsync<LocalPostgresUnavailableException>())
            .Which.Message.Should().Contain("apt-get install postgresql").And.Contain("ConnectionStrings:Marten");
    }

    [Fact]
    public async Task The_shared_test_server_hands_out_a_fresh_database_per_call()
    {
        string first = await TestPostgres.CreateDatabaseAsync("Local Postgres-Tests!");
        string second = await TestPostgres.CreateDatabaseAsync("Local Postgres-Tests!");

        first.Should().NotBe(second);
        var database = (string?)await ScalarAsync(first, "SELECT current_database()");
        database.Should().MatchRegex("^local_postgres_tests__[a-z0-9]{8}$");
    }

    private async Task<LocalPostgresServer> StartAsync(bool durable = false, string? dataDirectory = null)
    {
        LocalPostgresServer server = await LocalPostgresServer.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = dataDirectory ?? DataDirectory,
            Durable = durable,
            Log = Log,
        });
        lock (_started)
        {
            _started.Add(server);
        }

        return server;
    }

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished (e.g. a stop logged from DisposeAsync).
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
